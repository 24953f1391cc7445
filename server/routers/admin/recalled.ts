import { and, desc, eq, gte, ilike, lt, lte, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { auditLog, conversations, messages, recallVault, users } from "~/db/schema";
import { purgeOriginal, restoreMessage, viewOriginal } from "~/server/recall/engine";
import { adminProcedure, router } from "~/server/trpc";
import { id, limit } from "../inputs";

const sender = alias(users, "sender");
const revoker = alias(users, "revoker");

export const recalledRouter = router({
  /** Recalled messages for review; never includes the original text (see `original`). */
  list: adminProcedure
    .input(
      z
        .object({
          conversationId: id("conversationId").optional(),
          senderId: id("senderId").optional(),
          revokerId: id("revokerId").optional(),
          reason: z.string().trim().max(200, "A reason filter can be at most 200 characters.").optional(),
          from: z.date().optional(),
          to: z.date().optional(),
          limit: limit(100, 50),
          cursor: z.object({ revokedAt: z.date(), id: z.uuid() }).optional(),
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .select({
          id: messages.id,
          conversationId: messages.conversationId,
          conversationTitle: conversations.title,
          conversationKind: conversations.kind,
          seq: messages.seq,
          sender: { id: sender.id, name: sender.name },
          revoker: { id: revoker.id, name: revoker.name },
          revokerKind: messages.revokerKind,
          reason: messages.revokeReason,
          silent: messages.revokeSilent,
          createdAt: messages.createdAt,
          revokedAt: messages.revokedAt,
          retainedUntil: recallVault.retainedUntil,
          purged: sql<boolean>`exists (select 1 from ${auditLog} a where a.target_message_id = ${messages.id} and a.action = 'purge')`,
        })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .innerJoin(sender, eq(sender.id, messages.senderId))
        .leftJoin(revoker, eq(revoker.id, messages.revokerId))
        .leftJoin(recallVault, eq(recallVault.messageId, messages.id))
        .where(
          and(
            sql`${messages.revokedAt} IS NOT NULL`,
            input.conversationId ? eq(messages.conversationId, input.conversationId) : undefined,
            input.senderId ? eq(messages.senderId, input.senderId) : undefined,
            input.revokerId ? eq(messages.revokerId, input.revokerId) : undefined,
            input.reason ? ilike(messages.revokeReason, `%${input.reason.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
            input.from ? gte(messages.revokedAt, input.from) : undefined,
            input.to ? lte(messages.revokedAt, input.to) : undefined,
            input.cursor
              ? or(lt(messages.revokedAt, input.cursor.revokedAt), and(eq(messages.revokedAt, input.cursor.revokedAt), lt(messages.id, input.cursor.id)))
              : undefined,
          ),
        )
        .orderBy(desc(messages.revokedAt), desc(messages.id))
        .limit(input.limit + 1);
      const page = rows.slice(0, input.limit).map(({ purged, ...r }) => ({
        ...r,
        state: r.retainedUntil ? ("retained" as const) : purged ? ("purged" as const) : ("erased" as const),
      }));
      const last = page.at(-1);
      return { items: page, nextCursor: rows.length > input.limit && last ? { revokedAt: last.revokedAt!, id: last.id } : null };
    }),

  /** The retained original. Every call writes a `view_original` audit row. */
  original: adminProcedure.input(z.object({ messageId: id("messageId") })).mutation(({ ctx, input }) => viewOriginal(ctx.db, ctx.me, input.messageId)),

  restore: adminProcedure.input(z.object({ messageId: id("messageId") })).mutation(async ({ ctx, input }) => {
    const message = await restoreMessage(ctx.db, ctx.me, input.messageId);
    ctx.afterCommit();
    return message;
  }),

  purge: adminProcedure.input(z.object({ messageId: id("messageId") })).mutation(async ({ ctx, input }) => {
    await purgeOriginal(ctx.db, ctx.me, input.messageId);
    return { purged: true };
  }),
});
