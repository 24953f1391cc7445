import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { alias, type AnyPgColumn, type PgSelect } from "drizzle-orm/pg-core";
import { type DbOrTx } from "~/db/client";
import {
  auditLog,
  conversationMembers,
  conversations,
  messageHides,
  messages,
  type MessageKind,
  type RevokerKind,
  users,
} from "~/db/schema";
import { attachmentsOf } from "~/server/attachments/lifecycle";
import { hiddenBy } from "~/server/chat/hide";
import { type AttachmentView } from "~/server/attachments/view";
import { appError } from "~/server/errors";

/**
 * What a member may read of a message. A recalled message is a tombstone: who, when, why — and
 * no body. The body column is already NULL in the row after a recall; `toMessageView` enforces
 * it once more so no future column choice can leak recalled text to members.
 */
export interface MessageView {
  id: string;
  conversationId: string;
  seq: number;
  version: number;
  kind: MessageKind;
  sender: { id: string; name: string };
  clientMsgId: string;
  body: string | null;
  /** Its images and files, in order; [] once recalled (the same moment the files answer 404). */
  attachments: AttachmentView[];
  createdAt: Date;
  replyTo: QuotedView | null;
  /** The sender changed the text after sending ("edited"); null for unedited and recalled messages. */
  edited: { at: Date; count: number } | null;
  recall: RecallView | null;
  /**
   * A system admin took a recall of this message back (admin restore): its sender is told
   * "Restored by an admin", other members see a quieter marker. False while it is recalled.
   */
  restored: boolean;
}

export interface QuotedView {
  id: string;
  seq: number;
  senderName: string;
  /** null when the quoted message was recalled: the UI says "Original message was recalled". */
  body: string | null;
  /** Its files when it was sent without text, so the quote can name them; else []. */
  attachments: AttachmentView[];
  recalled: boolean;
}

export interface RecallView {
  at: Date;
  by: { id: string; name: string };
  kind: RevokerKind;
  reason: string | null;
}

/** A silently recalled message, or one the reader hid: devices drop it, nothing is shown. */
export interface RemovedView {
  removed: true;
  id: string;
  conversationId: string;
  seq: number;
  version: number;
  /**
   * The reader hid it ("delete for me"; only in the reader's own change feed). Its version may
   * equal the version of a recall the device shows as a tip: unlike a silent recall's removal,
   * the hide wins over that tip.
   */
  hidden?: true;
}

export type MessageChange = MessageView | RemovedView;

/** The message a reply quotes, joined (withMemberViewJoins) wherever `memberMessageColumns` are selected. */
const quoted = alias(messages, "quoted");
const quotedOn = and(eq(quoted.id, messages.replyToId), eq(quoted.conversationId, messages.conversationId));

/**
 * A user's name as a scalar subquery: one primary-key probe per row of the page. A join let
 * PostgreSQL hash the whole users table for a page of 50 (bench: a seq scan of users per call).
 */
export const nameOf = (userId: SQL | AnyPgColumn) =>
  sql<string | null>`(select u.name from ${users} u where u.id = ${userId})`;

/** Whether an admin ever restored the message (a restore clears the recall columns; the audit log keeps it). */
export function hasRestore(messageId: SQL): SQL {
  return sql`exists (select 1 from ${auditLog} where ${auditLog.action} = 'restore' and ${auditLog.targetMessageId} = ${messageId})`;
}

/** A quoted message's files, read only when it was sent without text (the quote then names them). */
export const quotedAttachments = (id: SQL, body: SQL, revokedAt: SQL) =>
  sql<AttachmentView[] | null>`(case when ${body} = '' then ${attachmentsOf(id, revokedAt)} end)`;

export const memberMessageColumns = {
  id: messages.id,
  conversationId: messages.conversationId,
  seq: messages.seq,
  version: messages.version,
  kind: messages.kind,
  senderId: messages.senderId,
  senderName: sql<string>`coalesce(${nameOf(messages.senderId)}, '')`,
  clientMsgId: messages.clientMsgId,
  body: messages.body,
  attachments: attachmentsOf(sql`${messages.id}`, sql`${messages.revokedAt}`),
  createdAt: messages.createdAt,
  editedAt: messages.editedAt,
  editCount: messages.editCount,
  revokedAt: messages.revokedAt,
  revokerId: messages.revokerId,
  revokerName: nameOf(messages.revokerId),
  revokerKind: messages.revokerKind,
  revokeReason: messages.revokeReason,
  revokeSilent: messages.revokeSilent,
  quotedId: quoted.id,
  quotedSeq: quoted.seq,
  quotedBody: quoted.body,
  quotedRevokedAt: quoted.revokedAt,
  quotedSenderName: nameOf(quoted.senderId),
  quotedAttachments: quotedAttachments(sql`${quoted.id}`, sql`${quoted.body}`, sql`${quoted.revokedAt}`),
  // The audit log's partial index on restores makes this one index probe per row (no column, no migration).
  restored: sql<boolean>`${hasRestore(sql`${messages.id}`)}`.mapWith(Boolean),
};

/** SELECT … FROM messages with the joins a member view needs; callers add the WHERE (with the caller in it). */
export function selectMemberMessages(db: DbOrTx, where: SQL | undefined) {
  return withMemberViewJoins(db.select(memberMessageColumns).from(messages).$dynamic()).where(where);
}

/** The join memberMessageColumns read from (the quoted message), on a query over `messages`. */
export function withMemberViewJoins<Query extends PgSelect>(query: Query) {
  return query.leftJoin(quoted, quotedOn);
}

/**
 * The caller's membership and a page of member views in one statement (one snapshot, one round
 * trip): the membership row is the FROM and the caller is in its WHERE, so a non-member gets no
 * row at all and a member always gets at least one (the page is LEFT JOINed: an empty page is one
 * row with no message). The page's WHERE, order and limit pick message ids first (walking the
 * messages indexes), and only that page is joined with users and quoted messages: joining first
 * made PostgreSQL hash the whole users table on every history/changes call (bench).
 * `member` is null when the caller is not a member.
 *
 * `changesAfter` (the change feed) picks the page by version instead: messages changed after it,
 * and messages the caller hid or un-hid after it (per-user changes, see message_hides), each with
 * its effective version (the later of the two), in version order. Each half walks its own index
 * and is cut to the limit before they are merged.
 */
export async function selectMemberMessagePage(
  db: DbOrTx,
  page: {
    conversationId: string;
    userId: string;
    where?: SQL | undefined;
    orderBy?: SQL[];
    limit: number;
    changesAfter?: number;
  },
) {
  const ids =
    page.changesAfter === undefined
      ? db
          .select({ id: messages.id, v: sql<number>`${messages.version}`.as("v") })
          .from(messages)
          .where(and(eq(messages.conversationId, page.conversationId), page.where))
          .orderBy(...(page.orderBy ?? []))
          .limit(page.limit)
          .as("page")
      : db
          .select({ id: sql<string>`u.id`.as("id"), v: sql<number>`max(u.v)`.as("v") })
          .from(changedIds(page.conversationId, page.userId, page.changesAfter, page.limit))
          .groupBy(sql`u.id`)
          .orderBy(sql`max(u.v)`)
          .limit(page.limit)
          .as("page");
  // Named by hand: a subquery's sql-typed fields are not qualified with its alias by drizzle.
  const pageV = sql`"page"."v"`;
  const query = db
    .select({
      version: conversations.version,
      lastReadSeq: conversationMembers.lastReadSeq,
      changeVersion: sql<number | null>`${pageV}`.mapWith(Number),
      hiddenByMe: hiddenBy(page.userId).mapWith(Boolean),
      message: memberMessageColumns,
    })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .leftJoin(ids, sql`true`)
    .leftJoin(messages, sql`${messages.id} = "page"."id"`)
    .$dynamic();
  const rows = await withMemberViewJoins(query)
    .where(
      and(eq(conversationMembers.conversationId, page.conversationId), eq(conversationMembers.userId, page.userId)),
    )
    .orderBy(...(page.changesAfter === undefined ? (page.orderBy ?? []) : [asc(pageV), asc(messages.seq)]));
  const first = rows[0];
  if (!first) return { member: null, rows: [] };
  return {
    member: { version: first.version, lastReadSeq: first.lastReadSeq },
    // The LEFT JOIN types every message column as nullable; a row with an id is a whole message.
    rows: rows.flatMap((r) =>
      r.message.id === null
        ? []
        : [{ ...(r.message as MemberMessageRow), hiddenByMe: r.hiddenByMe, changeVersion: r.changeVersion ?? 0 }],
    ),
  };
}

/**
 * The two halves of the change feed's page, as (id, v) rows of a subquery named u. Each message is
 * in the half whose version is its effective one, and only there: a message hidden after its last
 * change is the hide half's, else the message half's. Cutting each half to the limit and merging
 * is then a merge of two sorted lists of the same keys. (A message listed in both halves took a
 * place in the message half at its older version; the page's max(v) then moved past messages that
 * the cut had left out, and the next page started after them: they were never sent.)
 */
function changedIds(conversationId: string, userId: string, after: number, limit: number): SQL {
  return sql`(
    (select m.id, m.version as v from ${messages} m
      where m.conversation_id = ${conversationId}::uuid and m.version > ${after}
        and not exists (select 1 from ${messageHides} h
                         where h.user_id = ${userId}::uuid and h.message_id = m.id and h.version > m.version)
      order by m.version, m.seq limit ${limit})
    union all
    (select h.message_id, h.version from ${messageHides} h
      where h.user_id = ${userId}::uuid and h.conversation_id = ${conversationId}::uuid and h.version > ${after}
        and h.version > (select m.version from ${messages} m where m.id = h.message_id)
      order by h.version limit ${limit})
  ) u`;
}

export type MemberMessageRow = Awaited<ReturnType<typeof selectMemberMessages>>[number];

export function toMessageView(row: MemberMessageRow): MessageView {
  const recalled = row.revokedAt !== null;
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    version: row.version,
    kind: row.kind,
    sender: { id: row.senderId, name: row.senderName },
    clientMsgId: row.clientMsgId,
    body: recalled ? null : row.body,
    attachments: recalled ? [] : (row.attachments ?? []),
    createdAt: row.createdAt,
    replyTo:
      row.quotedId === null
        ? null
        : {
            id: row.quotedId,
            seq: row.quotedSeq ?? 0,
            senderName: row.quotedSenderName ?? "",
            body: row.quotedRevokedAt === null ? row.quotedBody : null,
            attachments: row.quotedRevokedAt === null ? (row.quotedAttachments ?? []) : [],
            recalled: row.quotedRevokedAt !== null,
          },
    edited: !recalled && row.editedAt !== null ? { at: row.editedAt, count: row.editCount } : null,
    recall: recalled
      ? {
          at: row.revokedAt!,
          by: { id: row.revokerId ?? "", name: row.revokerName ?? "" },
          kind: row.revokerKind ?? "system_admin",
          reason: row.revokeReason,
        }
      : null,
    restored: !recalled && row.restored,
  };
}

/** What a recall writes into the message row (see recall_mark). */
export interface RecallMark {
  version: number;
  at: Date;
  by: { id: string; name: string };
  kind: RevokerKind;
  reason: string | null;
  silent: boolean;
}

/**
 * The member-view row of a message read just before its recall, with the recall applied: what a
 * read right after the mark returns, without that read. The body goes, as it went from the row.
 */
export function recalledRow(row: MemberMessageRow, mark: RecallMark): MemberMessageRow {
  return {
    ...row,
    body: null,
    attachments: [],
    version: mark.version,
    revokedAt: mark.at,
    revokerId: mark.by.id,
    revokerName: mark.by.name,
    revokerKind: mark.kind,
    revokeReason: mark.reason,
    revokeSilent: mark.silent,
  };
}

/**
 * `viewerId`: who reads it. Silent mode hides a recall from the others only: the sender still
 * sees their own tip (and, on the device that recalled, Re-edit). Shared payloads (realtime)
 * pass no viewer and carry the removal.
 */
export function toMessageChange(row: MemberMessageRow, viewerId?: string): MessageChange {
  if (row.revokedAt !== null && row.revokeSilent && row.senderId !== viewerId) {
    return { removed: true, id: row.id, conversationId: row.conversationId, seq: row.seq, version: row.version };
  }
  return toMessageView(row);
}

/** One message as a member reads it right after a change (recall, restore). */
export async function memberChange(db: DbOrTx, messageId: string, viewerId?: string): Promise<MessageChange> {
  const [row] = await selectMemberMessages(db, eq(messages.id, messageId));
  if (!row) throw appError("NOT_FOUND", "NOT_FOUND", "Message not found.");
  return toMessageChange(row, viewerId);
}
