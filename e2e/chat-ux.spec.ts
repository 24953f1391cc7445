import { type Page } from "@playwright/test";
import { expect, test, unique } from "./fixtures";
import { createGroup, trpcOk } from "./trpc";

/** Sends through tRPC (fast setup); returns the message id. */
async function send(page: Page, conversationId: string, body: string): Promise<string> {
  const sent = await trpcOk<{ id: string }>(page, "message.send", { conversationId, clientMsgId: `ux-${Math.random().toString(36).slice(2, 14)}`, body });
  return sent.id;
}

test("runs of recall tips collapse into one line per kind and expand on click (point 1)", async ({ as }) => {
  const alice = await as("alice");
  await alice.gotoHome();
  const admin = await as("admin");
  await admin.gotoHome();
  const title = unique("Flood");
  const conversationId = await createGroup(alice.page, title, ["Bob"]);
  const own = [await send(alice.page, conversationId, unique("oops 1")), await send(alice.page, conversationId, unique("oops 2"))];
  const flood = [];
  for (let i = 0; i < 3; i++) flood.push(await send(alice.page, conversationId, unique(`flood ${i}`)));
  const kept = unique("still here");
  await send(alice.page, conversationId, kept);
  for (const id of own) await trpcOk(alice.page, "message.recall", { messageId: id });
  for (const id of flood) await trpcOk(admin.page, "message.recall", { messageId: id, reason: "Spam flood" });

  const bob = await as("bob");
  await bob.gotoHome();
  await bob.open(title);
  await expect(bob.tip("Alice recalled 2 messages")).toBeVisible();
  await expect(bob.tip("3 messages were removed by an admin · Reason: Spam flood")).toBeVisible();
  // Two lines stand for five tips; the readable message is untouched.
  await expect(bob.log.getByRole("article")).toHaveCount(3);
  await expect(bob.message(kept)).toBeVisible();

  await bob.tip("3 messages were removed by an admin · Reason: Spam flood").getByRole("button", { name: "Show each" }).click();
  await expect(bob.tip("A message was removed by an admin · Reason: Spam flood")).toHaveCount(3);
  await expect(bob.tip("Alice recalled 2 messages")).toBeVisible();

  // The sender's own view says "You".
  await alice.page.reload();
  await alice.open(title);
  await expect(alice.tip("You recalled 2 messages")).toBeVisible();
});

test("keyboard: skip link, one Tab stop for the message list, arrows move, Enter opens the menu, menus close when focus leaves (point 8)", async ({ as }) => {
  const alice = await as("alice");
  await alice.gotoHome();
  const title = unique("Keys");
  const conversationId = await createGroup(alice.page, title, ["Bob"]);
  const texts: string[] = [];
  for (let i = 0; i < 12; i++) {
    texts.push(unique(`line ${i}`));
    await send(alice.page, conversationId, texts[i]!);
  }
  const page = alice.page;
  await page.goto(`/c/${conversationId}`);
  await expect(alice.message(texts[11]!)).toBeVisible();

  // The first Tab reaches the skip link; following it lands in the composer.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to the message box" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(alice.composer).toBeFocused();

  // From the header's last control: one Tab into the list (the newest message), one more to the composer.
  await page.getByRole("button", { name: "Members" }).focus();
  await page.keyboard.press("Tab");
  await expect(alice.message(texts[11]!)).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(alice.composer).toBeFocused();

  // Arrows move within the list; the list remembers where the reader was.
  await page.keyboard.press("Shift+Tab");
  await expect(alice.message(texts[11]!)).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await expect(alice.message(texts[9]!)).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(alice.composer).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(alice.message(texts[9]!)).toBeFocused();

  // Enter opens the message menu; Escape closes it and gives focus back.
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu", { name: "Message actions" });
  await expect(menu).toBeVisible();
  await expect(alice.menuItem(/^Reply$/)).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(alice.message(texts[9]!)).toBeFocused();

  // The account menu closes when Tab moves focus past its last item.
  const trigger = page.getByRole("button", { name: "Alice", exact: true });
  await trigger.click();
  await expect(trigger).toHaveAttribute("aria-expanded", "true");
  await page.getByRole("group", { name: "Account" }).getByRole("button").last().focus();
  await page.keyboard.press("Tab");
  await expect(trigger).toHaveAttribute("aria-expanded", "false");
});

test("a search result opens the conversation at the message, loading older pages, and highlights it (point 7)", async ({ as }) => {
  const alice = await as("alice");
  await alice.gotoHome();
  const bob = await as("bob");
  await bob.gotoHome();
  const title = unique("Search jump");
  const conversationId = await createGroup(alice.page, title, ["Bob"]);
  const needle = unique("needle");
  const target = await send(alice.page, conversationId, `an old message with the ${needle}`);
  // More than one page of history after it (the first page holds 50), split between two senders
  // to stay inside the per-user send rate.
  for (let i = 0; i < 26; i++) {
    await send(alice.page, conversationId, `filler a${i}`);
    await send(bob.page, conversationId, `filler b${i}`);
  }
  await alice.page.getByRole("searchbox", { name: "Search messages" }).fill(needle);
  await alice.page.getByRole("region", { name: "Search results" }).getByRole("link").first().click();
  const found = alice.log.locator(`[data-message-id="${target}"]`);
  await expect(found).toBeVisible({ timeout: 10_000 });
  await expect(found).toHaveAttribute("data-highlighted", "true");
  await expect(found).toBeFocused();
  await expect(found).toBeInViewport();
});
