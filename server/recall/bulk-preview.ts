import { eq, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "~/db/client";
import { conversations, users } from "~/db/schema";
import { conversationLabel } from "~/server/admin/recall-records";

/** Bounded: the busiest conversations and the newest messages only, never any message text. */
export interface BulkPreview {
  sender: { id: string; name: string };
  /** Most messages first, at most PREVIEW_CONVERSATIONS; `conversations` in the result counts them all. */
  byConversation: { id: string; label: string; count: number }[];
  /** The newest PREVIEW_SAMPLE messages that would be recalled. */
  sample: { id: string; conversationId: string; conversationLabel: string; sentAt: Date }[];
}

export const PREVIEW_CONVERSATIONS = 10;
export const PREVIEW_SAMPLE = 5;

export type SampleMessage = { id: string; conversationId: string; sentAt: Date };

/** Keeps only the newest few across conversations: the sample stays bounded however many match. */
export function newestSample(
  sample: SampleMessage[],
  conversationId: string,
  targets: { id: string; createdAt: Date }[],
): SampleMessage[] {
  return [...sample, ...targets.slice(-PREVIEW_SAMPLE).map((t) => ({ id: t.id, conversationId, sentAt: t.createdAt }))]
    .sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime() || (a.id < b.id ? -1 : 1))
    .slice(0, PREVIEW_SAMPLE);
}

/** Names for a dry run's counts and sample: one query for the sender, one for at most 15 conversation labels. */
export async function previewOf(
  tx: DbOrTx,
  userId: string,
  perConversation: { id: string; count: number }[],
  sample: SampleMessage[],
): Promise<BulkPreview> {
  const busiest = [...perConversation]
    .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1))
    .slice(0, PREVIEW_CONVERSATIONS);
  const ids = [...new Set([...busiest.map((c) => c.id), ...sample.map((m) => m.conversationId)])];
  const [sender] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, userId));
  const labels = new Map<string, string>();
  if (ids.length > 0) {
    const rows = rowsOf<{ id: string; label: string }>(
      await tx.execute(
        sql`select c.id, ${conversationLabel} as label from ${conversations} c where c.id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      ),
    );
    for (const row of rows) labels.set(row.id, row.label);
  }
  return {
    sender: { id: userId, name: sender?.name ?? "" },
    byConversation: busiest.map((c) => ({ id: c.id, label: labels.get(c.id) ?? "", count: c.count })),
    sample: sample.map((m) => ({ ...m, conversationLabel: labels.get(m.conversationId) ?? "" })),
  };
}
