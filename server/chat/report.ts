import { and, eq, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "~/db/client";
import { conversationMembers, messageReports, messages, type ReportCategory } from "~/db/schema";
import { appError } from "~/server/errors";

export interface ReportInput {
  messageId: string;
  category: ReportCategory;
  note: string | null;
}

/**
 * A member reports someone else's live text message to the moderators, once. One statement: the
 * reporter's membership, the message's state and the one-per-member rule are all in it, and the
 * text as the reporter sees it is kept with the report. Only when nothing was stored is the
 * message read again, to say why.
 */
export async function reportMessage(db: DbOrTx, reporterId: string, input: ReportInput): Promise<{ reportedAt: Date }> {
  const [stored] = rowsOf<{ created_at: string | Date }>(
    await db.execute(sql`
      insert into ${messageReports} (message_id, conversation_id, reporter_id, category, note, body)
      select m.id, m.conversation_id, ${reporterId}::uuid, ${input.category}::report_category, ${input.note}::text, m.body
        from ${messages} m
       where m.id = ${input.messageId}::uuid
         and m.kind = 'text' and m.revoked_at is null and m.sender_id <> ${reporterId}::uuid
         and exists (select 1 from ${conversationMembers} cm
                      where cm.conversation_id = m.conversation_id and cm.user_id = ${reporterId}::uuid)
      on conflict (message_id, reporter_id) do nothing
      returning created_at`),
  );
  if (stored) return { reportedAt: new Date(stored.created_at) };
  throw await whyNotReported(db, reporterId, input.messageId);
}

async function whyNotReported(db: DbOrTx, reporterId: string, messageId: string) {
  const [m] = await db
    .select({ senderId: messages.senderId, kind: messages.kind, revokedAt: messages.revokedAt })
    .from(messages)
    .innerJoin(
      conversationMembers,
      and(eq(conversationMembers.conversationId, messages.conversationId), eq(conversationMembers.userId, reporterId)),
    )
    .where(eq(messages.id, messageId));
  if (!m) return appError("NOT_FOUND", "NOT_FOUND", "Message not found.");
  if (m.kind === "system") return appError("BAD_REQUEST", "SYSTEM_MESSAGE", "System messages cannot be reported.");
  if (m.senderId === reporterId)
    return appError("BAD_REQUEST", "OWN_MESSAGE", "You cannot report your own message; you can recall or edit it.");
  if (m.revokedAt !== null)
    return appError("CONFLICT", "RECALLED", "This message was recalled already, so there is nothing to report.");
  return appError("CONFLICT", "ALREADY_REPORTED", "You already reported this message; the moderators have it.");
}
