import { expect, test, unique } from "./fixtures";

test("alice sends a message, sees it after reload, and bob sees it too", async ({ as }) => {
  const alice = await as("alice");
  await alice.gotoHome();
  await alice.open("Team");
  const text = unique("smoke");
  await alice.send(text);
  await alice.page.reload();
  await expect(alice.message(text)).toBeVisible();

  const bob = await as("bob");
  await bob.gotoHome();
  await bob.open("Team");
  await expect(bob.message(text)).toBeVisible();
  await expect(bob.message(text)).toHaveAccessibleName(new RegExp(`^Alice: ${text}`));
});

test("signed-out visitors are sent to sign in, and a wrong password is refused without saying why", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill("alice@example.com");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  // Next.js adds its own route-announcer alert; pick ours by its text.
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
});
