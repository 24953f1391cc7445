import type Pusher from "pusher-js";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberObject } from "~/server/attachments/access";
import { sweepDoomedObjects } from "~/server/attachments/lifecycle";
import { uploadAttachment } from "~/server/attachments/upload";
import { ATTACHMENT_VARIANTS, type AttachmentView } from "~/server/attachments/view";
import { type SessionUser } from "~/server/context";
import { conversationChannel, userChannel } from "~/server/realtime/events";
import { startPusherServer, type RunningPusherServer } from "~/server/realtime/pusher-server/server";
import { drainOutboxOnce, pusherPublish } from "~/server/realtime/publisher";
import { appRouter } from "~/server/root";
import { backends, type Running } from "../attachment-backends";
import { callerFor, clientMsgId, containsText, createUser, type TestDb } from "../harness";
import { memberClient, recordAll, serverSdk, subscribed, TEST_APP } from "../realtime-client";
import { createWorld } from "./setup";

/**
 * After a recall, and again after the original is purged, every query a member can call (taken
 * from the router, so a new one is swept automatically) and every realtime event on the member's
 * channels is searched for the recalled text — and for the text an edit replaced. A query without
 * an input below fails the test. The recalled message carries two files (an image and a text
 * file) whose names hold a marker: neither the names nor the attachments' ids may be found either,
 * and no member (its sender included) may fetch any of their objects.
 */
const SECRET = "LEAK-SWEEP-秘密-TEXT";
const FILE_SECRET = "LEAK-FILE-秘密";
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
let store: Running;
/** The recalled message's attachments, as the send answered them. */
let files: AttachmentView[];
/** What the reader's history said before the recall: the files must be in it (or the sweep proves nothing). */
let historyBeforeRecall: unknown;
/** memberObject for every member × file × variant before the recall, as "member file variant" → served key or null. */
let fetchableBeforeRecall: Record<string, string | null>;
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
  store = await backends.find((b) => b.name === "disk")!.start();
  const limits = { maxBytes: 10 * 1024 * 1024, dailyBytes: 100 * 1024 * 1024 };
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c00" } })
    .png()
    .toBuffer();
  const image = await uploadAttachment(t.db, store.store, limits, sender.id, {
    conversationId,
    bytes: png,
    claimedType: "image/png",
    fileName: `${FILE_SECRET}.png`,
  });
  const note = await uploadAttachment(t.db, store.store, limits, sender.id, {
    conversationId,
    bytes: Buffer.from("the recalled file's text"),
    claimedType: "text/plain",
    fileName: `${FILE_SECRET}.txt`,
  });
  // Its message.created event is still in the outbox when it is recalled: it must go out as a tombstone.
  const m = await callerFor(t.db, sender).message.send({
    conversationId,
    clientMsgId: clientMsgId(),
    body: SECRET,
    attachmentIds: [image.id, note.id],
  });
  messageId = m.id;
  files = m.attachments;
  historyBeforeRecall = await callerFor(t.db, reader).message.history({ conversationId });
  fetchableBeforeRecall = await fetchable();
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
  await store?.stop();
});

/** memberObject for every member × file × variant: the served object's key, or null. */
async function fetchable(): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const user of [owner, sender, reader])
    for (const file of files)
      for (const variant of ATTACHMENT_VARIANTS)
        out[`${user.name} ${file.kind} ${variant}`] =
          (await memberObject(t.db, user.id, file.id, variant))?.key ?? null;
  return out;
}

/** Whether a response or event carries the recalled files' names or ids. */
const fileLeaks = (value: unknown) =>
  [FILE_SECRET, ...files.map((f) => f.id)].filter((secret) => containsText(value, secret));

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
      for (const secret of fileLeaks(response)) leaks.push(`${path} as ${user.name} (a file: ${secret})`);
    }
  }
  // Mutations that return a message: a repeated recall, and an edit to the same text (unchanged).
  const repeat = await callerFor(t.db, sender).message.recall({ messageId });
  if (containsText(repeat, SECRET)) leaks.push("message.recall (repeat)");
  for (const secret of fileLeaks(repeat)) leaks.push(`message.recall (repeat) (a file: ${secret})`);
  const same = await callerFor(t.db, sender).message.edit({ messageId: editedId, body: AFTER_EDIT });
  if (containsText(same, BEFORE_EDIT)) leaks.push("message.edit (unchanged)");
  return leaks;
}

describe("leak sweep", () => {
  it("covers every member query of the router", () => {
    expect(queries.filter((q) => !(q in memberQueryInputs))).toEqual([]);
  });

  it("before the recall, the files were there: in the history, and fetchable by every member", () => {
    expect(files.map((f) => [f.kind, f.name])).toEqual([
      ["image", `${FILE_SECRET}.png`],
      ["text", `${FILE_SECRET}.txt`],
    ]);
    expect(fileLeaks(historyBeforeRecall)).toEqual([FILE_SECRET, files[0]!.id, files[1]!.id]);
    // Images: display, thumbnail, and "file" (the display size); a text file only as "file".
    const served = Object.entries(fetchableBeforeRecall).filter(([, key]) => key !== null);
    expect(served.map(([cell]) => cell).sort()).toEqual(
      ["Owner", "Sender", "Reader"]
        .flatMap((u) => [`${u} image display`, `${u} image thumb`, `${u} image file`, `${u} text file`])
        .sort(),
    );
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
    expect(fileLeaks(events())).toEqual([]);
    // No member fetches any of the files' objects any more, the sender included.
    expect(Object.entries(await fetchable()).filter(([, key]) => key !== null)).toEqual([]);
  });

  it("after the original is purged: still nothing, and the admin can no longer read it", async () => {
    const admin = await createUser(t.db, "Admin", "admin");
    const original = await callerFor(t.db, admin).admin.recalled.original({ messageId });
    expect(original.body).toBe(SECRET);
    // Retained with the text: the vault still has the files, and the store their objects.
    expect(original.attachments.map((f) => f.id)).toEqual(files.map((f) => f.id));
    const storedFor = async (id: string) => (await store.leftovers()).filter((p) => p.includes(id) && /\./.test(p));
    expect(await storedFor(files[0]!.id)).toHaveLength(2);
    expect(await storedFor(files[1]!.id)).toHaveLength(1);
    await callerFor(t.db, admin).admin.recalled.purge({ messageId });
    await drainOutboxOnce(t.db, pusherPublish(serverSdk(server.port)));
    expect(await sweep()).toEqual([]);
    expect(containsText(events(), SECRET)).toBe(false);
    expect(containsText(events(), BEFORE_EDIT)).toBe(false);
    expect(fileLeaks(events())).toEqual([]);
    expect(Object.entries(await fetchable()).filter(([, key]) => key !== null)).toEqual([]);
    // Purged: the sweeper deletes the objects from the store.
    expect(await sweepDoomedObjects(t.db, store.store)).toBe(2);
    expect(await storedFor(files[0]!.id)).toEqual([]);
    expect(await storedFor(files[1]!.id)).toEqual([]);
    await expect(callerFor(t.db, admin).admin.recalled.original({ messageId })).rejects.toThrow(/no longer kept/);
  });
});
