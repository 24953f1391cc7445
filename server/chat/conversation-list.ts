import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { type DbOrTx } from "~/db/client";
import { conversationMembers, conversations, messages, users } from "~/db/schema";
import { type MessageView, selectMemberMessages, toMessageView } from "~/server/recall/member-view";

export interface ConversationListInput {
  limit: number;
  cursor?: { lastMessageAt: Date; id: string };
}

/** A page of `me`'s conversations, most recent first, with preview and unread count. */
export async function listConversations(db: DbOrTx, me: string, input: ConversationListInput) {
  const peerId = sql<string | null>`(select o.user_id from ${conversationMembers} o
      where ${conversations.kind} = 'direct' and o.conversation_id = ${conversations.id} and o.user_id <> ${me} limit 1)`;
  const rows = await db
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
      directPeerId: peerId,
      // By primary key: a join to users let PostgreSQL hash the whole users table (bench).
      directPeerName: sql<string | null>`(select u.name from ${users} u where u.id = ${peerId})`,
      // Capped: a badge shows "99+" and the count stays an index-only range scan (covering index).
      unread: sql<number>`(select count(*) from (select 1 from ${messages} u
          where u.conversation_id = ${conversations.id} and u.seq > ${conversationMembers.lastReadSeq}
            and u.sender_id <> ${me} and u.revoked_at is null and u.kind = 'text' limit 100) capped)`.mapWith(Number),
      previewId: sql<string | null>`(select p.id from ${messages} p
          where p.conversation_id = ${conversations.id} and not coalesce(p.revoke_silent, false)
          order by p.seq desc limit 1)`,
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
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const previewIds = page.flatMap((r) => (r.previewId ? [r.previewId] : []));
  const previews = previewIds.length
    ? new Map((await selectMemberMessages(db, inArray(messages.id, previewIds))).map((m) => [m.id, toMessageView(m)]))
    : new Map<string, MessageView>();
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.kind === "direct" ? (r.directPeerName ?? "") : (r.title ?? ""),
      peerId: r.directPeerId,
      version: r.version,
      lastSeq: r.lastSeq,
      lastMessageAt: r.lastMessageAt,
      myRole: r.myRole,
      lastReadSeq: r.lastReadSeq,
      unread: r.unread,
      preview: r.previewId ? (previews.get(r.previewId) ?? null) : null,
    })),
    nextCursor: rows.length > input.limit && last ? { lastMessageAt: last.lastMessageAt, id: last.id } : null,
    serverTime: new Date(),
  };
}
