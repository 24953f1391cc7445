import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { type DbOrTx } from "~/db/client";
import { hiddenBy } from "./hide";
import { conversationMembers, conversations, messages, users } from "~/db/schema";
import {
  type MemberMessageRow,
  memberMessageColumns,
  toMessageView,
  withMemberViewJoins,
} from "~/server/recall/member-view";

export interface ConversationListInput {
  limit: number;
  cursor?: { lastMessageAt: Date; id: string };
}

/**
 * A page of `me`'s conversations, most recent first, with preview and unread count, in one
 * statement: the page (the caller in its WHERE) is ordered and cut first, and only its rows get
 * the per-row subqueries and the preview's member view (a second statement for the previews was a
 * second round trip per call, bench).
 */
export async function listConversations(db: DbOrTx, me: string, input: ConversationListInput) {
  const peerId = sql<string | null>`(select o.user_id from ${conversationMembers} o
      where ${conversations.kind} = 'direct' and o.conversation_id = ${conversations.id} and o.user_id <> ${me} limit 1)`;
  const page = db
    .select({
      id: conversations.id,
      kind: conversations.kind,
      title: conversations.title,
      version: conversations.version,
      lastSeq: conversations.lastSeq,
      lastMessageAt: conversations.lastMessageAt,
      myRole: conversationMembers.role,
      lastReadSeq: conversationMembers.lastReadSeq,
      // Subqueries in the select list run only for the page's rows (after ORDER BY/LIMIT).
      directPeerId: peerId.as("direct_peer_id"),
      // By primary key: a join to users let PostgreSQL hash the whole users table (bench).
      directPeerName: sql<string | null>`(select u.name from ${users} u where u.id = ${peerId})`.as("direct_peer_name"),
      // Capped: a badge shows "99+" and the count stays an index-only range scan (covering index).
      unread: sql<number>`(select count(*) from (select 1 from ${messages} u
          where u.conversation_id = ${conversations.id} and u.seq > ${conversationMembers.lastReadSeq}
            and u.sender_id <> ${me} and u.revoked_at is null and u.kind = 'text'
            and not ${hiddenBy(me, sql`u.id`)} limit 100) capped)`.as("unread"),
      previewId: sql<string | null>`(select p.id from ${messages} p
          where p.conversation_id = ${conversations.id} and not coalesce(p.revoke_silent, false)
            and not ${hiddenBy(me, sql`p.id`)}
          order by p.seq desc limit 1)`.as("preview_id"),
    })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(
      and(
        eq(conversationMembers.userId, me),
        input.cursor
          ? or(
              lt(conversations.lastMessageAt, input.cursor.lastMessageAt),
              and(eq(conversations.lastMessageAt, input.cursor.lastMessageAt), lt(conversations.id, input.cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
    .limit(input.limit + 1)
    .as("page");
  const previews = db
    .select({
      id: page.id,
      kind: page.kind,
      title: page.title,
      version: page.version,
      lastSeq: page.lastSeq,
      lastMessageAt: page.lastMessageAt,
      myRole: page.myRole,
      lastReadSeq: page.lastReadSeq,
      directPeerId: page.directPeerId,
      directPeerName: page.directPeerName,
      unread: page.unread,
      preview: memberMessageColumns,
    })
    .from(page)
    .leftJoin(messages, eq(messages.id, page.previewId))
    .$dynamic();
  const rows = await withMemberViewJoins(previews).orderBy(desc(page.lastMessageAt), desc(page.id));
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.kind === "direct" ? (r.directPeerName ?? "") : (r.title ?? ""),
      peerId: r.directPeerId,
      version: r.version,
      lastSeq: r.lastSeq,
      lastMessageAt: r.lastMessageAt,
      myRole: r.myRole,
      lastReadSeq: r.lastReadSeq,
      // count(*) is a bigint: postgres.js hands it over as a string.
      unread: Number(r.unread),
      // The LEFT JOIN types every message column as nullable; a row with an id is a whole message.
      preview: r.preview.id === null ? null : toMessageView(r.preview as MemberMessageRow),
    })),
    nextCursor: rows.length > input.limit && last ? { lastMessageAt: last.lastMessageAt, id: last.id } : null,
    serverTime: new Date(),
  };
}
