import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { conversations } from "./conversations";
import { users } from "./users";

export const messageKind = pgEnum("message_kind", ["text", "system"]);
/** In which capacity a message was recalled; decides the tip members see. */
export const revokerKind = pgEnum("revoker_kind", ["sender", "group_owner", "group_admin", "system_admin"]);

export const messages = pgTable(
  "messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    // Per-conversation, gap-free and increasing: taken from conversations.last_seq under its row lock.
    seq: bigint({ mode: "number" }).notNull(),
    senderId: uuid()
      .notNull()
      .references(() => users.id),
    kind: messageKind().notNull().default("text"),
    // Chosen by the sending device; a retry with the same id returns the stored message.
    clientMsgId: text().notNull(),
    // NULL once recalled: the readable row never keeps recalled text (the vault may).
    body: text(),
    replyToId: uuid().references((): AnyPgColumn => messages.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true }),
    revokerId: uuid().references(() => users.id),
    revokeReason: text(),
    revokerKind: revokerKind(),
    // The notice mode in force when it was recalled, so changing the setting later does not
    // silently rewrite what devices already show.
    revokeSilent: boolean(),
    // The conversation version at this message's last change (create, edit, recall, restore).
    version: bigint({ mode: "number" }).notNull().default(0),
    // Set by every edit; previous texts go to message_edits (admin-only) under the retain policy.
    editedAt: timestamp({ withTimezone: true }),
    editCount: integer().notNull().default(0),
  },
  (t) => [
    // Both message-walking indexes are covering (INCLUDE, written by hand in 0008 because drizzle
    // cannot declare it): history pages, unread counts, list previews and the change feed pick
    // their rows from the index alone, without visiting the table.
    // INCLUDE (id, sender_id, kind, revoked_at, revoke_silent)
    uniqueIndex("messages_history_by_conversation_seq").on(t.conversationId, t.seq),
    uniqueIndex("messages_idempotent_send_by_sender_client_msg_id").on(t.senderId, t.clientMsgId),
    index("messages_by_sender_created").on(t.senderId, t.createdAt),
    // INCLUDE (id)
    index("messages_changes_by_conversation_version").on(t.conversationId, t.version, t.seq),
    // Substring search that works for Chinese (no word boundaries) as well as English.
    index("messages_search_by_body_trgm").using("gin", t.body.op("gin_trgm_ops")),
    index("messages_recalled_by_revoked_at")
      .on(t.revokedAt)
      .where(sql`${t.revokedAt} IS NOT NULL`),
    check("messages_revoke_reason_length", sql`char_length(${t.revokeReason}) <= 200`),
    check("messages_recalled_has_no_body", sql`${t.revokedAt} IS NULL OR ${t.body} IS NULL`),
    check("messages_live_has_body", sql`${t.revokedAt} IS NOT NULL OR ${t.body} IS NOT NULL`),
  ],
);

export type Message = typeof messages.$inferSelect;
export type MessageKind = (typeof messageKind.enumValues)[number];
export type RevokerKind = (typeof revokerKind.enumValues)[number];

/**
 * "Delete for me": a member hides a message from their own views only. Never deleted: un-hiding
 * ("Undo") flips `hidden`, and `version` (a conversation version taken when it last changed) lets
 * the hider's other devices find the change in the feed. Nothing here is shown to anyone else.
 */
export const messageHides = pgTable(
  "message_hides",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id),
    messageId: uuid()
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    hidden: boolean().notNull(),
    version: bigint({ mode: "number" }).notNull(),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "message_hides_pk", columns: [t.userId, t.messageId] }),
    // The change feed: "my hides in this conversation after version v".
    index("message_hides_changes_by_user_conversation_version").on(t.userId, t.conversationId, t.version),
  ],
);

export type MessageHide = typeof messageHides.$inferSelect;
