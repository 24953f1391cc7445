import { eq, sql } from "drizzle-orm";
import type Pusher from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realtimeOutbox } from "~/db/schema";
import { type SessionUser } from "~/server/context";
import { conversationChannel, type MessageEventPayload } from "~/server/realtime/events";
import { startPusherServer, type RunningPusherServer } from "~/server/realtime/pusher-server/server";
import { drainOutboxOnce, pusherPublish } from "~/server/realtime/publisher";
import { callerFor, clientMsgId, containsText, createGroup, createTestDb, createUser, type TestDb } from "../harness";
import { memberClient, recordAll, serverSdk, subscribed, TEST_APP, until } from "../realtime-client";

let t: TestDb;
let server: RunningPusherServer;
let alice: SessionUser, bob: SessionUser;
let group: string;
const clients: Pusher[] = [];

beforeAll(async () => {
  t = await createTestDb();
  alice = await createUser(t.db, "Alice");
  bob = await createUser(t.db, "Bob");
  group = await createGroup(t.db, "Live", [
    [alice, "owner"],
    [bob, "member"],
  ]);
  server = await startPusherServer({ ...TEST_APP, port: 0 });
});
afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  await server.close();
  await t.close();
});

async function bobListening() {
  const client = memberClient(t.db, bob.id, server.port);
  clients.push(client);
  const channel = client.subscribe(conversationChannel(group));
  const seen = recordAll(channel);
  await subscribed(channel);
  return seen;
}

const drain = () => drainOutboxOnce(t.db, pusherPublish(serverSdk(server.port)));
const send = (body: string) => callerFor(t.db, alice).message.send({ conversationId: group, clientMsgId: clientMsgId(), body });
const pending = async () => (await t.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(realtimeOutbox))[0]!.n;

describe("outbox publisher → Pusher-protocol server → pusher-js", () => {
  it("delivers created and recalled events with the conversation version, and deletes delivered rows", async () => {
    await drain();
    const seen = await bobListening();
    const m = await send("hello realtime");
    expect((await drain()).delivered).toBe(1);
    await until(seen, (s) => s.length >= 1, "message.created");
    expect(seen[0]).toEqual(["message.created", expect.objectContaining({ conversationId: group, version: m.version })]);
    expect((seen[0]![1] as MessageEventPayload).message).toMatchObject({ id: m.id, body: "hello realtime" });

    const r = await callerFor(t.db, alice).message.recall({ messageId: m.id });
    await drain();
    await until(seen, (s) => s.length >= 2, "message.recalled");
    const [name, payload] = seen[1]!;
    expect(name).toBe("message.recalled");
    expect(payload).toMatchObject({ version: "version" in r.message ? r.message.version : -1, message: { id: m.id, body: null, recall: { kind: "sender" } } });
    expect(containsText(payload, "hello realtime")).toBe(false);
    expect(await pending()).toBe(0);
  });

  it("an event queued before a recall publishes the tombstone, never the text", async () => {
    const seen = await bobListening();
    const m = await send("too fast to see");
    await callerFor(t.db, alice).message.recall({ messageId: m.id });
    await drain();
    await until(seen, (s) => s.filter(([, d]) => (d as MessageEventPayload).message?.id === m.id).length === 2, "both events");
    expect(containsText(seen, "too fast to see")).toBe(false);
  });

  it("keeps events while the realtime server is down and delivers them when it is back", async () => {
    const port = server.port;
    await server.close();
    const m = await send("sent while down");
    await callerFor(t.db, alice).message.recall({ messageId: m.id });
    const failed = await drain();
    expect(failed).toEqual({ delivered: 0, failed: 2 });
    const rows = await t.db.select().from(realtimeOutbox);
    expect(rows.every((r) => r.attempts === 1 && r.lastError && r.nextAttemptAt > r.createdAt)).toBe(true);

    server = await startPusherServer({ ...TEST_APP, port });
    const seen = await bobListening();
    // Not due yet: backoff is respected.
    expect((await drain()).delivered).toBe(0);
    await t.db.update(realtimeOutbox).set({ nextAttemptAt: sql`now()` }).where(eq(realtimeOutbox.messageId, m.id));
    expect((await drain()).delivered).toBe(2);
    await until(seen, (s) => s.length === 2, "events after restart");
    expect(seen.map(([n]) => n)).toEqual(["message.created", "message.recalled"]);
    expect(await pending()).toBe(0);
  });
});
