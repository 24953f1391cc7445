import { decideEdit } from "~/server/chat/edit-rules";
import { type MessageView } from "~/server/realtime/events";
import { windowOpen } from "./action-window";

export type EditOption = { kind: "none" } | { kind: "own"; deadline: Date };

/**
 * Whether to OFFER Edit for a message, using the server's own pure rules at server time `now`:
 * the viewer's own live text message, inside the conversation's edit window (0 = editing off).
 * The server decides again when the edit arrives; this only keeps the menu honest.
 */
export function editOption(input: {
  meId: string;
  windowSeconds: number;
  message: Pick<MessageView, "sender" | "kind" | "createdAt" | "recall" | "body">;
  now: number;
}): EditOption {
  const { message } = input;
  if (message.body === null) return { kind: "none" };
  const decision = decideEdit(
    input.meId,
    true,
    {
      senderId: message.sender.id,
      kind: message.kind,
      createdAt: message.createdAt,
      revoked: message.recall !== null,
      // The new text is not known yet: only whether an edit is allowed at all matters here.
      body: null,
    },
    input.windowSeconds,
    "",
    new Date(input.now),
  );
  if (!decision.ok || !("deadline" in decision) || !windowOpen(decision.deadline, input.now)) return { kind: "none" };
  return { kind: "own", deadline: decision.deadline };
}

/** The newest message the viewer may still edit (Up in an empty composer edits it). */
export function lastEditable(
  messages: readonly MessageView[],
  input: { meId: string; windowSeconds: number; now: number },
): MessageView | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.sender.id !== input.meId || m.kind !== "text") continue;
    return editOption({ ...input, message: m }).kind === "own" ? m : null;
  }
  return null;
}
