import { createGroup } from "./api";
import { expect, test, unique } from "./fixtures";
import { AdminAuditPage } from "./pages/admin-console";

// Issue 15: edit with history, "delete for me" and report, each in real browsers for two or three
// people, with the realtime server between them.

test("alice edits; bob sees the new text marked edited, live, and the old text nowhere in his page", async ({ as }) => {
  const alice = await as("alice");
  await alice.gotoHome();
  const title = unique("Edit");
  await createGroup(alice.page, title, ["Bob"]);
  const bob = await as("bob");
  await bob.gotoHome();
  await bob.open(title);
  await alice.page.reload();
  await alice.open(title);

  const before = unique("meet at 5");
  const after = unique("meet at 6");
  await alice.send(before);
  await expect(bob.message(before)).toBeVisible({ timeout: 5_000 });

  // Escape leaves the message as it was.
  await alice.openMenu(before);
  await alice.menuItem(/^Edit/).click();
  await expect(alice.composer).toHaveValue(before);
  await expect(alice.page.getByText("Editing message")).toBeVisible();
  await alice.composer.press("Escape");
  await expect(alice.page.getByText("Editing message")).toBeHidden();
  await expect(alice.composer).toHaveValue("");

  await alice.openMenu(before);
  await alice.menuItem(/^Edit/).click();
  await alice.composer.fill(after);
  await alice.composer.press("Enter");
  await expect(alice.message(after)).toBeVisible();
  await expect(alice.message(after)).toContainText("(edited)");

  await expect(bob.message(after)).toBeVisible({ timeout: 5_000 });
  await expect(bob.message(after)).toContainText("(edited)");
  await expect(bob.log).not.toContainText(before);
  // Not in any attribute, title or hidden node either.
  expect(await bob.page.content()).not.toContain(before);
  await bob.page.reload();
  await expect(bob.message(after)).toContainText("(edited)");
  expect(await bob.page.content()).not.toContain(before);
});

test("bob deletes a message for himself: his second tab follows, alice still sees it, and Undo brings it back", async ({
  as,
}) => {
  const alice = await as("alice");
  await alice.gotoHome();
  const title = unique("Hide");
  await createGroup(alice.page, title, ["Bob"]);
  const bob = await as("bob");
  await bob.gotoHome();
  await bob.open(title);
  const bobTab2 = await as("bob");
  await bobTab2.gotoHome();
  await bobTab2.open(title);
  await alice.page.reload();
  await alice.open(title);

  const gone = unique("not for bob");
  const back = unique("hide and undo");
  await alice.send(gone);
  await alice.send(back);
  await expect(bobTab2.message(back)).toBeVisible({ timeout: 5_000 });

  await bob.openMenu(gone);
  await bob.menuItem(/^Delete for me$/).click();
  await expect(bob.message(gone)).toHaveCount(0);
  await expect(bobTab2.message(gone)).toHaveCount(0, { timeout: 5_000 });
  await expect(alice.message(gone)).toBeVisible();

  await bob.openMenu(back);
  await bob.menuItem(/^Delete for me$/).click();
  await expect(bob.message(back)).toHaveCount(0);
  // The first hide's toast may still be up: this hide's Undo is the newest.
  await bob.page.getByRole("button", { name: "Undo" }).last().click();
  await expect(bob.message(back)).toBeVisible();
  await expect(bobTab2.message(back)).toBeVisible({ timeout: 5_000 });

  // Still gone after a reload, and nothing was left in its place.
  await bobTab2.page.reload();
  await expect(bobTab2.message(back)).toBeVisible();
  await expect(bobTab2.message(gone)).toHaveCount(0);
  await expect(alice.message(gone)).toBeVisible();
});

test("carol reports; the admin sees the edit history (audited) and resolves the report by recalling with a reason; carol and bob follow", async ({
  as,
}) => {
  const alice = await as("alice");
  await alice.gotoHome();
  const title = unique("Report");
  await createGroup(alice.page, title, ["Bob", "Carol"]);
  await alice.page.reload();
  await alice.open(title);
  const first = unique("buy cheap pills");
  const edited = unique("buy cheaper pills");
  await alice.send(first);
  await alice.openMenu(first);
  await alice.menuItem(/^Edit/).click();
  await alice.composer.fill(edited);
  await alice.composer.press("Enter");
  await expect(alice.message(edited)).toContainText("(edited)");

  const carol = await as("carol");
  await carol.gotoHome();
  await carol.open(title);
  const bob = await as("bob");
  await bob.gotoHome();
  await bob.open(title);

  await carol.openMenu(edited);
  await carol.menuItem(/^Report$/).click();
  const dialog = carol.page.getByRole("dialog", { name: "Report message" });
  await dialog.getByRole("radio", { name: "Spam" }).check();
  await dialog.getByRole("button", { name: "Report" }).click();
  await expect(dialog).toBeHidden();
  await expect(carol.page.getByText("Reported. The moderators will review it.")).toBeVisible();
  await carol.openMenu(edited);
  await expect(carol.menuItem(/^Reported$/)).toBeDisabled();
  await carol.page.keyboard.press("Escape");

  const admin = await as("admin");
  await admin.page.goto("/admin/reports");
  await admin.page.getByRole("link", { name: new RegExp(`^Open the reports on Alice’s message in ${title},`) }).click();
  await expect(admin.page.getByRole("heading", { name: "Reported message" })).toBeVisible();
  await admin.page.getByRole("button", { name: "Show reports" }).click();
  await expect(admin.page.getByText(edited).first()).toBeVisible();
  await expect(admin.page.getByText("Carol").first()).toBeVisible();
  await admin.page.getByRole("button", { name: "Show edit history" }).click();
  await expect(admin.page.getByText(first).first()).toBeVisible();

  await admin.page.getByLabel("Reason").fill("Spam link");
  await admin.page.getByRole("button", { name: "Recall", exact: true }).click();
  const confirm = admin.page.getByRole("dialog");
  await confirm.getByRole("button", { name: /Recall/ }).click();
  await expect(confirm).toBeHidden();

  await expect(carol.tip("A message was removed by an admin · Reason: Spam link")).toBeVisible({ timeout: 5_000 });
  await expect(bob.tip("A message was removed by an admin · Reason: Spam link")).toBeVisible({ timeout: 5_000 });
  await expect(bob.log).not.toContainText(edited);
  await expect(carol.log).not.toContainText(edited);

  const audit = new AdminAuditPage(admin.page);
  await audit.goto();
  await expect(audit.entries("Viewed edit history").first()).toBeVisible();
  await expect(audit.entries("Viewed reports").first()).toBeVisible();
  await expect(audit.entries("Resolved reports").first()).toBeVisible();
});
