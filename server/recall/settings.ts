import { type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { type DbOrTx, rowsOf } from "~/db/client";
import { conversationRecallSettings, contentPolicy, noticeMode, recallSettings } from "~/db/schema";
import { type RecallPolicy } from "./rules";

export interface EffectiveSettings extends RecallPolicy {
  contentPolicy: "retain" | "erase";
  noticeMode: "tip" | "silent";
  retentionDays: number;
  reeditWindowSeconds: number;
  /** How long after sending the sender may edit; 0 = editing off. */
  editWindowSeconds: number;
}

export const DEFAULT_SETTINGS: EffectiveSettings = {
  recallWindowSeconds: 120,
  groupAdminsMayRecall: true,
  groupOwnersMayRecall: true,
  contentPolicy: "retain",
  noticeMode: "tip",
  retentionDays: 30,
  reeditWindowSeconds: 300,
  editWindowSeconds: 900,
};

/** Limits shared by the global settings and per-conversation overrides (mirrors the DB checks). */
export const settingFields = {
  recallWindowSeconds: z
    .number({ message: "The recall window must be a number of seconds." })
    .int("The recall window must be a whole number of seconds.")
    .min(0, "The recall window cannot be negative (0 turns recall off for senders).")
    .max(604_800, "The recall window can be at most 7 days (604800 seconds)."),
  groupAdminsMayRecall: z.boolean(),
  groupOwnersMayRecall: z.boolean(),
  contentPolicy: z.enum(contentPolicy.enumValues, { message: "Content policy must be 'retain' or 'erase'." }),
  noticeMode: z.enum(noticeMode.enumValues, { message: "Notice mode must be 'tip' or 'silent'." }),
  retentionDays: z
    .number({ message: "Retention must be a number of days." })
    .int("Retention must be a whole number of days.")
    .min(1, "Retention must be at least 1 day.")
    .max(3650, "Retention can be at most 3650 days."),
  reeditWindowSeconds: z
    .number({ message: "The re-edit window must be a number of seconds." })
    .int("The re-edit window must be a whole number of seconds.")
    .min(0, "The re-edit window cannot be negative.")
    .max(3600, "The re-edit window can be at most 1 hour (3600 seconds)."),
  editWindowSeconds: z
    .number({ message: "The edit window must be a number of seconds." })
    .int("The edit window must be a whole number of seconds.")
    .min(0, "The edit window cannot be negative (0 turns editing off).")
    .max(604_800, "The edit window can be at most 7 days (604800 seconds)."),
};

/**
 * The effective settings of the conversation `conversationId` names, as one scalar subquery (a JSON
 * object), so a query that already reads a message can carry its conversation's rules with it
 * instead of a round trip of its own. NULL only if the global row is missing.
 */
export function effectiveSettingsOf(conversationId: SQL | AnyPgColumn): SQL<EffectiveSettings | null> {
  return sql`(select json_build_object(
      'recallWindowSeconds', coalesce(o.recall_window_seconds, g.recall_window_seconds),
      'groupAdminsMayRecall', coalesce(o.group_admins_may_recall, g.group_admins_may_recall),
      'groupOwnersMayRecall', coalesce(o.group_owners_may_recall, g.group_owners_may_recall),
      'contentPolicy', coalesce(o.content_policy, g.content_policy),
      'noticeMode', coalesce(o.notice_mode, g.notice_mode),
      'retentionDays', g.retention_days,
      'reeditWindowSeconds', coalesce(o.reedit_window_seconds, g.reedit_window_seconds),
      'editWindowSeconds', coalesce(o.edit_window_seconds, g.edit_window_seconds))
    from ${recallSettings} g
    left join ${conversationRecallSettings} o on o.conversation_id = ${conversationId}
    where g.id = 1)`.mapWith(asSettings) as SQL<EffectiveSettings | null>;
}

/** The JSON object as the driver hands it over: parsed already (postgres.js, PGlite) or as text. */
const asSettings = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v) as EffectiveSettings | null;

/** The global settings row combined with the conversation's overrides, in one query. */
export async function effectiveSettings(db: DbOrTx, conversationId: string | null): Promise<EffectiveSettings> {
  const [row] = await db
    .execute(sql`select ${effectiveSettingsOf(sql`${conversationId}::uuid`)} as settings`)
    .then((r) => rowsOf<{ settings: unknown }>(r));
  // A raw execute skips the column's mapWith.
  return asSettings(row?.settings) ?? DEFAULT_SETTINGS;
}
