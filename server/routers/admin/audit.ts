import { and, desc, eq, gte, lt, lte } from "drizzle-orm";
import { z } from "zod";
import { auditAction, auditLog, users } from "~/db/schema";
import { adminProcedure, router } from "~/server/trpc";
import { id, limit } from "../inputs";

export const auditRouter = router({
  list: adminProcedure
    .input(
      z
        .object({
          actorId: id("actorId").optional(),
          action: z.enum(auditAction.enumValues).optional(),
          targetMessageId: id("targetMessageId").optional(),
          from: z.date().optional(),
          to: z.date().optional(),
          limit: limit(200, 50),
          cursor: z.number().int().positive().optional(),
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .select({ entry: auditLog, actorName: users.name })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.actorId))
        .where(
          and(
            input.actorId ? eq(auditLog.actorId, input.actorId) : undefined,
            input.action ? eq(auditLog.action, input.action) : undefined,
            input.targetMessageId ? eq(auditLog.targetMessageId, input.targetMessageId) : undefined,
            input.from ? gte(auditLog.createdAt, input.from) : undefined,
            input.to ? lte(auditLog.createdAt, input.to) : undefined,
            input.cursor ? lt(auditLog.id, input.cursor) : undefined,
          ),
        )
        .orderBy(desc(auditLog.id))
        .limit(input.limit + 1);
      const page = rows.slice(0, input.limit).map((r) => ({ ...r.entry, actorName: r.actorName }));
      return { items: page, nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null };
    }),
});
