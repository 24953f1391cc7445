import { and, eq } from "drizzle-orm";
import { type DbOrTx } from "~/db/client";
import { conversationMembers, conversations } from "~/db/schema";
import { notFound } from "~/server/errors";

/** The caller's membership, or NOT_FOUND: a non-member must not learn that the conversation exists. */
export async function requireMember(db: DbOrTx, conversationId: string, userId: string) {
  const [row] = await db
    .select({
      role: conversationMembers.role,
      lastReadSeq: conversationMembers.lastReadSeq,
      kind: conversations.kind,
      title: conversations.title,
      version: conversations.version,
      lastSeq: conversations.lastSeq,
    })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)));
  if (!row) throw notFound();
  return row;
}
