import { describe, expect, it } from "vitest";
import { type MessageView } from "~/server/realtime/events";
import { windowedLabel, windowOpen } from "./action-window";
import { editOption, lastEditable } from "./edit-action";

const sentAt = new Date("2030-01-01T00:00:00Z");
const at = (seconds: number) => sentAt.getTime() + seconds * 1000;

function msg(patch: Partial<MessageView> = {}): MessageView {
  return {
    id: "m1",
    conversationId: "c1",
    seq: 1,
    version: 1,
    kind: "text",
    sender: { id: "alice", name: "Alice" },
    clientMsgId: "client-1",
    body: "hello",
    createdAt: sentAt,
    replyTo: null,
    recall: null,
    edited: null,
    restored: false,
    attachments: [],
    ...patch,
  };
}

const option = (patch: Partial<Parameters<typeof editOption>[0]> = {}) =>
  editOption({ meId: "alice", windowSeconds: 900, message: msg(), now: at(60), ...patch });

describe("editOption", () => {
  it("offers the sender their own live text message with the server deadline", () => {
    expect(option()).toEqual({ kind: "own", deadline: new Date(at(900)) });
  });

  it("offers an edited message again", () => {
    expect(option({ message: msg({ edited: { at: new Date(at(30)), count: 1 } }) }).kind).toBe("own");
  });

  it("hides it in the last second and after the window", () => {
    expect(option({ now: at(899.5) })).toEqual({ kind: "none" });
    expect(option({ now: at(901) })).toEqual({ kind: "none" });
  });

  it("has no Edit when editing is off (window 0)", () => {
    expect(option({ windowSeconds: 0 })).toEqual({ kind: "none" });
  });

  it("never offers someone else's, recalled or system messages", () => {
    expect(option({ message: msg({ sender: { id: "bob", name: "Bob" } }) })).toEqual({ kind: "none" });
    expect(
      option({
        message: msg({
          body: null,
          recall: { at: sentAt, by: { id: "alice", name: "Alice" }, kind: "sender", reason: null },
        }),
      }),
    ).toEqual({ kind: "none" });
    expect(option({ message: msg({ kind: "system" }) })).toEqual({ kind: "none" });
  });
});

describe("the shared window countdown", () => {
  it("is open until a second before the deadline, always without one", () => {
    expect(windowOpen(new Date(at(10)), at(8.9))).toBe(true);
    expect(windowOpen(new Date(at(10)), at(9.1))).toBe(false);
    expect(windowOpen(null, at(99_999))).toBe(true);
  });

  it("labels Edit and Recall with the time left", () => {
    const withTime = (left: string) => `Edit · ${left}`;
    expect(windowedLabel(new Date(at(900)), at(60), "Edit", withTime)).toBe("Edit · 14:00");
    expect(windowedLabel(new Date(at(7200)), at(0), "Edit", withTime)).toBe("Edit · 2:00:00");
    expect(windowedLabel(null, at(60), "Recall", withTime)).toBe("Recall");
  });
});

describe("lastEditable", () => {
  const input = { meId: "alice", windowSeconds: 900, now: at(60) };
  it("finds the newest own text message still in the window", () => {
    const mine = msg({ id: "a", seq: 1 });
    const bobs = msg({ id: "b", seq: 2, sender: { id: "bob", name: "Bob" } });
    expect(lastEditable([mine, bobs], input)?.id).toBe("a");
  });

  it("gives none when the newest own message can no longer be edited", () => {
    expect(lastEditable([msg()], { ...input, now: at(1000) })).toBeNull();
    expect(lastEditable([], input)).toBeNull();
  });
});
