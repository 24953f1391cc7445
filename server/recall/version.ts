import { eq, sql } from "drizzle-orm";
import { type DbOrTx } from "~/db/client";
import { conversations } from "~/db/schema";
import { appError } from "~/server/errors";

/** Takes the next `count` versions of a conversation; the row lock it takes is held until commit. */
export async function bumpVersion(tx: DbOrTx, conversationId: string, count: number): Promise<number> {
  const [row] = await tx
    .update(conversations)
    .set({ version: sql`${conversations.version} + ${count}` })
    .where(eq(conversations.id, conversationId))
    .returning({ version: conversations.version });
  if (!row) throw appError("NOT_FOUND", "NOT_FOUND", "Conversation not found.");
  return row.version;
}
