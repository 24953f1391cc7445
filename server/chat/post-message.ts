import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf, type Tx } from "~/db/client";
import { conversationMembers, conversations, type MessageKind, messages, realtimeOutbox } from "~/db/schema";
import { appError, notFound } from "~/server/errors";
import { encodeSystemLine, type SystemLine } from "./system-line";

interface NewMessage {
  conversationId: string;
  clientMsgId: string;
  body: string;
  replyToId?: string | null;
  kind?: MessageKind;
}

/**
 * Appends a message in ONE statement: the next seq and version under the conversation's row lock
 * (the sender's membership checked in that UPDATE's WHERE, not before it), the row and its outbox
 * event. Atomic without a transaction of its own, so send costs one round trip here; inside a
 * caller's transaction (system lines) it is part of that one.
 */
export async function insertMessage(db: DbOrTx, senderId: string, input: NewMessage): Promise<string> {
  if (input.replyToId) {
    // Rows are never deleted and never move, so checking before the insert is as good as during it.
    const [quoted] = await db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.id, input.replyToId), eq(messages.conversationId, input.conversationId)));
    if (!quoted)
      throw appError("BAD_REQUEST", "BAD_REPLY", "The message you are replying to is not in this conversation.");
  }
  const [inserted] = rowsOf<{ id: string }>(
    await db.execute(sql`
      with conv as (
        update ${conversations}
           set version = version + 1, last_seq = last_seq + 1, last_message_at = now()
         where id = ${input.conversationId}
           and exists (select 1 from ${conversationMembers} cm where cm.conversation_id = ${input.conversationId} and cm.user_id = ${senderId})
        returning version, last_seq
      ), inserted as (
        insert into ${messages} (conversation_id, seq, sender_id, kind, client_msg_id, body, reply_to_id, version)
        select ${input.conversationId}::uuid, conv.last_seq, ${senderId}::uuid, ${input.kind ?? "text"}::message_kind, ${input.clientMsgId}::text,
               ${input.body}::text, ${input.replyToId ?? null}::uuid, conv.version
          from conv
        returning id, version
      ), outbox as (
        insert into ${realtimeOutbox} (event, conversation_id, message_id, version)
        select 'message.created', ${input.conversationId}::uuid, id, version from inserted
      )
      select id from inserted`),
  );
  if (!inserted) throw notFound();
  return inserted.id;
}

/** A system line ("Alice made Carol an admin") in the conversation, with `actorId` as its sender. */
export function postSystemLine(tx: Tx, conversationId: string, actorId: string, line: SystemLine): Promise<string> {
  return insertMessage(tx, actorId, {
    conversationId,
    clientMsgId: `system-${randomUUID()}`,
    body: encodeSystemLine(line),
    kind: "system",
  });
}
