import { asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { auditLog, conversationRecallSettings, conversations, recallSettings } from "~/db/schema";
import { conversationLabel } from "~/server/admin/recall-records";
import { appError } from "~/server/errors";
import { enqueue } from "~/server/realtime/outbox";
import { settingFields } from "~/server/recall/settings";
import { adminProcedure, rateLimited, router } from "~/server/trpc";

const settingsChange = adminProcedure.use(rateLimited("settings"));
import { id } from "../inputs";

const globalPatch = z
  .object({
    recallWindowSeconds: settingFields.recallWindowSeconds,
    groupAdminsMayRecall: settingFields.groupAdminsMayRecall,
    groupOwnersMayRecall: settingFields.groupOwnersMayRecall,
    contentPolicy: settingFields.contentPolicy,
    noticeMode: settingFields.noticeMode,
    retentionDays: settingFields.retentionDays,
    reeditWindowSeconds: settingFields.reeditWindowSeconds,
    editWindowSeconds: settingFields.editWindowSeconds,
  })
  .partial()
  .strict();

/** Overrides: a value sets it, null clears it back to "inherit". Retention is global only. */
const overridePatch = z
  .object({
    recallWindowSeconds: settingFields.recallWindowSeconds.nullable(),
    groupAdminsMayRecall: settingFields.groupAdminsMayRecall.nullable(),
    groupOwnersMayRecall: settingFields.groupOwnersMayRecall.nullable(),
    contentPolicy: settingFields.contentPolicy.nullable(),
    noticeMode: settingFields.noticeMode.nullable(),
    reeditWindowSeconds: settingFields.reeditWindowSeconds.nullable(),
    editWindowSeconds: settingFields.editWindowSeconds.nullable(),
  })
  .partial()
  .strict();

const c = alias(conversations, "c");

/** Only the keys that actually change, as { key: { from, to } } for the audit row. */
function diff<T extends Record<string, unknown>>(before: T | undefined, patch: Partial<T>) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(patch)) {
    const from = before?.[key] ?? null;
    if (to !== undefined && from !== to) changes[key] = { from, to };
  }
  return changes;
}

export const settingsRouter = router({
  get: adminProcedure.query(async ({ ctx }) => {
    const [global] = await ctx.db.select().from(recallSettings).where(eq(recallSettings.id, 1));
    const overrides = await ctx.db
      .select({
        override: conversationRecallSettings,
        title: c.title,
        kind: c.kind,
        label: sql<string>`${conversationLabel}`,
      })
      .from(conversationRecallSettings)
      .innerJoin(c, eq(c.id, conversationRecallSettings.conversationId))
      .orderBy(asc(sql`${conversationLabel}`), asc(c.id));
    return { global: global!, overrides };
  }),

  update: settingsChange.input(globalPatch).mutation(async ({ ctx, input }) => {
    return ctx.db
      .transaction(async (tx) => {
        // FOR UPDATE: two admins saving at once each audit the true old value.
        const [before] = await tx.select().from(recallSettings).where(eq(recallSettings.id, 1)).for("update");
        const changes = diff(before, input);
        if (Object.keys(changes).length === 0) return before!;
        const [after] = await tx
          .update(recallSettings)
          .set({ ...input, updatedAt: new Date() })
          .where(eq(recallSettings.id, 1))
          .returning();
        await tx
          .insert(auditLog)
          .values({ actorId: ctx.me.id, action: "settings_change", details: { scope: "global", changes } });
        await enqueue(tx, [{ event: "settings.changed" }]);
        return after!;
      })
      .finally(ctx.afterCommit);
  }),

  setOverride: settingsChange
    .input(z.object({ conversationId: id("conversationId"), values: overridePatch }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db
        .transaction(async (tx) => {
          const [conv] = await tx
            .select({ id: conversations.id, kind: conversations.kind })
            .from(conversations)
            .where(eq(conversations.id, input.conversationId));
          if (!conv) throw appError("NOT_FOUND", "NOT_FOUND", "Conversation not found.");
          // Setting a rule that can never apply would only mislead the next reader of the override.
          if (
            conv.kind === "direct" &&
            (input.values.groupOwnersMayRecall != null || input.values.groupAdminsMayRecall != null)
          ) {
            throw appError(
              "BAD_REQUEST",
              "BAD_INPUT",
              "A direct conversation has no group owners or admins: leave their rules unset for it.",
            );
          }
          const [before] = await tx
            .select()
            .from(conversationRecallSettings)
            .where(eq(conversationRecallSettings.conversationId, input.conversationId))
            .for("update");
          const changes = diff(before, input.values);
          const [after] = await tx
            .insert(conversationRecallSettings)
            .values({ conversationId: input.conversationId, ...input.values })
            .onConflictDoUpdate({
              target: conversationRecallSettings.conversationId,
              set: { ...input.values, updatedAt: new Date() },
            })
            .returning();
          if (Object.keys(changes).length > 0) {
            await tx.insert(auditLog).values({
              actorId: ctx.me.id,
              action: "settings_change",
              targetConversationId: input.conversationId,
              details: { scope: "conversation", changes },
            });
            await enqueue(tx, [{ event: "conversation.changed", conversationId: input.conversationId }]);
          }
          return after!;
        })
        .finally(ctx.afterCommit);
    }),

  clearOverride: settingsChange
    .input(z.object({ conversationId: id("conversationId") }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db
        .transaction(async (tx) => {
          const [gone] = await tx
            .delete(conversationRecallSettings)
            .where(eq(conversationRecallSettings.conversationId, input.conversationId))
            .returning();
          if (!gone) throw appError("NOT_FOUND", "NOT_FOUND", "This conversation has no override to clear.");
          const { conversationId: _c, updatedAt: _u, ...old } = gone;
          await tx.insert(auditLog).values({
            actorId: ctx.me.id,
            action: "settings_change",
            targetConversationId: input.conversationId,
            details: { scope: "conversation", cleared: old },
          });
          await enqueue(tx, [{ event: "conversation.changed", conversationId: input.conversationId }]);
          return { cleared: true };
        })
        .finally(ctx.afterCommit);
    }),
});
