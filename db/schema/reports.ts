import { sql } from "drizzle-orm";
import { bigserial, check, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { conversations } from "./conversations";
import { messages } from "./messages";
import { users } from "./users";

export const reportCategory = pgEnum("report_category", ["spam", "abuse", "personal_data", "other"]);
/** open → one of: dismissed, reviewed (looked at, nothing to do), actioned (recalled by a moderator). */
export const reportStatus = pgEnum("report_status", ["open", "dismissed", "reviewed", "actioned"]);

/**
 * A member's report of a message to the moderators: one per member per message. Admin-only: the
 * reporter is never shown to the sender. `body` is the text as the reporter saw it, kept so a
 * report stays reviewable when the sender edits or recalls the message afterwards.
 */
export const messageReports = pgTable(
  "message_reports",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    messageId: uuid()
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    reporterId: uuid()
      .notNull()
      .references(() => users.id),
    category: reportCategory().notNull(),
    note: text(),
    body: text().notNull(),
    status: reportStatus().notNull().default("open"),
    resolvedBy: uuid().references(() => users.id),
    resolvedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("message_reports_one_per_member").on(t.messageId, t.reporterId),
    // The queue: open reports first, newest first.
    index("message_reports_queue_by_status_created").on(t.status, t.createdAt),
    check("message_reports_note_length", sql`char_length(${t.note}) <= 500`),
  ],
);

export type MessageReport = typeof messageReports.$inferSelect;
export type ReportCategory = (typeof reportCategory.enumValues)[number];
export type ReportStatus = (typeof reportStatus.enumValues)[number];
