import { describe, expect, it } from "vitest";
import { type MessageView } from "~/server/realtime/events";
import { patchNewMessage, patchPreview } from "./list-preview";

const view = (version: number, recalled = false): MessageView => ({
  id: "m1",
  conversationId: "c1",
  seq: 1,
  version,
  kind: "text",
  sender: { id: "a", name: "Ann" },
  clientMsgId: "abcdefgh",
  body: recalled ? null : "secret",
  createdAt: new Date(0),
  replyTo: null,
  recall: recalled ? { at: new Date(0), by: { id: "a", name: "Ann" }, kind: "sender", reason: null } : null,
  edited: null,
  restored: false,
  attachments: [],
});

describe("patchPreview", () => {
  const list = {
    items: [
      { id: "c1", preview: view(1) },
      { id: "c2", preview: null },
    ],
    nextCursor: null,
  };

  it("replaces the preview with the newer tombstone", () => {
    const next = patchPreview(list, view(2, true))!;
    expect(next.items[0]!.preview!.body).toBeNull();
    expect(next.items[1]).toBe(list.items[1]);
  });

  it("leaves the list alone for other messages and older versions", () => {
    expect(patchPreview(list, { ...view(2, true), id: "other" })).toBe(list);
    expect(patchPreview(list, view(1, true))).toBe(list);
    expect(patchPreview(undefined, view(2))).toBeUndefined();
  });
});

describe("patchNewMessage", () => {
  const at = (s: number) => new Date(s * 1000);
  const message = (conversationId: string, seq: number, createdAt: Date, body = `m${seq}`): MessageView => ({
    ...view(seq),
    id: `${conversationId}-${seq}`,
    conversationId,
    seq,
    body,
    createdAt,
  });
  const list = {
    items: [
      { id: "a", preview: message("a", 3, at(30)), lastSeq: 3, lastMessageAt: at(30), unread: 0 },
      { id: "b", preview: null, lastSeq: 0, lastMessageAt: at(20), unread: 0 },
      { id: "c", preview: message("c", 1, at(10)), lastSeq: 1, lastMessageAt: at(10), unread: 2 },
    ],
    nextCursor: null,
  };

  it("shows a new message as the preview and moves its conversation to the top", () => {
    const next = patchNewMessage(list, message("b", 1, at(40), "first in a new group"))!;
    expect(next.items.map((i) => i.id)).toEqual(["b", "a", "c"]);
    expect(next.items[0]).toMatchObject({
      preview: { body: "first in a new group" },
      lastSeq: 1,
      lastMessageAt: at(40),
    });
    expect(next.items[1]).toBe(list.items[0]);
  });

  it("keeps each burst message in order and the latest one as the preview", () => {
    let l: typeof list | undefined = list;
    for (let seq = 1; seq <= 40; seq++) l = patchNewMessage(l, message("b", seq, at(40 + seq)));
    expect(l!.items[0]).toMatchObject({ id: "b", lastSeq: 40, preview: { seq: 40 } });
    // The same events again (a late duplicate delivery) change nothing.
    expect(patchNewMessage(l, message("b", 12, at(52)))).toBe(l);
    expect(patchNewMessage(l, message("b", 40, at(80)))).toBe(l);
  });

  it("leaves the unread count to the server, so an event and a refetch never count one message twice", () => {
    const next = patchNewMessage(list, message("c", 2, at(50)))!;
    expect(next.items.find((i) => i.id === "c")!.unread).toBe(2);
    // The refetch's answer already holds seq 2: the event arriving after it is a no-op.
    const refetched = { ...list, items: list.items.map((i) => (i.id === "c" ? { ...i, lastSeq: 2, unread: 3 } : i)) };
    expect(patchNewMessage(refetched, message("c", 2, at(50)))).toBe(refetched);
  });

  it("ignores conversations the list does not hold (the refetch adds them) and an empty cache", () => {
    expect(patchNewMessage(list, message("zzz", 1, at(60)))).toBe(list);
    expect(patchNewMessage(undefined, message("a", 4, at(60)))).toBeUndefined();
  });

  it("keeps the server's order for equal times (id descending) and an older message in place", () => {
    const tie = patchNewMessage(list, message("c", 2, at(30)))!;
    expect(tie.items.map((i) => i.id)).toEqual(["c", "a", "b"]);
    const older = patchNewMessage(list, message("c", 2, at(5)))!;
    expect(older.items.map((i) => i.id)).toEqual(["a", "b", "c"]);
    expect(older.items[2]!.lastMessageAt).toEqual(at(10));
  });
});
