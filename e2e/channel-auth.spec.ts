import { createGroup, trpcFor } from "./api";
import { expect, test, unique } from "./fixtures";

const auth = (channel: string) => ({ form: { socket_id: "1234.5678", channel_name: channel } });

test("the channel-auth route signs members only, and only the user's own user channel", async ({ as, playwright }) => {
  const alice = await as("alice");
  await alice.gotoHome();
  const conversationId = await createGroup(alice.page, unique("Private"), ["Bob"]);
  const bob = await as("bob");
  const carol = await as("carol");
  const me = await trpcFor(bob.page).user.me.query();
  const aliceMe = await trpcFor(alice.page).user.me.query();

  const ok = await bob.page.request.post("/api/pusher/auth", auth(`private-conversation-${conversationId}`));
  expect(ok.status()).toBe(200);
  expect(((await ok.json()) as { auth: string }).auth).toMatch(/^[^:]+:[0-9a-f]{64}$/);
  expect((await bob.page.request.post("/api/pusher/auth", auth(`private-user-${me.id}`))).status()).toBe(200);

  expect(
    (await carol.page.request.post("/api/pusher/auth", auth(`private-conversation-${conversationId}`))).status(),
  ).toBe(403);
  expect((await bob.page.request.post("/api/pusher/auth", auth(`private-user-${aliceMe.id}`))).status()).toBe(403);

  // Removing bob stops his future subscriptions.
  await trpcFor(alice.page).conversation.removeMember.mutate({ conversationId, userId: me.id });
  expect(
    (await bob.page.request.post("/api/pusher/auth", auth(`private-conversation-${conversationId}`))).status(),
  ).toBe(403);

  const anonymous = await playwright.request.newContext({ baseURL: alice.page.url() });
  expect((await anonymous.post("/api/pusher/auth", auth(`private-conversation-${conversationId}`))).status()).toBe(401);
  await anonymous.dispose();
});
