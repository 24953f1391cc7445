import type Pusher from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SessionUser } from "~/server/context";
import { conversationChannel, userChannel } from "~/server/realtime/events";
import { startPusherServer, type RunningPusherServer } from "~/server/realtime/pusher-server/server";
import { drainOutboxOnce, pusherPublish } from "~/server/realtime/publisher";
import { callerFor, clientMsgId, containsText, createGroup, createTestDb, createUser, type TestDb } from "../harness";
import { memberClient, recordAll, serverSdk, subscribed, TEST_APP, until, within } from "../realtime-client";

/**
 * Issue 11, point 1: from the moment a removal commits, the removed user's open sockets receive
 * nothing more of the conversation. Real parts end to end: the outbox publisher, the embedded
 * Pusher-protocol server and the official pusher-js client, signed in as pusher-js does it.
 */
let t: TestDb;
let server: RunningPusherServer;
let alice: SessionUser, bob: SessionUser, carol: SessionUser;
const clients: Pusher[] = [];

beforeAll(async () => {
  t = await createTestDb();
  alice = await createUser(t.db, "Alice");
  bob = await createUser(t.db, "Bob");
  carol = await createUser(t.db, "Carol");
  server = await startPusherServer({ ...TEST_APP, port: 0 });
});
afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  await server.close();
  await t.close();
});

const drain = () => drainOutboxOnce(t.db, pusherPublish(serverSdk(server.port)));

async function listening(user: SessionUser, conversationId: string) {
  const client = memberClient(t.db, user.id, server.port, { signIn: true });
  clients.push(client);
  const signedIn = within(
    new Promise<void>((resolve) =>
      client.connection.bind("message", (m: { event: string }) => m.event === "pusher:signin_success" && resolve()),
    ),
    `${user.name} signed in`,
  );
  const conversation = client.subscribe(conversationChannel(conversationId));
  const own = client.subscribe(userChannel(user.id));
  const seen = recordAll(conversation);
  const ownSeen = recordAll(own);
  await Promise.all([subscribed(conversation), subscribed(own), signedIn]);
  return { client, conversation, seen, ownSeen };
}

describe("a removed member's live connection", () => {
  it("gets nothing published after the removal, even from the same publish batch, and cannot resubscribe", async () => {
    const team = await createGroup(t.db, "Team", [
      [alice, "owner"],
      [bob, "member"],
      [carol, "member"],
    ]);
    const owner = callerFor(t.db, alice);
    const bobs = await listening(bob, team);
    const carols = await listening(carol, team);
    await owner.message.send({ conversationId: team, clientMsgId: clientMsgId(), body: "before removal" });
    await drain();
    await until(
      carols.seen,
      (s) => containsText(s, "before removal"),
      "Carol sees the message sent while she was a member",
    );
    const closed = within(
      new Promise<void>((resolve) => carols.client.connection.bind("disconnected", () => resolve())),
      "Carol's connection closed",
    );

    // Removal and the next message go out in ONE drain: the order inside the batch must hold.
    await owner.conversation.removeMember({ conversationId: team, userId: carol.id });
    await owner.message.send({ conversationId: team, clientMsgId: clientMsgId(), body: "after removal" });
    expect((await drain()).delivered).toBe(2);

    await until(bobs.seen, (s) => containsText(s, "after removal"), "Bob (still a member) gets the later message");
    await closed;
    expect(containsText(carols.seen, "after removal")).toBe(false);
    // Her own channel told her she was removed before the connection closed.
    expect(carols.ownSeen.map(([name]) => name)).toContain("conversation.removed");

    // Reconnecting resubscribes every channel pusher-js knew; channel auth refuses the conversation.
    const refused = within(
      new Promise<void>((resolve) => carols.conversation.bind("pusher:subscription_error", () => resolve())),
      "resubscription refused",
    );
    carols.client.connect();
    await refused;
    await owner.message.send({ conversationId: team, clientMsgId: clientMsgId(), body: "long after removal" });
    await drain();
    await until(bobs.seen, (s) => containsText(s, "long after removal"), "Bob gets the last message");
    expect(containsText(carols.seen, "after removal")).toBe(false);
    expect(carols.client.connection.state).toBe("connected");
  });

  it("a member who leaves is cut off the same way; the others keep their connections", async () => {
    const team = await createGroup(t.db, "Leavers", [
      [alice, "owner"],
      [bob, "member"],
      [carol, "member"],
    ]);
    const bobs = await listening(bob, team);
    const carols = await listening(carol, team);
    const closed = within(
      new Promise<void>((resolve) => carols.client.connection.bind("disconnected", () => resolve())),
      "Carol's connection closed",
    );
    await callerFor(t.db, carol).conversation.leave({ conversationId: team });
    await callerFor(t.db, alice).message.send({
      conversationId: team,
      clientMsgId: clientMsgId(),
      body: "after leaving",
    });
    await drain();
    await until(bobs.seen, (s) => containsText(s, "after leaving"), "Bob gets the message");
    await closed;
    expect(containsText(carols.seen, "after leaving")).toBe(false);
    expect(bobs.client.connection.state).toBe("connected");
  });
});
