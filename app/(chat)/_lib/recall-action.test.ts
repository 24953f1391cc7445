import { describe, expect, it } from "vitest";
import { formatCountdown, secondsLeft } from "~/app/_realtime/server-clock";
import { recallOption } from "./recall-action";

const policy = { recallWindowSeconds: 120, groupAdminsMayRecall: true, groupOwnersMayRecall: true };
const sentAt = new Date("2030-01-01T00:00:00Z");
const at = (seconds: number) => sentAt.getTime() + seconds * 1000;

function option(patch: Partial<Parameters<typeof recallOption>[0]> = {}) {
  return recallOption({
    me: { id: "alice", role: "user" },
    myRole: "member",
    conversationKind: "group",
    policy,
    message: { sender: { id: "alice", name: "Alice" }, kind: "text", createdAt: sentAt, recall: null },
    senderRole: "member",
    now: at(18),
    ...patch,
  });
}

describe("recallOption", () => {
  it("offers the sender their own message with the server deadline", () => {
    const o = option();
    expect(o).toEqual({ kind: "own", deadline: new Date(at(120)) });
  });

  it("hides it once the window is over", () => {
    expect(option({ now: at(121) })).toEqual({ kind: "none" });
    expect(option({ now: at(119.5) })).toEqual({ kind: "none" });
  });

  it("hides it when recall is disabled", () => {
    expect(option({ policy: { ...policy, recallWindowSeconds: 0 } })).toEqual({ kind: "none" });
  });

  it("does not offer plain members someone else's message", () => {
    expect(
      option({ message: { sender: { id: "bob", name: "Bob" }, kind: "text", createdAt: sentAt, recall: null } }),
    ).toEqual({ kind: "none" });
  });

  it("offers group owners and admins moderation within the rules", () => {
    const bobs = { sender: { id: "bob", name: "Bob" }, kind: "text" as const, createdAt: sentAt, recall: null };
    expect(option({ myRole: "owner", message: bobs, now: at(99_999) })).toEqual({ kind: "moderate" });
    expect(option({ myRole: "admin", message: bobs })).toEqual({ kind: "moderate" });
    expect(option({ myRole: "admin", message: bobs, senderRole: "admin" })).toEqual({ kind: "none" });
    expect(option({ myRole: "owner", message: bobs, policy: { ...policy, groupOwnersMayRecall: false } })).toEqual({
      kind: "none",
    });
    expect(option({ myRole: "owner", message: bobs, conversationKind: "direct" })).toEqual({ kind: "none" });
  });

  it("lets system admins recall anything, their own without a countdown", () => {
    const admin = { id: "root", role: "admin" as const };
    expect(
      option({
        me: admin,
        myRole: null,
        message: { sender: { id: "bob", name: "Bob" }, kind: "text", createdAt: sentAt, recall: null },
      }),
    ).toEqual({ kind: "moderate" });
    expect(
      option({
        me: admin,
        message: { sender: { id: "root", name: "Root" }, kind: "text", createdAt: sentAt, recall: null },
        now: at(9999),
      }),
    ).toEqual({
      kind: "own",
      deadline: null,
    });
  });

  it("never offers recalled or system messages", () => {
    expect(
      option({
        message: {
          sender: { id: "alice", name: "Alice" },
          kind: "text",
          createdAt: sentAt,
          recall: { at: sentAt, by: { id: "alice", name: "Alice" }, kind: "sender", reason: null },
        },
      }),
    ).toEqual({ kind: "none" });
    expect(
      option({ message: { sender: { id: "alice", name: "Alice" }, kind: "system", createdAt: sentAt, recall: null } }),
    ).toEqual({ kind: "none" });
  });
});

describe("countdown", () => {
  it("counts whole seconds up and formats m:ss", () => {
    expect(secondsLeft(new Date(at(120)), at(18))).toBe(102);
    expect(formatCountdown(secondsLeft(new Date(at(120)), at(18)))).toBe("1:42");
    expect(formatCountdown(5)).toBe("0:05");
    expect(secondsLeft(new Date(at(120)), at(200))).toBe(0);
    expect(secondsLeft(new Date(at(120)), at(119.2))).toBe(1);
  });
});
