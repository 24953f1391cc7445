import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { conversations } from "./conversations";
import { messages } from "./messages";
import { users } from "./users";

export const contentPolicy = pgEnum("content_policy", ["retain", "erase"]);
export const noticeMode = pgEnum("notice_mode", ["tip", "silent"]);
export const auditAction = pgEnum("audit_action", [
  "recall",
  "restore",
  "purge",
  "view_original",
  "bulk_recall",
  "settings_change",
  "review",
  // User management (admin console and `npm run admin:create`).
  "user_create",
  "user_role_change",
  "user_disable",
  "user_enable",
  // Edit history, reports (the moderation queue).
  "view_edits",
  "view_report",
  "report_resolve",
  // An admin looked at a recalled message's attachment (each fetch of the image or file).
  "view_attachment",
]);

/** Admin-only store of recalled originals (policy `retain`). No member procedure reads it. */
export const recallVault = pgTable(
  "recall_vault",
  {
    messageId: uuid()
      .primaryKey()
      .references(() => messages.id, { onDelete: "cascade" }),
    body: text().notNull(),
    retainedUntil: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("recall_vault_retention_purge_by_retained_until").on(t.retainedUntil)],
);

/**
 * Admin-only store of a message's previous texts, one row per edit (policy `retain`; nothing is
 * kept under `erase`). No member procedure reads it; recall under `erase` and purges delete the
 * message's rows here with its vault copy.
 */
export const messageEdits = pgTable(
  "message_edits",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    messageId: uuid()
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    /** The text this edit replaced. */
    body: text().notNull(),
    /** When it was replaced, i.e. the edit's time. */
    replacedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    retainedUntil: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index("message_edits_by_message").on(t.messageId, t.id),
    index("message_edits_retention_purge_by_retained_until").on(t.retainedUntil),
  ],
);

/** Append-only: a trigger in the migrations refuses UPDATE and DELETE. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    actorId: uuid().references(() => users.id),
    action: auditAction().notNull(),
    targetMessageId: uuid(),
    targetConversationId: uuid(),
    targetUserId: uuid(),
    reason: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_list_by_created").on(t.createdAt, t.id),
    index("audit_log_by_target_message").on(t.targetMessageId),
    index("audit_log_by_actor_created").on(t.actorId, t.createdAt),
    // The review list finds restored messages through their latest restore row.
    index("audit_log_restores_by_message")
      .on(t.targetMessageId, t.id)
      .where(sql`${t.action} = 'restore'`),
  ],
);

const settingColumns = {
  recallWindowSeconds: integer(),
  groupAdminsMayRecall: boolean(),
  groupOwnersMayRecall: boolean(),
  contentPolicy: contentPolicy(),
  noticeMode: noticeMode(),
  reeditWindowSeconds: integer(),
  editWindowSeconds: integer(),
};

/** The one global row (id = 1). Every column has a product default. */
export const recallSettings = pgTable(
  "recall_settings",
  {
    id: integer().primaryKey().default(1),
    recallWindowSeconds: integer().notNull().default(120),
    groupAdminsMayRecall: boolean().notNull().default(true),
    groupOwnersMayRecall: boolean().notNull().default(true),
    contentPolicy: contentPolicy().notNull().default("retain"),
    noticeMode: noticeMode().notNull().default("tip"),
    retentionDays: integer().notNull().default(30),
    reeditWindowSeconds: integer().notNull().default(300),
    // How long after sending the sender may edit a message; 0 turns editing off.
    editWindowSeconds: integer().notNull().default(900),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("recall_settings_single_row", sql`${t.id} = 1`),
    check("recall_settings_window_range", sql`${t.recallWindowSeconds} BETWEEN 0 AND 604800`),
    check("recall_settings_retention_range", sql`${t.retentionDays} BETWEEN 1 AND 3650`),
    check("recall_settings_reedit_range", sql`${t.reeditWindowSeconds} BETWEEN 0 AND 3600`),
    check("recall_settings_edit_range", sql`${t.editWindowSeconds} BETWEEN 0 AND 604800`),
  ],
);

/** Per-conversation overrides; NULL means "inherit the global setting". */
export const conversationRecallSettings = pgTable(
  "conversation_recall_settings",
  {
    conversationId: uuid()
      .primaryKey()
      .references(() => conversations.id, { onDelete: "cascade" }),
    ...settingColumns,
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("conversation_recall_settings_edit_range", sql`${t.editWindowSeconds} BETWEEN 0 AND 604800`)],
);

export type RecallSettingsRow = typeof recallSettings.$inferSelect;
export type ConversationRecallSettingsRow = typeof conversationRecallSettings.$inferSelect;
export type AuditAction = (typeof auditAction.enumValues)[number];
export type ContentPolicy = (typeof contentPolicy.enumValues)[number];
export type NoticeMode = (typeof noticeMode.enumValues)[number];
export type AuditEntry = typeof auditLog.$inferSelect;
