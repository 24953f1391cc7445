import { sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "~/db/client";
import { conversationMembers, conversations, messageHides, messages, realtimeOutbox } from "~/db/schema";
import { notFound } from "~/server/errors";

export interface HideResult {
  conversationId: string;
  /** The conversation version of this change; null when nothing changed (already so). */
  version: number | null;
}

/**
 * "Delete for me" and its Undo, in one statement: the caller must be a member of the message's
 * conversation (in the WHERE); only a real change takes a conversation version (under the row
 * lock, so the hider's devices find it in the change feed after that version) and tells the
 * caller's other devices on their user channel. Nothing changes for anyone else: the message row,
 * its version and every other member's view stay as they were. Idempotent.
 */
export async function setHidden(db: DbOrTx, userId: string, messageId: string, hidden: boolean): Promise<HideResult> {
  const [row] = rowsOf<{ conversation_id: string | null; version: string | number | null }>(
    await db.execute(sql`
      with target as (
        select m.id, m.conversation_id from ${messages} m
         where m.id = ${messageId}::uuid
           and exists (select 1 from ${conversationMembers} cm
                        where cm.conversation_id = m.conversation_id and cm.user_id = ${userId}::uuid)
      ), conv as (
        update ${conversations} c set version = c.version + 1
          from target t
         where c.id = t.conversation_id
           and coalesce((select h.hidden from ${messageHides} h
                          where h.user_id = ${userId}::uuid and h.message_id = t.id), false) <> ${hidden}
        returning c.version
      ), saved as (
        insert into ${messageHides} (user_id, message_id, conversation_id, hidden, version)
        select ${userId}::uuid, t.id, t.conversation_id, ${hidden}, conv.version from target t, conv
        on conflict (user_id, message_id)
          do update set hidden = excluded.hidden, version = excluded.version, changed_at = now()
        returning conversation_id, version
      ), outbox as (
        insert into ${realtimeOutbox} (event, conversation_id, message_id, user_ids, version)
        select 'message.hidden', conversation_id, ${messageId}::uuid, jsonb_build_array(${userId}::text), version
          from saved
      )
      select t.conversation_id, (select version from saved) as version from target t`),
  );
  if (!row?.conversation_id) throw notFound("Message");
  return { conversationId: row.conversation_id, version: row.version === null ? null : Number(row.version) };
}

/** Whether `userId` hid the message `messageId` names (a column for queries over messages). */
export function hiddenBy(userId: string, messageId = sql`${messages.id}`) {
  return sql<boolean>`exists (select 1 from ${messageHides} h
      where h.user_id = ${userId}::uuid and h.message_id = ${messageId} and h.hidden)`;
}
