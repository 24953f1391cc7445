import { expect, test, unique } from "./fixtures";
import { createGroup } from "./trpc";

test("offline: the banner says so within 5 s, a message sent meanwhile is sent on its own once back, exactly once", async ({ as }) => {
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
