import type Pusher from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SessionUser } from "~/server/context";
import { conversationChannel, userChannel } from "~/server/realtime/events";
import { startPusherServer, type RunningPusherServer } from "~/server/realtime/pusher-server/server";
import { drainOutboxOnce, pusherPublish } from "~/server/realtime/publisher";
import { appRouter } from "~/server/root";
import { callerFor, clientMsgId, containsText, createUser, type TestDb } from "../harness";
import { memberClient, recordAll, serverSdk, subscribed, TEST_APP } from "../realtime-client";
import { createWorld } from "./setup";

/**
 * After a recall, and again after the original is purged, every query a member can call (taken
 * from the router, so a new one is swept automatically) and every realtime event on the member's
 * channels is searched for the recalled text — and for the text an edit replaced. A query without
 * an input below fails the test.
 */
const SECRET = "LEAK-SWEEP-秘密-TEXT";
const BEFORE_EDIT = "BEFORE-EDIT-旧的-TEXT";
const AFTER_EDIT = "after the edit";

type Inputs = (ids: { conversationId: string; messageId: string }) => unknown;
const memberQueryInputs: Record<string, Inputs> = {
  "user.me": () => undefined,
  "user.search": () => ({ query: "" }),
  "conversation.list": () => undefined,
  "conversation.byId": ({ conversationId }) => ({ id: conversationId }),
  "message.history": ({ conversationId }) => ({ conversationId }),
  "message.search": () => ({ query: "LEAK" }),
  "sync.changes": ({ conversationId }) => ({ conversationId, afterVersion: 0 }),
};

let t: TestDb;
let server: RunningPusherServer;
let owner: SessionUser, sender: SessionUser, reader: SessionUser;
let conversationId: string;
let messageId: string;
let editedId: string;
const clients: Pusher[] = [];
/** What each subscribed channel received; flattened when checked. */
const recordings: [string, unknown][][] = [];
const events = () => recordings.flat();

beforeAll(async () => {
  ({
    t,
    users: { owner, sender, reader },
    group: conversationId,
  } = await createWorld(
    { owner: "Owner", sender: "Sender", reader: "Reader" },
    { title: "Leak", members: { owner: "owner", sender: "member", reader: "member" } },
  ));
  server = await startPusherServer({ ...TEST_APP, port: 0 });
  for (const user of [owner, sender, reader]) {
    const client = memberClient(t.db, user.id, server.port);
    clients.push(client);
    for (const name of [conversationChannel(conversationId), userChannel(user.id)]) {
      const channel = client.subscribe(name);
      recordings.push(recordAll(channel));
      await subscribed(channel);
    }
  }
  // Its message.created event is still in the outbox when it is recalled: it must go out as a tombstone.
  const m = await callerFor(t.db, sender).message.send({ conversationId, clientMsgId: clientMsgId(), body: SECRET });
  messageId = m.id;
  await callerFor(t.db, reader).message.send({
    conversationId,
    clientMsgId: clientMsgId(),
    body: "quoting",
    replyToId: m.id,
  });
  await callerFor(t.db, sender).message.recall({ messageId });
  // Edited before any event went out: its created event and the reply's quote must carry the new text.
  const edited = await callerFor(t.db, sender).message.send({
    conversationId,
    clientMsgId: clientMsgId(),
    body: BEFORE_EDIT,
  });
  editedId = edited.id;
  await callerFor(t.db, reader).message.send({
    conversationId,
    clientMsgId: clientMsgId(),
    body: "quoting the edited one",
    replyToId: edited.id,
  });
  await callerFor(t.db, sender).message.edit({ messageId: editedId, body: AFTER_EDIT });
});
afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  await server.close();
  await t.close();
});

const queries = Object.entries(appRouter._def.procedures)
  .filter(
    ([path, p]) => !path.startsWith("admin.") && (p as unknown as { _def: { type: string } })._def.type === "query",
  )
  .map(([path]) => path)
  .sort();

async function sweep(): Promise<string[]> {
  const leaks: string[] = [];
  for (const path of queries) {
    const input = memberQueryInputs[path];
    if (!input) throw new Error(`${path} is a member query without an input in the leak sweep`);
    for (const user of [owner, sender, reader]) {
      const api = callerFor(t.db, user) as unknown as Record<string, unknown>;
      const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], api) as (
        i: unknown,
      ) => Promise<unknown>;
      const response = await fn(input({ conversationId, messageId }));
      if (containsText(response, SECRET)) leaks.push(`${path} as ${user.name}`);
      if (containsText(response, BEFORE_EDIT)) leaks.push(`${path} as ${user.name} (text before the edit)`);
    }
  }
  // Mutations that return a message: a repeated recall, and an edit to the same text (unchanged).
  const repeat = await callerFor(t.db, sender).message.recall({ messageId });
  if (containsText(repeat, SECRET)) leaks.push("message.recall (repeat)");
  const same = await callerFor(t.db, sender).message.edit({ messageId: editedId, body: AFTER_EDIT });
  if (containsText(same, BEFORE_EDIT)) leaks.push("message.edit (unchanged)");
  return leaks;
}

describe("leak sweep", () => {
  it("covers every member query of the router", () => {
    expect(queries.filter((q) => !(q in memberQueryInputs))).toEqual([]);
  });

  it("after a recall: no member response and no realtime event carries the text", async () => {
    await drainOutboxOnce(t.db, pusherPublish(serverSdk(server.port)));
    await new Promise((r) => setTimeout(r, 300));
    expect(await sweep()).toEqual([]);
    // The recording works: the events arrived, including the reply's text.
    expect(events().map(([name]) => name)).toEqual(
      expect.arrayContaining(["message.created", "message.recalled", "message.edited"]),
    );
    expect(containsText(events(), "quoting")).toBe(true);
    expect(containsText(events(), AFTER_EDIT)).toBe(true);
    expect(containsText(events(), SECRET)).toBe(false);
    expect(containsText(events(), BEFORE_EDIT)).toBe(false);
  });

  it("after the original is purged: still nothing, and the admin can no longer read it", async () => {
    const admin = await createUser(t.db, "Admin", "admin");
    expect((await callerFor(t.db, admin).admin.recalled.original({ messageId })).body).toBe(SECRET);
    await callerFor(t.db, admin).admin.recalled.purge({ messageId });
    await drainOutboxOnce(t.db, pusherPublish(serverSdk(server.port)));
    expect(await sweep()).toEqual([]);
    expect(containsText(events(), SECRET)).toBe(false);
    expect(containsText(events(), BEFORE_EDIT)).toBe(false);
    await expect(callerFor(t.db, admin).admin.recalled.original({ messageId })).rejects.toThrow(/no longer kept/);
  });
});
