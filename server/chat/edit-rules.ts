import { type MessageKind } from "~/db/schema";
import { formatWindow } from "~/server/recall/rules";

export interface EditTarget {
  senderId: string;
  kind: MessageKind;
  createdAt: Date;
  revoked: boolean;
  body: string | null;
}

export type EditDenialCode =
  "NOT_FOUND" | "SYSTEM_MESSAGE" | "RECALLED" | "NOT_ALLOWED" | "EDIT_DISABLED" | "WINDOW_EXPIRED";

export type EditDecision =
  { ok: true; deadline: Date } | { ok: true; unchanged: true } | { ok: false; code: EditDenialCode; message: string };

/**
 * Decides whether `editorId` may replace `target`'s text with `body` at server time `now`. Only
 * the sender edits, and only their own live text message inside the edit window: moderators
 * recall, they never put words in someone else's mouth. Pure, so the write can re-assert the same
 * facts under the conversation lock (edit_mark). Non-members learn nothing: checked first.
 */
export function decideEdit(
  editorId: string,
  isMember: boolean,
  target: EditTarget,
  windowSeconds: number,
  body: string,
  now: Date,
): EditDecision {
  if (!isMember) return { ok: false, code: "NOT_FOUND", message: "Message not found." };
  if (target.kind === "system") {
    return { ok: false, code: "SYSTEM_MESSAGE", message: "System messages cannot be edited." };
  }
  if (target.senderId !== editorId) {
    return { ok: false, code: "NOT_ALLOWED", message: "You can only edit messages you sent." };
  }
  if (target.revoked) {
    return { ok: false, code: "RECALLED", message: "This message was recalled, so it cannot be edited." };
  }
  if (windowSeconds <= 0) {
    return { ok: false, code: "EDIT_DISABLED", message: "Editing messages is turned off in this conversation." };
  }
  const deadline = new Date(target.createdAt.getTime() + windowSeconds * 1000);
  if (now.getTime() > deadline.getTime()) {
    return {
      ok: false,
      code: "WINDOW_EXPIRED",
      message: `Messages can only be edited within ${formatWindow(windowSeconds)} of sending.`,
    };
  }
  // Saving the same text is not an edit: nothing to mark "(edited)", nothing to keep.
  if (target.body === body) return { ok: true, unchanged: true };
  return { ok: true, deadline };
}
