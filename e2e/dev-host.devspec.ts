import { expect, test } from "@playwright/test";
import { createGroup } from "./api";
import { unique } from "./fixtures";
import { ConversationPage } from "./pages/conversation-page";
import { SignInPage } from "./pages/sign-in-page";
import { PASSWORD, users } from "./users";

/** Opened at 127.0.0.1 (NEXTAUTH_URL says localhost): the page hydrates, and realtime connects to 127.0.0.1. */
test("dev server at 127.0.0.1: sign in, send and recall, seen live by another member", async ({ browser }) => {
  const open = async (email: string) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on("websocket", (ws) => sockets.push(ws.url()));
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(email, PASSWORD);
    // The first sign-in waits for `next dev` to compile the chat home on demand, a one-time cost
    // of dev mode (over 30 s in CI right after the other suites), not a latency anyone feels twice.
    await expect(page).not.toHaveURL(/sign-in/, { timeout: 90_000 });
    return { chat: new ConversationPage(page), sockets };
  };
  const alice = await open(users.alice.email);
  const bob = await open(users.bob.email);
  const title = unique("Dev host");
  await createGroup(alice.chat.page, title, ["Bob"]);
  await alice.chat.page.reload();
  await alice.chat.open(title);
  await bob.chat.page.reload();
  await bob.chat.open(title);

  const text = unique("from 127.0.0.1");
  await alice.chat.send(text);
  await expect(bob.chat.message(text)).toBeVisible();
  await alice.chat.openMenu(text);
  await alice.chat.menuItem(/^Recall/).click();
  await expect(alice.chat.tip("You recalled a message")).toBeVisible();
  await expect(bob.chat.tip("Alice recalled a message")).toBeVisible();
  await expect(bob.chat.log).not.toContainText(text);
  // Not next dev's own HMR socket: the realtime one, at the page's host.
  expect(bob.sockets.filter((u) => u.includes("/app/")).map((u) => new URL(u).hostname)).toContain("127.0.0.1");
});
