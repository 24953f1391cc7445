import { describe, expect, it } from "vitest";
import { type MessageView } from "~/server/realtime/events";
import { patchPreview } from "./list-preview";

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
  restored: false,
});

describe("patchPreview", () => {
  const list = { items: [{ id: "c1", preview: view(1) }, { id: "c2", preview: null }], nextCursor: null };

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
