import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type Tx } from "~/db/client";
import { conversationMembers, conversations, messages } from "~/db/schema";
import { type Context } from "~/server/context";
import { enforceLimit } from "~/server/trpc";

/** The membership row of one user in one conversation. */
export function memberRow(conversationId: string, userId: string): SQL {
  return and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId))!;
}

/**
 * Runs a membership change in one transaction; once it has committed, the outbox publisher is
 * woken for the events the change queued (a rolled-back change queued none).
 */
export async function commitChange<T>(ctx: Context, change: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await ctx.db.transaction(change);
  ctx.afterCommit();
  return result;
}

/**
 * Being put into groups needs no consent, so it is counted per person added: someone who has never
 * written to the adder in a direct conversation can be added to only so many groups per hour.
 */
export async function limitUnsolicitedAdds(ctx: Context, me: string, userIds: string[]): Promise<void> {
  if (!ctx.limiter || userIds.length === 0) return;
  const keyOf = (other: string) => [me, other].sort().join(":");
  const contacts = await ctx.db
    .select({ directKey: conversations.directKey })
    .from(conversations)
    .where(
      and(
        inArray(conversations.directKey, userIds.map(keyOf)),
        sql`exists (select 1 from ${messages} m where m.conversation_id = ${conversations.id} and m.sender_id <> ${me})`,
      ),
    );
  const known = new Set(contacts.map((c) => c.directKey));
  const strangers = userIds.filter((u) => !known.has(keyOf(u)));
  await enforceLimit(
    ctx,
    "addedToGroup",
    strangers,
    "Someone you are adding was put into many groups recently by people they have not talked to.",
  );
}
