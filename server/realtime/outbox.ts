import { type DbOrTx } from "~/db/client";
import { realtimeOutbox } from "~/db/schema";
import { type OutboxEventName } from "./events";

export interface OutboxEntry {
  event: OutboxEventName;
  conversationId?: string;
  messageId?: string;
  /** For per-user events: whose user channels get it. */
  userIds?: string[];
  version?: number;
}

/** Written inside the transaction that makes the change, so an event exists iff the change committed. */
export async function enqueue(tx: DbOrTx, entries: OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(realtimeOutbox).values(
    entries.map((e) => ({
      event: e.event,
      conversationId: e.conversationId ?? null,
      messageId: e.messageId ?? null,
      userIds: e.userIds ?? null,
      version: e.version ?? null,
    })),
  );
}
