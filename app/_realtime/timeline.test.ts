import { describe, expect, it } from "vitest";
import { type MessageView } from "~/server/realtime/events";
import {
  addPending,
  applyChanges,
  applyEvent,
  applySync,
  classifyEvent,
  mergeLatest,
  mergeOlder,
  type PendingMessage,
  setPendingStatus,
  type Timeline,
  timelineFromHistory,
} from "./timeline";
import { msg } from "./fixtures";

const C = "c1";

const recalled = (m: MessageView, version: number): MessageView => ({
  ...m,
  version,
  body: null,
  recall: { at: new Date(), by: m.sender, kind: "sender", reason: null },
});

const removed = (m: MessageView, version: number) => ({
  removed: true as const,
  id: m.id,
  conversationId: C,
  seq: m.seq,
  version,
});

function timeline(messages: MessageView[], version = messages.at(-1)?.version ?? 0, hasMore = false): Timeline {
  return timelineFromHistory(C, { messages, hasMore, version });
}

const pending = (clientMsgId: string, senderId = "me"): PendingMessage => ({
  clientMsgId,
  senderId,
  senderName: "Me",
  body: "hi",
  replyTo: null,
  attachments: [],
  status: "sending",
  createdAt: new Date(0),
});

describe("classifyEvent", () => {
  it.each([
    [5, 6, true, "apply"],
    [5, 5, true, "stale"],
    [5, 3, true, "stale"],
    [5, 7, true, "gap"],
    [5, 6, false, "gap"],
    [5, 5, false, "stale"],
    [0, 1, true, "apply"],
  ] as const)("last %i, event %i, message %s → %s", (last, version, has, expected) => {
    expect(classifyEvent(last, version, has)).toBe(expected);
  });
});

describe("applyChanges", () => {
  it("inserts by seq wherever the message belongs", () => {
    const t = applyChanges(timeline([msg(1), msg(3)]), [msg(2), msg(4)]);
    expect(t.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it("replaces a message only with a newer version", () => {
    const t0 = timeline([msg(1), msg(2)]);
    const t1 = applyChanges(t0, [recalled(msg(1), 3)]);
    expect(t1.messages[0]!.recall).not.toBeNull();
    // The original creation arriving late must not bring the text back.
    const t2 = applyChanges(t1, [msg(1)]);
    expect(t2).toBe(t1);
    expect(t2.messages[0]!.body).toBeNull();
  });

  it("returns the same object for duplicates", () => {
    const t = timeline([msg(1), msg(2)]);
    expect(applyChanges(t, [msg(2), msg(1)])).toBe(t);
  });

  it("drops a silently recalled message and never lets an older copy back in", () => {
    const t1 = applyChanges(timeline([msg(1), msg(2)]), [removed(msg(1), 3)]);
    expect(t1.messages.map((m) => m.id)).toEqual(["m2"]);
    const t2 = applyChanges(t1, [msg(1)]);
    expect(t2.messages.map((m) => m.id)).toEqual(["m2"]);
  });

  it("keeps the sender's own tip when the shared removal of the same version arrives (silent mode)", () => {
    const own = recalled(msg(1), 3);
    const t1 = applyChanges(timeline([msg(1), msg(2)]), [own]);
    const t2 = applyChanges(t1, [removed(msg(1), 3)]);
    expect(t2.messages.map((m) => [m.id, m.recall !== null])).toEqual([
      ["m1", true],
      ["m2", false],
    ]);
    // A member who holds the readable copy still drops it.
    const other = applyChanges(timeline([msg(1), msg(2)]), [removed(msg(1), 3)]);
    expect(other.messages.map((m) => m.id)).toEqual(["m2"]);
  });

  it("keeps the sender's own tip when the shared removal arrives BEFORE the recall's answer (silent mode)", () => {
    // The live order in a browser: the realtime event beats the mutation's HTTP answer.
    const t1 = applyChanges(timeline([msg(1), msg(2)]), [removed(msg(1), 3)]);
    const t2 = applyChanges(t1, [recalled(msg(1), 3)]);
    expect(t2.messages.map((m) => [m.id, m.recall !== null])).toEqual([
      ["m1", true],
      ["m2", false],
    ]);
    expect(t2.removed).toEqual({});
    // The same after a catch-up that carries the sender's view.
    const synced = applySync(t1, { changes: [recalled(msg(1), 3)], version: 3, hasMore: false });
    expect(synced.messages.map((m) => m.id)).toEqual(["m1", "m2"]);
    // A readable copy of that version, or anything older, never undoes the removal.
    expect(applyChanges(t1, [{ ...msg(1), version: 3 }])).toBe(t1);
    expect(applyChanges(t1, [recalled(msg(1), 2)])).toBe(t1);
  });

  it("brings a removed message back when it is restored with a newer version", () => {
    const t1 = applyChanges(timeline([msg(1)]), [removed(msg(1), 2)]);
    const t2 = applyChanges(t1, [{ ...msg(1), version: 3 }]);
    expect(t2.messages.map((m) => m.id)).toEqual(["m1"]);
    expect(t2.removed).toEqual({});
  });

  it("ignores other conversations' messages", () => {
    const t = timeline([msg(1)]);
    expect(applyChanges(t, [{ ...msg(2), conversationId: "other" }])).toBe(t);
  });

  it("replaces the optimistic message with the server's echo by clientMsgId", () => {
    const t0 = addPending(timeline([msg(1)]), pending("abc12345"));
    expect(t0.pending).toHaveLength(1);
    const echo = msg(2, { clientMsgId: "abc12345", sender: { id: "me", name: "Me" } });
    const t1 = applyChanges(t0, [echo]);
    expect(t1.pending).toHaveLength(0);
    expect(t1.messages.map((m) => m.id)).toEqual(["m1", "m2"]);
  });

  it("does not treat someone else's message with the same clientMsgId as the echo", () => {
    const t0 = addPending(timeline([]), pending("abc12345"));
    const t1 = applyChanges(t0, [msg(1, { clientMsgId: "abc12345" })]);
    expect(t1.pending).toHaveLength(1);
  });
});

describe("applyEvent", () => {
  it("applies the next version and advances", () => {
    const { timeline: t, needsSync } = applyEvent(timeline([msg(1)], 1), { version: 2, message: msg(2) });
    expect(needsSync).toBe(false);
    expect(t.version).toBe(2);
    expect(t.messages).toHaveLength(2);
  });

  it("shows a gapped message at once but keeps the version and asks for a sync", () => {
    const { timeline: t, needsSync } = applyEvent(timeline([msg(1)], 1), { version: 4, message: msg(4) });
    expect(needsSync).toBe(true);
    expect(t.version).toBe(1);
    expect(t.messages.map((m) => m.seq)).toEqual([1, 4]);
  });

  it("asks for a sync when the event carries no message", () => {
    const t0 = timeline([msg(1)], 1);
    const { timeline: t, needsSync } = applyEvent(t0, { version: 2, message: null });
    expect(needsSync).toBe(true);
    expect(t).toBe(t0);
  });

  it("treats replays as harmless", () => {
    const t0 = timeline([msg(1), msg(2)], 2);
    const { timeline: t, needsSync } = applyEvent(t0, { version: 1, message: msg(1) });
    expect(needsSync).toBe(false);
    expect(t).toBe(t0);
  });

  it("a created event that carries the later tombstone still applies", () => {
    const t0 = timeline([msg(1)], 1);
    const { timeline: t } = applyEvent(t0, { version: 2, message: recalled(msg(2), 3) });
    expect(t.version).toBe(2);
    expect(t.messages[1]!.body).toBeNull();
    // The recall's own event then arrives and is contiguous.
    const { timeline: t2, needsSync } = applyEvent(t, { version: 3, message: recalled(msg(2), 3) });
    expect(needsSync).toBe(false);
    expect(t2.version).toBe(3);
  });
});

describe("applySync", () => {
  it("applies the changes and jumps to the returned version", () => {
    const t = applySync(timeline([msg(1)], 1), { changes: [msg(2), recalled(msg(1), 4)], version: 4, hasMore: false });
    expect(t.version).toBe(4);
    expect(t.messages[0]!.recall).not.toBeNull();
    expect(t.messages).toHaveLength(2);
  });

  it("never moves the version backwards", () => {
    const t = applySync(timeline([msg(1)], 9), { changes: [], version: 5, hasMore: false });
    expect(t.version).toBe(9);
  });
});

describe("history merging", () => {
  it("merges an older page and records whether more exists", () => {
    const t = mergeOlder(timeline([msg(3), msg(4)], 4, true), { messages: [msg(1), msg(2)], hasMore: false });
    expect(t.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(t.hasMoreBefore).toBe(false);
    expect(t.version).toBe(4);
  });

  it("a refetched newest page keeps older pages, pending sends and the lower version", () => {
    const old = addPending(timeline([msg(1), msg(2)], 2), pending("zzzzzzzz"));
    const fresh = timeline([msg(2), msg(3)], 3);
    const t = mergeLatest(old, fresh);
    expect(t.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(t.pending).toHaveLength(1);
    expect(t.version).toBe(2);
  });
});

describe("pending status", () => {
  it("marks failed and back to sending, keeping the clientMsgId", () => {
    const t0 = addPending(timeline([]), pending("abcdefgh"));
    const t1 = setPendingStatus(t0, "abcdefgh", "failed");
    expect(t1.pending[0]).toMatchObject({ clientMsgId: "abcdefgh", status: "failed" });
    expect(setPendingStatus(t1, "abcdefgh", "failed")).toBe(t1);
    expect(setPendingStatus(t1, "abcdefgh", "sending").pending[0]!.status).toBe("sending");
  });

  it("adding the same pending twice is a no-op", () => {
    const t0 = addPending(timeline([]), pending("abcdefgh"));
    expect(addPending(t0, pending("abcdefgh"))).toBe(t0);
  });
});
