import { describe, expect, it } from "vitest";
import { type MemberRole } from "~/db/schema";
import { decideRecall, formatWindow, type RecallActor, type RecallPolicy, type RecallTarget } from "./rules";

const policy: RecallPolicy = { recallWindowSeconds: 120, groupAdminsMayRecall: true, groupOwnersMayRecall: true };
const sentAt = new Date("2026-01-01T00:00:00Z");
const inside = new Date(sentAt.getTime() + 119_000);
const atEdge = new Date(sentAt.getTime() + 120_000);
const outside = new Date(sentAt.getTime() + 120_001);

function target(senderRole: MemberRole | null, over: Partial<RecallTarget> = {}): RecallTarget {
  return {
    senderId: "sender",
    senderMemberRole: senderRole,
    kind: "text",
    conversationKind: "group",
    createdAt: sentAt,
    revoked: false,
    ...over,
  };
}
const member = (id: string, role: MemberRole | null, systemRole: "user" | "admin" = "user"): RecallActor => ({
  id,
  systemRole,
  memberRole: role,
});

function outcome(actor: RecallActor, t: RecallTarget, now: Date, p: RecallPolicy = policy): string {
  const d = decideRecall(actor, t, p, now);
  if (!d.ok) return d.code;
  return "alreadyRecalled" in d ? "ALREADY" : d.as;
}

describe("decideRecall: the group matrix", () => {
  // [actor, sender's role, inside window?, expected]
  const actors: Record<string, RecallActor> = {
    "sender (member)": member("sender", "member"),
    "other member": member("x", "member"),
    "group admin": member("x", "admin"),
    "group owner": member("x", "owner"),
    "system admin (not a member)": member("x", null, "admin"),
    "system admin (member)": member("x", "member", "admin"),
    "non-member": member("x", null),
  };
  const table: [string, MemberRole | null, "inside" | "outside", string][] = [
    ["sender (member)", "member", "inside", "sender"],
    ["sender (member)", "member", "outside", "WINDOW_EXPIRED"],
    ["other member", "member", "inside", "NOT_ALLOWED"],
    ["other member", "admin", "inside", "NOT_ALLOWED"],
    ["other member", "owner", "outside", "NOT_ALLOWED"],
    ["group admin", "member", "inside", "group_admin"],
    ["group admin", "member", "outside", "group_admin"],
    ["group admin", null, "outside", "group_admin"],
    ["group admin", "admin", "inside", "NOT_ALLOWED"],
    ["group admin", "owner", "inside", "NOT_ALLOWED"],
    ["group owner", "member", "outside", "group_owner"],
    ["group owner", "admin", "outside", "group_owner"],
    ["group owner", "admin", "inside", "group_owner"],
    ["group owner", null, "outside", "group_owner"],
    ["group owner", "owner", "inside", "NOT_ALLOWED"],
    ["system admin (not a member)", "owner", "outside", "system_admin"],
    ["system admin (not a member)", "member", "inside", "system_admin"],
    ["system admin (member)", "admin", "outside", "system_admin"],
    ["non-member", "member", "inside", "NOT_FOUND"],
    ["non-member", "owner", "outside", "NOT_FOUND"],
  ];
  it.each(table)("%s on a message from a %s, %s the window → %s", (actorName, senderRole, when, expected) => {
    const actor = actors[actorName]!;
    const t = target(actorName.startsWith("sender") ? "member" : senderRole);
    expect(outcome(actor, t, when === "inside" ? inside : outside)).toBe(expected);
  });

  it.each<MemberRole>(["admin", "owner"])(
    "a sender who is a group %s gets no extra time on their own message",
    (role) => {
      const actor = member("sender", role);
      expect(outcome(actor, target(role), inside)).toBe("sender");
      expect(outcome(actor, target(role), outside)).toBe("WINDOW_EXPIRED");
    },
  );
});

describe("decideRecall: direct conversations", () => {
  const direct = (over: Partial<RecallTarget> = {}) => target("member", { conversationKind: "direct", ...over });
  it("only the sender, within the window", () => {
    expect(outcome(member("sender", "member"), direct(), inside)).toBe("sender");
    expect(outcome(member("sender", "member"), direct(), outside)).toBe("WINDOW_EXPIRED");
  });
  it("the other participant may not, even with an owner or admin role", () => {
    for (const role of ["member", "admin", "owner"] as const) {
      expect(outcome(member("x", role), direct(), inside)).toBe("NOT_ALLOWED");
    }
  });
  it("a system admin may (moderation of any message)", () => {
    expect(outcome(member("x", null, "admin"), direct(), outside)).toBe("system_admin");
  });
  it("a stranger learns nothing", () => {
    expect(outcome(member("x", null), direct(), inside)).toBe("NOT_FOUND");
  });
});

describe("decideRecall: the window", () => {
  const sender = member("sender", "member");
  it("is inclusive at the exact deadline and returns it", () => {
    const d = decideRecall(sender, target("member"), policy, atEdge);
    expect(d).toEqual({ ok: true, as: "sender", deadline: atEdge });
  });
  it("follows the configured length", () => {
    const p = { ...policy, recallWindowSeconds: 5 };
    expect(outcome(sender, target("member"), new Date(sentAt.getTime() + 5_000), p)).toBe("sender");
    expect(outcome(sender, target("member"), new Date(sentAt.getTime() + 5_001), p)).toBe("WINDOW_EXPIRED");
  });
  it("0 disables recall by members but not by moderators", () => {
    const p = { ...policy, recallWindowSeconds: 0 };
    expect(outcome(sender, target("member"), sentAt, p)).toBe("RECALL_DISABLED");
    expect(outcome(member("x", "owner"), target("member"), sentAt, p)).toBe("group_owner");
    expect(outcome(member("x", null, "admin"), target("member"), sentAt, p)).toBe("system_admin");
  });
  it("says the window in words", () => {
    const d = decideRecall(sender, target("member"), policy, outside);
    expect(d).toMatchObject({ ok: false, message: "Messages can only be recalled within 2 minutes of sending." });
    expect([formatWindow(1), formatWindow(90), formatWindow(3600), formatWindow(7200)]).toEqual([
      "1 second",
      "90 seconds",
      "1 hour",
      "2 hours",
    ]);
  });
});

describe("decideRecall: switches and special messages", () => {
  it("group admins lose their power when it is turned off", () => {
    const p = { ...policy, groupAdminsMayRecall: false };
    expect(outcome(member("x", "admin"), target("member"), outside, p)).toBe("NOT_ALLOWED");
    expect(outcome(member("x", "owner"), target("member"), outside, p)).toBe("group_owner");
  });
  it("group owners lose their power when it is turned off", () => {
    const p = { ...policy, groupOwnersMayRecall: false };
    expect(outcome(member("x", "owner"), target("member"), outside, p)).toBe("NOT_ALLOWED");
  });
  it("nobody recalls a system message, not even a system admin", () => {
    for (const actor of [member("sender", "member"), member("x", "owner"), member("x", null, "admin")]) {
      expect(outcome(actor, target("member", { kind: "system" }), inside)).toBe("SYSTEM_MESSAGE");
    }
  });
  it("an already recalled message is a no-op for members, but still hidden from strangers", () => {
    const t = target("member", { revoked: true });
    expect(outcome(member("sender", "member"), t, outside)).toBe("ALREADY");
    expect(outcome(member("x", "member"), t, inside)).toBe("ALREADY");
    expect(outcome(member("x", null), t, inside)).toBe("NOT_FOUND");
  });
});
