import { and, asc, between, eq } from "drizzle-orm";
import { type DbOrTx } from "~/db/client";
import { messages } from "~/db/schema";
import { selectMemberMessages, toMessageChange, type MessageChange } from "~/server/recall/member-view";

/**
 * The messages around one (`radius` on each side) exactly as members see them — the member view,
 * so no recalled text, and a silently recalled message is `removed` — for a moderator to judge it
 * in context (recalled records, reports).
 */
export async function messageContext(
  db: DbOrTx,
  target: { conversationId: string; seq: number },
  radius: number,
): Promise<MessageChange[]> {
  const rows = await selectMemberMessages(
    db,
    and(
      eq(messages.conversationId, target.conversationId),
      between(messages.seq, target.seq - radius, target.seq + radius),
    ),
  ).orderBy(asc(messages.seq));
  return rows.map((row) => toMessageChange(row));
}
