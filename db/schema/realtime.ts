import { bigint, bigserial, index, integer, pgTable, text, timestamp, uuid, jsonb } from "drizzle-orm/pg-core";

/**
 * Transactional outbox. A row names WHAT changed (event, ids, version), never the content:
 * the publisher reads the message's current state when it sends, so a row written before a
 * recall can never leak the recalled text, and policy `erase` leaves no copy here.
 */
export const realtimeOutbox = pgTable(
  "realtime_outbox",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    event: text().notNull(),
    conversationId: uuid(),
    messageId: uuid(),
    userIds: jsonb().$type<string[]>(),
    version: bigint({ mode: "number" }),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
  },
  (t) => [index("realtime_outbox_due_by_next_attempt").on(t.nextAttemptAt, t.id)],
);

export type OutboxRow = typeof realtimeOutbox.$inferSelect;
