import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type DbOrTx } from "~/db/client";
import { conversationRecallSettings, contentPolicy, noticeMode, recallSettings } from "~/db/schema";
import { type RecallPolicy } from "./rules";

export interface EffectiveSettings extends RecallPolicy {
  contentPolicy: "retain" | "erase";
  noticeMode: "tip" | "silent";
  retentionDays: number;
  reeditWindowSeconds: number;
}

export const DEFAULT_SETTINGS: EffectiveSettings = {
  recallWindowSeconds: 120,
  groupAdminsMayRecall: true,
  groupOwnersMayRecall: true,
  contentPolicy: "retain",
  noticeMode: "tip",
  retentionDays: 30,
  reeditWindowSeconds: 300,
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
};

/** The global settings row combined with the conversation's overrides, in one query. */
export async function effectiveSettings(db: DbOrTx, conversationId: string | null): Promise<EffectiveSettings> {
  const o = conversationRecallSettings;
  const g = recallSettings;
  const [row] = await db
    .select({
      recallWindowSeconds: sql<number>`coalesce(${o.recallWindowSeconds}, ${g.recallWindowSeconds})`.mapWith(Number),
      groupAdminsMayRecall: sql<boolean>`coalesce(${o.groupAdminsMayRecall}, ${g.groupAdminsMayRecall})`,
      groupOwnersMayRecall: sql<boolean>`coalesce(${o.groupOwnersMayRecall}, ${g.groupOwnersMayRecall})`,
      contentPolicy: sql<"retain" | "erase">`coalesce(${o.contentPolicy}, ${g.contentPolicy})`,
      noticeMode: sql<"tip" | "silent">`coalesce(${o.noticeMode}, ${g.noticeMode})`,
      retentionDays: g.retentionDays,
      reeditWindowSeconds: sql<number>`coalesce(${o.reeditWindowSeconds}, ${g.reeditWindowSeconds})`.mapWith(Number),
    })
    .from(g)
    .leftJoin(o, conversationId ? eq(o.conversationId, conversationId) : sql`false`)
    .where(eq(g.id, 1));
  return row ?? DEFAULT_SETTINGS;
}
