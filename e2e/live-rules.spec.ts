import { AdminSettingsPage } from "./pages/admin-console";
import { expect, test, unique } from "./fixtures";
import { createGroup } from "./trpc";

test("an admin changes the recall window in the console; an open tab's recall countdown follows without a reload", async ({ as }) => {
  const alice = await as("alice");
  await alice.gotoHome();
  const title = unique("Rules");
  await createGroup(alice.page, title, ["Bob"]);
  await alice.page.reload();
  await alice.open(title);
  const text = unique("how long may I recall this");
  await alice.send(text);
  await alice.openMenu(text);
  await expect(alice.menuItem(/^Recall · (1:[0-5][0-9]|2:00)$/)).toBeVisible();
  await alice.page.keyboard.press("Escape");

  const admin = await as("admin");
  const settings = new AdminSettingsPage(admin.page);
  await settings.goto();
  await settings.setWindow("600");
  await expect(admin.page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  try {
    // Alice's tab was not reloaded: the settings event makes it reload the rules.
    await expect(async () => {
      await alice.openMenu(text);
      await expect(alice.menuItem(/^Recall · (9:[0-5][0-9]|10:00)$/)).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 5_000 });
    await alice.page.keyboard.press("Escape");
  } finally {
    // Put the default back for the other specs.
    await settings.goto();
    await settings.setWindow("120");
    await expect(admin.page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  }
  await expect(async () => {
    await alice.openMenu(text);
    await expect(alice.menuItem(/^Recall · (1:[0-5][0-9]|2:00)$/)).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 5_000 });
});
