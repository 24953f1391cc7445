import { describe, expect, it } from "vitest";
import { type MessageView } from "~/server/realtime/events";
import { msg } from "./fixtures";
import { applyChanges, applyEvent, applySync, timelineFromHistory } from "./timeline";

const C = "c1";
const hidden = (m: MessageView, version: number) => ({
  removed: true as const,
  id: m.id,
  conversationId: C,
  seq: m.seq,
  version,
});
const edit = (m: MessageView, version: number, body: string): MessageView => ({
  ...m,
  version,
  body,
  edited: { at: new Date(), count: 1 },
});
const ids = (t: { messages: MessageView[] }) => t.messages.map((m) => m.id);

describe("delete for me in the timeline", () => {
  const t0 = timelineFromHistory(C, { messages: [msg(1), msg(2), msg(3)], hasMore: false, version: 3 });

  it("a hide (a removal at its own, later version) removes a live message and a recall tip alike", () => {
    expect(ids(applyChanges(t0, [hidden(msg(2), 4)]))).toEqual(["m1", "m3"]);
    const tip = msg(2, {
      version: 4,
      body: null,
      recall: { at: new Date(), by: msg(2).sender, kind: "sender", reason: null },
    });
    const withTip = applyChanges(t0, [tip]);
    expect(ids(applyChanges(withTip, [hidden(msg(2), 5)]))).toEqual(["m1", "m3"]);
  });

  it("an un-hide (the view at its effective version) re-inserts the message in seq order", () => {
    const gone = applySync(t0, { changes: [hidden(msg(2), 4)], version: 4, hasMore: false });
    const back = applySync(gone, { changes: [{ ...msg(2), version: 5 }], version: 5, hasMore: false });
    expect(ids(back)).toEqual(["m1", "m2", "m3"]);
    expect(back.removed).toEqual({});
    // A replayed older removal does not take it away again.
    expect(applyChanges(back, [hidden(msg(2), 4)])).toBe(back);
  });

  it("a conversation event for a removed message is left to the feed (it may be hidden for this reader)", () => {
    const gone = applySync(t0, { changes: [hidden(msg(2), 4)], version: 4, hasMore: false });
    const { timeline, needsSync } = applyEvent(gone, { version: 5, message: edit(msg(2), 5, "new") }, "message.edited");
    expect(timeline).toBe(gone);
    expect(needsSync).toBe(true);
    // A stale one is simply ignored.
    expect(applyEvent(gone, { version: 3, message: edit(msg(2), 3, "x") }, "message.edited")).toEqual({
      timeline: gone,
      needsSync: false,
    });
  });

  it("an edit event for a message not loaded here is not inserted", () => {
    const { timeline, needsSync } = applyEvent(t0, { version: 4, message: edit(msg(9), 4, "x") }, "message.edited");
    expect(ids(timeline)).toEqual(["m1", "m2", "m3"]);
    expect(needsSync).toBe(true);
  });
});

describe("a hide against a recall tip of the same version", () => {
  it("removes the tip: the feed's hide outranks the shared recall the device applied first", () => {
    const t0 = timelineFromHistory(C, { messages: [msg(1), msg(2)], hasMore: false, version: 2 });
    const tip = msg(2, {
      version: 4,
      body: null,
      recall: { at: new Date(), by: msg(2).sender, kind: "sender", reason: null },
    });
    const shown = applyEvent(t0, { version: 4, message: tip }, "message.recalled").timeline;
    expect(ids(shown)).toEqual(["m1", "m2"]);
    // Hidden at version 3, recalled at 4: the feed says removed at the later of the two.
    const gone = applySync(shown, {
      changes: [{ ...hidden(msg(2), 4), hidden: true as const }],
      version: 4,
      hasMore: false,
    });
    expect(ids(gone)).toEqual(["m1"]);
  });
});

describe("message.edited by version", () => {
  const t0 = timelineFromHistory(C, { messages: [msg(1), msg(2)], hasMore: false, version: 2 });

  it("the next version replaces the text in place and advances the version", () => {
    const { timeline, needsSync } = applyEvent(t0, { version: 3, message: edit(msg(1), 3, "fixed") }, "message.edited");
    expect(needsSync).toBe(false);
    expect(timeline.version).toBe(3);
    expect(timeline.messages.map((m) => m.body)).toEqual(["fixed", "hello 2"]);
    expect(timeline.messages[0]!.edited).not.toBeNull();
  });

  it("a gapped edit is shown and fetched from the last contiguous version; an older view never wins", () => {
    const { timeline, needsSync } = applyEvent(
      t0,
      { version: 5, message: edit(msg(1), 5, "latest") },
      "message.edited",
    );
    expect(needsSync).toBe(true);
    expect(timeline.version).toBe(2);
    expect(timeline.messages[0]!.body).toBe("latest");
    expect(applyChanges(timeline, [edit(msg(1), 4, "older")])).toBe(timeline);
  });

  it("a recall after an edit turns it into the tip (the edit marker goes with the text)", () => {
    const e = applyChanges(t0, [edit(msg(1), 3, "fixed")]);
    const tip = msg(1, {
      version: 4,
      body: null,
      recall: { at: new Date(), by: msg(1).sender, kind: "sender", reason: null },
    });
    const r = applyChanges(e, [tip]);
    expect(r.messages[0]!.body).toBeNull();
    expect(r.messages[0]!.edited).toBeNull();
  });
});
