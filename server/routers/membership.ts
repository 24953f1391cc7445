import { and, eq } from "drizzle-orm";
import { type DbOrTx } from "~/db/client";
import { conversationMembers, conversations } from "~/db/schema";
import { appError, notFound } from "~/server/errors";

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

/** The caller's role if it is one of `roles` in this group; NOT_FOUND for non-members, FORBIDDEN otherwise. */
export async function requireModerator(
  tx: DbOrTx,
  conversationId: string,
  userId: string,
  roles: ("owner" | "admin")[],
): Promise<"owner" | "admin"> {
  const member = await requireMember(tx, conversationId, userId);
  if (member.kind !== "group")
    throw appError("BAD_REQUEST", "BAD_INPUT", "Direct conversations have no members to manage.");
  if (member.role === "member" || !roles.includes(member.role)) {
    throw appError(
      "FORBIDDEN",
      "NOT_ALLOWED",
      roles.length === 1 ? "Only the group owner can do this." : "Only the group owner or a group admin can do this.",
    );
  }
  return member.role;
}
