import {
  AdminAuditPage,
  AdminBulkPage,
  AdminDetailPage,
  AdminReviewPage,
  AdminSettingsPage,
  pick,
} from "./pages/admin-console";
import { conversationId, createGroup, expectRefused, messageId, trpcFor, userId } from "./api";
import { expect, test, unique } from "./fixtures";

test("admin reviews a recalled message: filters to it, views the original (audited), restores it live, changes the window", async ({
  as,
}) => {
  // Three people and fifteen page loads in one story (over 90 s at load average 15 on 2 cores); each step keeps its own 5 s budget.
  test.setTimeout(120_000);
  const alice = await as("alice");
  await alice.gotoHome();
  await alice.open("Team");
  const text = unique("quarterly numbers draft");
  await alice.send(text);

  const bob = await as("bob");
  await bob.gotoHome();
  await bob.open("Team");
  await expect(bob.message(text)).toBeVisible();

  // The recall itself is the chat's business; here it is a tRPC call from Alice's session.
  const reason = unique("posted too early");
  const team = await conversationId(alice.page, "Team");
  const id = await messageId(alice.page, team, text);
  await trpcFor(alice.page).message.recall.mutate({ messageId: id, reason });
  await expect(bob.log.getByRole("article", { name: new RegExp(`Alice recalled a message.*${reason}`) })).toBeVisible();
  await expect(bob.message(text)).toHaveCount(0);

  const admin = await as("admin");
  const review = new AdminReviewPage(admin.page);
  await review.goto();
  await review.filterBySender("Alice");
  await review.filterByReason(reason);
  await expect(review.rows()).toHaveCount(1);
  await expect(review.rows().first()).toContainText("Retained");
  // The filtered list is shareable: the same URL shows the same single row.
  const shared = admin.page.url();
  await admin.page.goto(shared);
  await expect(review.rows()).toHaveCount(1);
  await review.openOnly();

  const detail = new AdminDetailPage(admin.page);
  expect(detail.id).toBe(id);
  // The preview says what Bob's conversation says, word for word.
  await expect(detail.preview.getByText(`Alice recalled a message · Reason: ${reason}`, { exact: true })).toBeVisible();
  await detail.showOriginal(text);

  const audit = new AdminAuditPage(admin.page);
  await audit.goto(`?target=${id}`);
  await expect(audit.entries("Viewed original")).toHaveCount(1);
  await expect(audit.entries("Viewed original")).toContainText("Admin");
  await expect(audit.entries("Recall")).toHaveCount(1);

  await admin.page.goBack();
  await expect(admin.page.getByRole("heading", { name: "Recalled message", exact: true })).toBeVisible();
  await detail.restore();
  // Badge, buttons and preview follow at once, without a reload.
  await expect(detail.stateBadge).toHaveText("Restored");
  await expect(admin.page.getByRole("button", { name: "Restore", exact: true })).toBeDisabled();
  await expect(admin.page.getByText("Already restored.")).toBeVisible();
  await expect(detail.preview.getByText(text, { exact: true })).toBeVisible();
  // Bob's open conversation shows the message again, without a reload (realtime).
  await expect(bob.message(text)).toBeVisible();
  await expect(bob.log.getByRole("article", { name: new RegExp(reason) })).toHaveCount(0);

  const settings = new AdminSettingsPage(admin.page);
  await settings.goto();
  await expect(settings.window).toHaveValue("120");
  await settings.setWindow("-5");
  await expect(
    admin.page.getByText("The recall window cannot be negative (0 turns recall off for senders)."),
  ).toBeVisible();
  await expect(settings.window).toHaveAttribute("aria-invalid", "true");
  await settings.setWindow("150");
  await expect(admin.page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  await admin.page.reload();
  await expect(settings.window).toHaveValue("150");
  await audit.goto("?action=settings_change");
  await expect(audit.entries("Settings change").first()).toContainText(
    "Admin changed the recall window from 120 s to 150 s.",
  );
  // Put the default back for the other specs.
  await settings.goto();
  await settings.setWindow("120");
  await expect(admin.page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
});

test("a plain user is turned away from /admin, and admin procedures and the CSV export refuse them", async ({
  as,
  browser,
}) => {
  const alice = await as("alice");
  await alice.page.goto("/admin");
  await expect(alice.page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  await expect(alice.page.getByRole("navigation", { name: "Admin console" })).toHaveCount(0);

  const asAlice = trpcFor(alice.page);
  const update = await expectRefused(asAlice.admin.settings.update.mutate({ recallWindowSeconds: 1 }), {
    httpStatus: 403,
  });
  expect(update.code).toBe("FORBIDDEN");
  await expectRefused(asAlice.admin.stats.query({ utcOffsetMinutes: 0 }), { httpStatus: 403 });
  expect((await alice.page.request.get("/api/admin/audit.csv")).status()).toBe(403);

  const anonymous = await browser.newContext();
  const page = await anonymous.newPage();
  await expectRefused(trpcFor(page).admin.settings.update.mutate({ recallWindowSeconds: 1 }), { httpStatus: 401 });
  expect((await page.request.get("/api/admin/audit.csv")).status()).toBe(401);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/sign-in/);
  await anonymous.close();
});

test("bulk recall of one user's messages in a conversation updates members' open views", async ({ as }) => {
  // A group of its own, so that the seeded and other specs' messages are neither counted nor touched.
  const alice = await as("alice");
  const title = unique("Bulk");
  const people = await trpcFor(alice.page).user.search.query({ query: "carol" });
  await trpcFor(alice.page).conversation.createGroup.mutate({ title, memberIds: people.map((p) => p.id) });
  await alice.gotoHome();
  await alice.open(title);

  const carol = await as("carol");
  await carol.gotoHome();
  await carol.open(title);
  const first = unique("buy now");
  const second = unique("limited offer");
  await carol.send(first);
  await carol.send(second);
  await alice.send(unique("not spam"));
  await expect(alice.message(first)).toBeVisible();
  await expect(alice.message(second)).toBeVisible();

  const admin = await as("admin");
  const bulk = new AdminBulkPage(admin.page);
  await bulk.goto();
  await pick(admin.page, "Whose messages", "Carol", /^Carol/);
  await pick(admin.page, "Conversation", title, new RegExp(`^${title}`));
  await bulk.sentFrom(10);
  const reason = unique("Advertising");
  await admin.page.getByRole("textbox", { name: "Reason (optional, shown to members)" }).fill(reason);
  await admin.page.getByRole("button", { name: "Preview" }).click();
  await expect(admin.page.getByText("2 messages in 1 conversation will be recalled.")).toBeVisible();
  // Before recalling: where they are and which ones (sender, conversation, time), never their text.
  await expect(
    admin.page
      .getByRole("region", { name: "Messages per conversation" })
      .getByRole("listitem")
      .filter({ hasText: title }),
  ).toContainText("2 messages");
  const sample = admin.page.getByRole("table", { name: "The newest 2 messages" });
  await expect(sample.getByRole("row").filter({ hasText: "Carol" }).filter({ hasText: title })).toHaveCount(2);
  await expect(admin.page.getByText(first)).toHaveCount(0);
  await admin.page.getByRole("button", { name: "Recall 2 messages" }).click();
  const dialog = admin.page.getByRole("dialog", { name: "Recall these messages?" });
  await expect(dialog).toContainText("2 messages from Carol will be recalled");
  await dialog.getByRole("button", { name: "Recall 2 messages" }).click();
  await expect(
    admin.page.getByRole("status").filter({ hasText: "Recalled 2 messages in 1 conversation." }),
  ).toBeVisible();

  // Every member's open view, the sender's included, without a reload.
  for (const member of [alice, carol]) {
    await expect(member.message(first)).toHaveCount(0);
    await expect(member.message(second)).toHaveCount(0);
    // Consecutive tips of one kind fold into one line.
    await expect(
      member.log.getByRole("article", { name: new RegExp(`2 messages were removed by an admin.*${reason}`) }),
    ).toHaveCount(1);
  }
  await expect(alice.log.getByRole("article", { name: /^Alice: not spam/ })).toBeVisible();

  const audit = new AdminAuditPage(admin.page);
  await audit.goto("?action=bulk_recall");
  await expect(audit.entries("Bulk recall").first()).toContainText(reason);
  await expect(audit.entries("Bulk recall").first()).toContainText(`Admin recalled 2 messages from Carol in ${title}.`);
});

test("the rows of one bulk recall read as one group: select it, mark reviewed, the Reviewed column and the audit log show it", async ({
  as,
}) => {
  const alice = await as("alice");
  const title = unique("Flood");
  const conversation = await createGroup(alice.page, title, ["Carol"]);
  const carol = await as("carol");
  const texts = [unique("flood one"), unique("flood two"), unique("flood three")];
  for (const body of texts)
    await trpcFor(carol.page).message.send.mutate({
      conversationId: conversation,
      clientMsgId: `flood-${Math.random().toString(36).slice(2, 12)}`,
      body,
    });

  const admin = await as("admin");
  const reason = unique("Spam flood");
  const carolId = await userId(admin.page, "Carol");
  expect(
    await trpcFor(admin.page).message.bulkRecall.mutate({
      userId: carolId,
      conversationId: conversation,
      reason,
    }),
  ).toMatchObject({ count: 3 });

  const review = new AdminReviewPage(admin.page);
  await review.goto(`?conversation=${conversation}`);
  // One line for the three, not three indistinguishable rows; the recalled text is nowhere in the list.
  const group = review.group("Carol");
  await expect(group).toHaveCount(1);
  await expect(group).toContainText("3 messages, recalled together");
  await expect(group).toContainText(reason);
  await expect(group).toContainText("Not reviewed");
  await expect(review.rows()).toHaveCount(1);
  for (const text of texts) await expect(review.table).not.toContainText(text);

  await group.getByRole("checkbox").check();
  await review.markSelectedReviewed(3);
  await expect(group.getByRole("cell", { name: "Reviewed", exact: true })).toBeVisible();
  // Each row, shown on demand, says who reviewed it.
  await group.getByRole("button", { name: /^Show each of the 3 messages from Carol/ }).click();
  await expect(review.rows()).toHaveCount(4);
  await expect(review.rows().filter({ hasText: "Reviewed" }).filter({ hasText: "Admin ·" })).toHaveCount(3);
  // The list agrees after a reload (stored, not just drawn).
  await review.goto(`?conversation=${conversation}&reviewed=no`);
  await expect(admin.page.getByText("No recalled messages match these filters.")).toBeVisible();

  const audit = new AdminAuditPage(admin.page);
  await audit.goto(`?action=review&target=${conversation}`);
  await expect(audit.entries("Review")).toHaveCount(3);
  await expect(audit.entries("Review").first()).toContainText(`Admin marked Carol’s message reviewed.`);
});
