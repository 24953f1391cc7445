import { sql } from "drizzle-orm";
import { bigserial, check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { messages } from "./messages";
import { users } from "./users";

/**
 * "Mark as reviewed" in the admin console. One row per review, never updated: a message may be
 * reviewed again (e.g. after a restore), and who looked and when stays on record.
 */
export const recallReviews = pgTable(
  "recall_reviews",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    messageId: uuid()
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    reviewerId: uuid()
      .notNull()
      .references(() => users.id),
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The review list's "reviewed" column and the detail page's history: latest review of a message.
    index("recall_reviews_by_message_created").on(t.messageId, t.createdAt),
    check("recall_reviews_note_length", sql`char_length(${t.note}) <= 1000`),
  ],
);

export type RecallReview = typeof recallReviews.$inferSelect;
