import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { conversations } from "./conversations";
import { messages } from "./messages";
import { users } from "./users";

export const attachmentKind = pgEnum("attachment_kind", ["image", "pdf", "text"]);

/**
 * A file in a message. Uploaded first (message_id NULL: an orphan until a send claims it, cleaned
 * after a day), then claimed by exactly one message. The bytes live in the attachment store under
 * `keys` and are never addressed by members directly: every fetch goes through a route that reads
 * this row, its message and the caller's membership (server/attachments/access.ts).
 *
 * Never deleted while its message exists: a recall marks the message (members get 404 from then
 * on); under `erase`, and on purge, `deleted_at` dooms the objects and the object sweeper deletes
 * them from the store, then stamps `objects_deleted_at`.
 */
export const attachments = pgTable(
  "attachments",
  {
    id: uuid().primaryKey().defaultRandom(),
    uploaderId: uuid()
      .notNull()
      .references(() => users.id),
    // The conversation it was uploaded for: a send may only claim it there.
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    messageId: uuid().references(() => messages.id, { onDelete: "cascade" }),
    position: smallint(),
    kind: attachmentKind().notNull(),
    // Sniffed from the bytes (images: the stored, re-encoded format), never the client's claim.
    mime: text().notNull(),
    // Sanitised for display and Content-Disposition (server/attachments/file-name.ts).
    name: text().notNull(),
    // What the sender sent (images: the upload's size before re-encoding), for the file chip.
    sizeBytes: integer().notNull(),
    // Everything kept in the store for it (every derived size), for quotas and vault statistics.
    storedBytes: bigint({ mode: "number" }).notNull(),
    // Images: the display size's pixels, so the timeline reserves the space before it loads.
    width: integer(),
    height: integer(),
    keys: text().array().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp({ withTimezone: true }),
    objectsDeletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("attachments_by_message_position").on(t.messageId, t.position),
    // Daily quota: "bytes this user uploaded in the last 24 hours".
    index("attachments_by_uploader_created").on(t.uploaderId, t.createdAt),
    // The object sweeper's queue and the orphan cleanup's.
    index("attachments_doomed")
      .on(t.deletedAt)
      .where(sql`${t.deletedAt} IS NOT NULL AND ${t.objectsDeletedAt} IS NULL`),
    index("attachments_orphans_by_created")
      .on(t.createdAt)
      .where(sql`${t.messageId} IS NULL AND ${t.deletedAt} IS NULL`),
    check("attachments_claimed_has_position", sql`(${t.messageId} IS NULL) = (${t.position} IS NULL)`),
    check("attachments_name_length", sql`char_length(${t.name}) BETWEEN 1 AND 255`),
    check("attachments_size_positive", sql`${t.sizeBytes} > 0`),
  ],
);

export type Attachment = typeof attachments.$inferSelect;
export type AttachmentKindName = (typeof attachmentKind.enumValues)[number];
