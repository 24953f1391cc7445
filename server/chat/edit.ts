import { and, eq, sql } from "drizzle-orm";
import { type Db, rowsOf } from "~/db/client";
import { messages } from "~/db/schema";
import { hasSqlState } from "~/server/db-errors";
import { appError } from "~/server/errors";
import { actorMember, type RecallFacts, selectRecallFacts } from "~/server/recall/facts";
import { type MemberMessageRow, type MessageView, toMessageView } from "~/server/recall/member-view";
import { DEFAULT_SETTINGS } from "~/server/recall/settings";
import { decideEdit, type EditDenialCode } from "./edit-rules";

export interface EditResult {
  message: MessageView;
  /** The text was already this: nothing was written. */
  unchanged: boolean;
}

/** The SQLSTATE `edit_mark` raises when a fact the decision used no longer holds: re-decide. */
const GUARD_FAILED = "RG001";
const EDIT_ATTEMPTS = 3;

const denial: Record<EditDenialCode, "NOT_FOUND" | "FORBIDDEN" | "CONFLICT"> = {
  NOT_FOUND: "NOT_FOUND",
  SYSTEM_MESSAGE: "FORBIDDEN",
  RECALLED: "CONFLICT",
  NOT_ALLOWED: "FORBIDDEN",
  EDIT_DISABLED: "FORBIDDEN",
  WINDOW_EXPIRED: "FORBIDDEN",
};

/**
 * Replaces the text of the editor's own message, keeping its id, place and replies. Decided like a
 * recall: the pure rules on facts read with the caller in the WHERE clause (the same facts read as
 * recall), then applied by `edit_mark` (migration 0010), which takes the conversation lock and
 * re-asserts those facts. An edit and a recall of one message therefore serialise on that lock and
 * get consecutive versions: whichever commits second sees the first (a recalled message cannot be
 * edited; a recall after an edit vaults the edited text).
 */
export async function editMessage(
  db: Db,
  editor: { id: string },
  input: { messageId: string; body: string },
): Promise<EditResult> {
  for (let attempt = 0; attempt < EDIT_ATTEMPTS; attempt++) {
    const result = await editOnce(db, editor, input);
    if (result) return result;
  }
  throw appError("CONFLICT", "NOT_ALLOWED", "The message changed while editing it; please try again.");
}

async function editOnce(db: Db, editor: { id: string }, input: { messageId: string; body: string }) {
  const [facts] = await selectRecallFacts(db, editor.id).where(
    and(eq(messages.id, input.messageId), sql`${actorMember.userId} IS NOT NULL`),
  );
  if (!facts) throw appError("NOT_FOUND", "NOT_FOUND", "Message not found.");
  const settings = facts.settings ?? DEFAULT_SETTINGS;
  const decision = decideEdit(
    editor.id,
    facts.actorRole !== null,
    {
      senderId: facts.senderId,
      kind: facts.kind,
      createdAt: facts.createdAt,
      revoked: facts.revokedAt !== null,
      body: facts.body,
    },
    settings.editWindowSeconds,
    input.body,
    facts.now,
  );
  if (!decision.ok) throw appError(denial[decision.code], decision.code, decision.message);
  if ("unchanged" in decision) return { message: toMessageView(facts), unchanged: true };

  const keep = settings.contentPolicy === "retain";
  try {
    const [row] = rowsOf<{ out_version: string | number; out_edited_at: string | Date; out_edit_count: number }>(
      await db.execute(sql`
        select * from edit_mark(
          ${input.messageId}::uuid, ${facts.conversationId}::uuid, ${editor.id}::uuid, ${input.body}::text,
          ${decision.deadline.toISOString()}::timestamptz, ${keep}::boolean, ${settings.retentionDays}::int)`),
    );
    const edited = editedRow(facts, {
      body: input.body,
      version: Number(row!.out_version),
      at: new Date(row!.out_edited_at),
      count: Number(row!.out_edit_count),
    });
    return { message: toMessageView(edited), unchanged: false };
  } catch (error) {
    if (hasSqlState(error, GUARD_FAILED)) return null;
    throw error;
  }
}

/** The member-view row read before the edit, with the edit applied: the answer without a re-read. */
function editedRow(
  facts: RecallFacts,
  edit: { body: string; version: number; at: Date; count: number },
): MemberMessageRow {
  return { ...facts, body: edit.body, version: edit.version, editedAt: edit.at, editCount: edit.count };
}
