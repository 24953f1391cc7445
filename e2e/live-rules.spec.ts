import { AdminSettingsPage } from "./pages/admin-console";
import { createGroup } from "./api";
import { expect, test, unique } from "./fixtures";

test("an admin changes the recall window in the console; an open tab's recall countdown follows without a reload", async ({
  as,
}) => {
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

test("an owner makes a member an admin: everyone's open tab shows the line, worded for them, and the new admin can recall at once", async ({
  as,
}) => {
  const alice = await as("alice");
  const bob = await as("bob");
  const carol = await as("carol");
  await alice.gotoHome();
  const title = unique("Roles live");
  await createGroup(alice.page, title, ["Bob", "Carol"]);
  for (const member of [alice, bob, carol]) {
    await member.gotoHome();
    await member.open(title);
  }
  const text = unique("carol's message");
  await carol.send(text);
  await expect(bob.message(text)).toBeVisible();
  // A plain member may not recall someone else's message.
  await bob.openMenu(text);
  await expect(bob.menuItem(/^Recall/)).toHaveCount(0);
  await bob.page.keyboard.press("Escape");

  await alice.page.getByRole("button", { name: "Members" }).click();
  await alice.page.getByRole("combobox", { name: "Role for Bob" }).selectOption("admin");
  await expect(alice.page.getByRole("status").filter({ hasText: "Bob’s role was changed." })).toBeVisible();
  await alice.page.keyboard.press("Escape");

  // No reload anywhere: the line arrives live, from each reader's point of view.
  await expect(alice.tip("You made Bob an admin")).toBeVisible();
  await expect(bob.tip("Alice made you an admin")).toBeVisible();
  await expect(carol.tip("Alice made Bob an admin")).toBeVisible();
  // …and Bob's open tab follows the rules: he may now moderate Carol's message.
  await expect(async () => {
    await bob.openMenu(text);
    await expect(bob.menuItem(/^Recall/)).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 5_000 });
});
