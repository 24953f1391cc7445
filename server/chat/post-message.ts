import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type Tx } from "~/db/client";
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
 * Appends a message: the next seq and version under the conversation's row lock, the row, and its
 * outbox event. The sender must be a member at this moment (checked in the UPDATE, not before it).
 */
export async function insertMessage(tx: Tx, senderId: string, input: NewMessage): Promise<string> {
  const [conv] = await tx
    .update(conversations)
    .set({
      version: sql`${conversations.version} + 1`,
      lastSeq: sql`${conversations.lastSeq} + 1`,
      lastMessageAt: sql`now()`,
    })
    .where(
      and(
        eq(conversations.id, input.conversationId),
        sql`exists (select 1 from ${conversationMembers} cm where cm.conversation_id = ${conversations.id} and cm.user_id = ${senderId})`,
      ),
    )
    .returning({ version: conversations.version, seq: conversations.lastSeq });
  if (!conv) throw notFound();
  if (input.replyToId) {
    const [quoted] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.id, input.replyToId), eq(messages.conversationId, input.conversationId)));
    if (!quoted)
      throw appError("BAD_REQUEST", "BAD_REPLY", "The message you are replying to is not in this conversation.");
  }
  // The message and its outbox row in one statement: a round trip less on the hottest path.
  const [inserted] = rowsOf<{ id: string }>(
    await tx.execute(sql`
      with inserted as (
        insert into ${messages} (conversation_id, seq, sender_id, kind, client_msg_id, body, reply_to_id, version)
        values (${input.conversationId}, ${conv.seq}, ${senderId}, ${input.kind ?? "text"}, ${input.clientMsgId}, ${input.body}, ${input.replyToId ?? null}, ${conv.version})
        returning id
      ), outbox as (
        insert into ${realtimeOutbox} (event, conversation_id, message_id, version)
        select 'message.created', ${input.conversationId}::uuid, id, ${conv.version}::bigint from inserted
      )
      select id from inserted`),
  );
  return inserted!.id;
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
