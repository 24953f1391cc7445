import { decideRecall, type RecallPolicy } from "~/server/recall/rules";
import { type MemberRole, type UserRole } from "~/db/schema";
import { type MessageView } from "~/server/realtime/events";
import { windowOpen } from "./action-window";

export type RecallOption =
  | { kind: "none" }
  /** The viewer's own message; `deadline` (server time) is null for system admins. */
  | { kind: "own"; deadline: Date | null }
  /** Someone else's message, as a moderator: asks for an optional reason first. */
  | { kind: "moderate" };

/**
 * Whether to OFFER Recall for a message, using the server's own pure rules at server time `now`.
 * The server decides again when the request arrives; this only keeps the menu honest.
 */
export function recallOption(input: {
  me: { id: string; role: UserRole };
  myRole: MemberRole | null;
  conversationKind: "direct" | "group";
  policy: RecallPolicy;
  message: Pick<MessageView, "sender" | "kind" | "createdAt" | "recall">;
  senderRole: MemberRole | null;
  now: number;
}): RecallOption {
  const decision = decideRecall(
    { id: input.me.id, systemRole: input.me.role, memberRole: input.myRole },
    {
      senderId: input.message.sender.id,
      senderMemberRole: input.senderRole,
      kind: input.message.kind,
      conversationKind: input.conversationKind,
      createdAt: input.message.createdAt,
      revoked: input.message.recall !== null,
    },
    input.policy,
    new Date(input.now),
  );
  if (!decision.ok || "alreadyRecalled" in decision) return { kind: "none" };
  if (input.message.sender.id !== input.me.id) return { kind: "moderate" };
  if (!windowOpen(decision.deadline, input.now)) return { kind: "none" };
  return { kind: "own", deadline: decision.deadline };
}
