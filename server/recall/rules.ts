import { type ConversationKind, type MemberRole, type MessageKind, type RevokerKind, type UserRole } from "~/db/schema";

/** The settings that decide who may recall, after per-conversation overrides are applied. */
export interface RecallPolicy {
  recallWindowSeconds: number;
  groupAdminsMayRecall: boolean;
  groupOwnersMayRecall: boolean;
}

export interface RecallActor {
  id: string;
  systemRole: UserRole;
  /** The actor's role in the message's conversation right now; null when not a member. */
  memberRole: MemberRole | null;
}

export interface RecallTarget {
  senderId: string;
  /** The sender's current role in the conversation; null when the sender has left. */
  senderMemberRole: MemberRole | null;
  kind: MessageKind;
  conversationKind: ConversationKind;
  createdAt: Date;
  revoked: boolean;
}

export type RecallDenialCode = "NOT_FOUND" | "SYSTEM_MESSAGE" | "RECALL_DISABLED" | "WINDOW_EXPIRED" | "NOT_ALLOWED";

export type RecallDecision =
  | {
      ok: true;
      as: RevokerKind;
      /** Latest server time at which the mark may still be applied. */ deadline: Date | null;
    }
  | { ok: true; alreadyRecalled: true }
  | { ok: false; code: RecallDenialCode; message: string };

/**
 * Decides whether `actor` may recall `target` at server time `now`. Pure: every input is passed
 * in, so the transaction can re-assert the same facts in its conditional UPDATE.
 *
 * Order matters: a caller who may not see the conversation learns nothing (not even that the
 * message exists or was recalled), so membership is checked first.
 */
export function decideRecall(
  actor: RecallActor,
  target: RecallTarget,
  policy: RecallPolicy,
  now: Date,
): RecallDecision {
  const isSystemAdmin = actor.systemRole === "admin";
  if (actor.memberRole === null && !isSystemAdmin) {
    return { ok: false, code: "NOT_FOUND", message: "Message not found." };
  }
  if (target.kind === "system") {
    return { ok: false, code: "SYSTEM_MESSAGE", message: "System messages cannot be recalled." };
  }
  if (target.revoked) return { ok: true, alreadyRecalled: true };
  if (isSystemAdmin) return { ok: true, as: "system_admin", deadline: null };

  if (actor.id === target.senderId) {
    if (policy.recallWindowSeconds <= 0) {
      return { ok: false, code: "RECALL_DISABLED", message: "Recalling messages is turned off in this conversation." };
    }
    const deadline = new Date(target.createdAt.getTime() + policy.recallWindowSeconds * 1000);
    if (now.getTime() > deadline.getTime()) {
      return {
        ok: false,
        code: "WINDOW_EXPIRED",
        message: `Messages can only be recalled within ${formatWindow(policy.recallWindowSeconds)} of sending.`,
      };
    }
    return { ok: true, as: "sender", deadline };
  }

  // Moderation powers exist only in groups; in a direct conversation only the sender may recall.
  if (target.conversationKind === "group") {
    // A sender who has left counts as a plain member: their messages stay moderatable.
    const senderRole = target.senderMemberRole ?? "member";
    if (actor.memberRole === "owner" && policy.groupOwnersMayRecall && senderRole !== "owner") {
      return { ok: true, as: "group_owner", deadline: null };
    }
    if (actor.memberRole === "admin" && policy.groupAdminsMayRecall && senderRole === "member") {
      return { ok: true, as: "group_admin", deadline: null };
    }
  }
  return { ok: false, code: "NOT_ALLOWED", message: "You are not allowed to recall this message." };
}

/** "2 minutes", "90 seconds", "1 hour": the window as people say it. */
export function formatWindow(seconds: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (seconds % 3600 === 0) return unit(seconds / 3600, "hour");
  if (seconds % 60 === 0) return unit(seconds / 60, "minute");
  return unit(seconds, "second");
}

/** Which roles' messages may a moderator of `role` recall? Used to re-assert the decision in SQL. */
export function moderatableSenderRoles(as: RevokerKind): MemberRole[] | null {
  if (as === "group_owner") return ["admin", "member"];
  if (as === "group_admin") return ["member"];
  return null;
}
