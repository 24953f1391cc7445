import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf, type Tx } from "~/db/client";
import { conversationMembers, conversations, type MessageKind, messages, realtimeOutbox } from "~/db/schema";
import { type AttachmentView } from "~/server/attachments/view";
import { appError, notFound } from "~/server/errors";
import { type MemberMessageRow, nameOf, quotedAttachments } from "~/server/recall/member-view";
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
export async function insertMessage(db: DbOrTx, senderId: string, input: NewMessage): Promise<Inserted> {
  // Rows are never deleted and never move, so reading the quoted one before the insert is as good
  // as during it; it is read as members see it, for the answer.
  const quoted = input.replyToId ? await quotedMessage(db, input.replyToId, input.conversationId) : null;
  const [inserted] = rowsOf<{ id: string; seq: string | number; version: string | number; created_at: string | Date }>(
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
        returning id, seq, version, created_at
      ), outbox as (
        insert into ${realtimeOutbox} (event, conversation_id, message_id, version)
        select 'message.created', ${input.conversationId}::uuid, id, version from inserted
      )
      select id, seq, version, created_at from inserted`),
  );
  if (!inserted) throw notFound();
  return {
    id: inserted.id,
    seq: Number(inserted.seq),
    version: Number(inserted.version),
    createdAt: new Date(inserted.created_at),
    quoted,
  };
}

interface Inserted {
  id: string;
  seq: number;
  version: number;
  createdAt: Date;
  quoted: Awaited<ReturnType<typeof quotedMessage>> | null;
}

/** A message just inserted, as its members read it (nothing recalled yet), without reading it again. */
export function sentRow(
  sender: { id: string; name: string },
  input: NewMessage,
  inserted: Inserted,
  attachments: AttachmentView[] = [],
): MemberMessageRow {
  return {
    ...NOT_RECALLED,
    ...(inserted.quoted ?? NO_QUOTE),
    id: inserted.id,
    conversationId: input.conversationId,
    seq: inserted.seq,
    version: inserted.version,
    kind: input.kind ?? "text",
    senderId: sender.id,
    senderName: sender.name,
    clientMsgId: input.clientMsgId,
    body: input.body,
    attachments,
    createdAt: inserted.createdAt,
    editedAt: null,
    editCount: 0,
    restored: false,
  };
}

const NOT_RECALLED = {
  revokedAt: null,
  revokerId: null,
  revokerName: null,
  revokerKind: null,
  revokeReason: null,
  revokeSilent: null,
} satisfies Partial<MemberMessageRow>;

const NO_QUOTE = {
  quotedId: null,
  quotedSeq: null,
  quotedBody: null,
  quotedRevokedAt: null,
  quotedSenderName: null,
  quotedAttachments: null,
} satisfies Partial<MemberMessageRow>;

async function quotedMessage(db: DbOrTx, id: string, conversationId: string) {
  const [quoted] = await db
    .select({
      quotedId: messages.id,
      quotedSeq: messages.seq,
      quotedBody: messages.body,
      quotedRevokedAt: messages.revokedAt,
      quotedSenderName: nameOf(messages.senderId),
      quotedAttachments: quotedAttachments(sql`${messages.id}`, sql`${messages.body}`, sql`${messages.revokedAt}`),
    })
    .from(messages)
    .where(and(eq(messages.id, id), eq(messages.conversationId, conversationId)));
  if (!quoted)
    throw appError("BAD_REQUEST", "BAD_REPLY", "The message you are replying to is not in this conversation.");
  return quoted;
}

/** A system line ("Alice made Carol an admin") in the conversation, with `actorId` as its sender. */
export async function postSystemLine(
  tx: Tx,
  conversationId: string,
  actorId: string,
  line: SystemLine,
): Promise<string> {
  const { id } = await insertMessage(tx, actorId, {
    conversationId,
    clientMsgId: `system-${randomUUID()}`,
    body: encodeSystemLine(line),
    kind: "system",
  });
  return id;
}
