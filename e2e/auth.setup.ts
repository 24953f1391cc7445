import { expect, test as setup } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { type Role, storageState, users } from "./users";

for (const role of Object.keys(users) as Role[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(users[role].email);
    await expect(page.getByRole("navigation", { name: "Conversations" })).toBeVisible();
    await page.context().storageState({ path: storageState(role) });
  });
}
