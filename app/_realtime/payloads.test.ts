import { describe, expect, it } from "vitest";
import { diffChannels } from "./channels";
import { reviveMessagePayload } from "./payloads";

describe("reviveMessagePayload", () => {
  it("turns JSON dates back into Dates", () => {
    const raw = JSON.parse(
      JSON.stringify({
        conversationId: "c",
        version: 3,
        message: {
          id: "m",
          conversationId: "c",
          seq: 1,
          version: 3,
          kind: "text",
          sender: { id: "u", name: "Ann" },
          clientMsgId: "abcdefgh",
          body: null,
          createdAt: new Date("2030-01-01T00:00:00Z"),
          replyTo: null,
          recall: { at: new Date("2030-01-01T00:01:00Z"), by: { id: "u", name: "Ann" }, kind: "sender", reason: null },
        },
      }),
    );
    const p = reviveMessagePayload(raw)!;
    expect(p.version).toBe(3);
    const m = p.message as { createdAt: Date; recall: { at: Date } };
    expect(m.createdAt).toBeInstanceOf(Date);
    expect(m.recall.at.toISOString()).toBe("2030-01-01T00:01:00.000Z");
  });

  it("revives the time of the last edit", () => {
    const raw = JSON.parse(
      JSON.stringify({
        conversationId: "c",
        version: 4,
        message: {
          id: "m",
          conversationId: "c",
          seq: 1,
          version: 4,
          kind: "text",
          sender: { id: "u", name: "Ann" },
          body: "new text",
          createdAt: new Date("2030-01-01T00:00:00Z"),
          replyTo: null,
          recall: null,
          edited: { at: new Date("2030-01-01T00:02:00Z"), count: 2 },
        },
      }),
    );
    const m = reviveMessagePayload(raw)!.message as { edited: { at: Date; count: number } };
    expect(m.edited.at).toBeInstanceOf(Date);
    expect(m.edited).toEqual({ at: new Date("2030-01-01T00:02:00Z"), count: 2 });
  });

  it("carries a message's attachments, and gives a payload without them (or a recalled one) none", () => {
    const attachment = { id: "a1", kind: "image", mime: "image/png", name: "cat.png", size: 10, width: 4, height: 3 };
    const base = {
      id: "m",
      conversationId: "c",
      seq: 1,
      version: 1,
      kind: "text",
      sender: { id: "u", name: "Ann" },
      body: "",
      createdAt: "2030-01-01T00:00:00.000Z",
      replyTo: null,
      recall: null,
      edited: null,
    };
    const revive = (message: object) =>
      reviveMessagePayload({ conversationId: "c", version: 1, message })!.message as { attachments: unknown };
    expect(revive({ ...base, attachments: [attachment] }).attachments).toEqual([attachment]);
    expect(revive(base).attachments).toEqual([]);
    const recall = { at: "2030-01-01T00:01:00.000Z", by: { id: "u", name: "Ann" }, kind: "sender", reason: null };
    expect(revive({ ...base, body: null, recall, attachments: [attachment] }).attachments).toEqual([]);
  });

  it("keeps silent removals", () => {
    const p = reviveMessagePayload({
      conversationId: "c",
      version: 2,
      message: { removed: true, id: "m", conversationId: "c", seq: 1, version: 2 },
    });
    expect(p?.message).toEqual({ removed: true, id: "m", conversationId: "c", seq: 1, version: 2 });
  });

  it("a missing or malformed message becomes null (fetched by version)", () => {
    expect(reviveMessagePayload({ conversationId: "c", version: 2, message: null })?.message).toBeNull();
    expect(reviveMessagePayload({ conversationId: "c", version: 2, message: { id: 1 } })?.message).toBeNull();
    expect(reviveMessagePayload({ version: 2 })).toBeNull();
    expect(reviveMessagePayload("nope")).toBeNull();
  });
});

describe("diffChannels", () => {
  it("joins the new and leaves the gone", () => {
    expect(diffChannels(new Set(["a", "b"]), ["b", "c"])).toEqual({ join: ["c"], leave: ["a"] });
    expect(diffChannels(new Set(), [])).toEqual({ join: [], leave: [] });
  });
});
