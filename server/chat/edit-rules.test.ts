import { describe, expect, it } from "vitest";
import { decideEdit, type EditTarget } from "./edit-rules";

const alice = "00000000-0000-4000-8000-00000000000a";
const bob = "00000000-0000-4000-8000-00000000000b";
const sent = new Date("2026-12-01T10:00:00.000Z");
const target: EditTarget = { senderId: alice, kind: "text", createdAt: sent, revoked: false, body: "hello" };
const at = (seconds: number) => new Date(sent.getTime() + seconds * 1000);

describe("decideEdit", () => {
  it("lets the sender edit inside the window, with the window's end as the deadline", () => {
    expect(decideEdit(alice, true, target, 900, "hello!", at(60))).toEqual({ ok: true, deadline: at(900) });
  });

  it("allows the last instant of the window and refuses the next", () => {
    expect(decideEdit(alice, true, target, 900, "x", at(900))).toMatchObject({ ok: true });
    expect(decideEdit(alice, true, target, 900, "x", new Date(at(900).getTime() + 1))).toEqual({
      ok: false,
      code: "WINDOW_EXPIRED",
      message: "Messages can only be edited within 15 minutes of sending.",
    });
  });

  it("hides the message from non-members before anything else", () => {
    expect(decideEdit(bob, false, { ...target, kind: "system" }, 900, "x", at(1))).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("refuses someone else's message, system lines, recalled messages and a window of 0", () => {
    expect(decideEdit(bob, true, target, 900, "x", at(1))).toMatchObject({ ok: false, code: "NOT_ALLOWED" });
    expect(decideEdit(alice, true, { ...target, kind: "system" }, 900, "x", at(1))).toMatchObject({
      code: "SYSTEM_MESSAGE",
    });
    expect(decideEdit(alice, true, { ...target, revoked: true, body: null }, 900, "x", at(1))).toMatchObject({
      code: "RECALLED",
    });
    expect(decideEdit(alice, true, target, 0, "x", at(1))).toMatchObject({ code: "EDIT_DISABLED" });
  });

  it("treats saving the same text as no edit", () => {
    expect(decideEdit(alice, true, target, 900, "hello", at(1))).toEqual({ ok: true, unchanged: true });
  });
});
