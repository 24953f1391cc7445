import { createGroup } from "./api";
import { expect, test, unique } from "./fixtures";

test("offline: the banner says so within 5 s, a message sent meanwhile is sent on its own once back, exactly once", async ({
  as,
}) => {
  const alice = await as("alice");
  const bob = await as("bob");
  await alice.gotoHome();
  const title = unique("Offline");
  await createGroup(alice.page, title, ["Bob"]);
  for (const member of [alice, bob]) {
    await member.gotoHome();
    await member.open(title);
  }
  const banner = alice.page.getByRole("status").filter({ hasText: "Live updates are paused. Reconnecting…" });
  await expect(banner).toHaveCount(0);

  await alice.page.context().setOffline(true);
  await expect(banner).toBeVisible({ timeout: 5_000 });
  const text = unique("written on the train");
  await alice.composer.fill(text);
  await alice.composer.press("Enter");
  const pending = alice.log.getByRole("article", { name: `Alice: ${text}` });
  await expect(pending.getByText("Not sent.")).toBeVisible();

  await alice.page.context().setOffline(false);
  // Resent automatically (no Retry click), with the same clientMsgId: one message, not two.
  await expect(banner).toHaveCount(0, { timeout: 15_000 });
  await expect(pending.getByText("Not sent.")).toHaveCount(0, { timeout: 15_000 });
  await expect(bob.message(text)).toBeVisible({ timeout: 15_000 });
  await bob.page.reload();
  await bob.open(title);
  await expect(bob.message(text)).toHaveCount(1);
  await alice.page.reload();
  await alice.open(title);
  await expect(alice.message(text)).toHaveCount(1);
});

test("a send that failed in one conversation is resent on reconnect while another conversation is on screen", async ({
  as,
}) => {
  const alice = await as("alice");
  const bob = await as("bob");
  await alice.gotoHome();
  const first = unique("Left behind");
  const second = unique("Looking here");
  await createGroup(alice.page, first, ["Bob"]);
  await createGroup(alice.page, second, ["Bob"]);
  await bob.gotoHome();
  await bob.open(first);
  await alice.gotoHome();
  await alice.open(first);

  // Only the send fails (the server is unreachable for it); everything else still works.
  await alice.page.route("**/api/trpc/message.send**", (route) => route.abort("internetdisconnected"));
  const text = unique("sent while the send failed");
  await alice.composer.fill(text);
  await alice.composer.press("Enter");
  await expect(alice.log.getByRole("article", { name: `Alice: ${text}` }).getByText("Not sent.")).toBeVisible();
  await alice.page.unroute("**/api/trpc/message.send**");

  await alice.open(second);
  await expect(bob.message(text)).toHaveCount(0);
  // The connection drops and comes back while the other conversation is on screen.
  await alice.page.context().setOffline(true);
  await alice.page.context().setOffline(false);
  await expect(bob.message(text)).toBeVisible({ timeout: 15_000 });
  await alice.open(first);
  await expect(alice.message(text)).toHaveCount(1);
});
