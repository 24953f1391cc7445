import { z } from "zod";
import { auditAction } from "~/db/schema";
import { selectAuditPage } from "~/server/admin/audit-query";
import { adminProcedure, router } from "~/server/trpc";
import { id, limit, timestamp } from "../inputs";

export const auditRouter = router({
  /** Newest first; the same filter as the CSV export (server/admin/audit-params.ts). */
  list: adminProcedure
    .input(
      z
        .object({
          actorId: id("actorId").optional(),
          action: z.enum(auditAction.enumValues, { message: "Unknown audit action." }).optional(),
          /** Matches the target message, conversation or user. */
          targetId: id("targetId").optional(),
          targetMessageId: id("targetMessageId").optional(),
          from: timestamp("from").optional(),
          to: timestamp("to").optional(),
          limit: limit(200, 50),
          cursor: z.number().int().positive().nullish(),
        })
        .refine((v) => !v.from || !v.to || v.from <= v.to, {
          message: "The start of the time range must be before its end.",
          path: ["from"],
        })
        .prefault({}),
    )
    .query(async ({ ctx, input }) => {
      const { limit: size, cursor, ...filter } = input;
      const rows = await selectAuditPage(ctx.db, filter, { cursor: cursor ?? undefined, limit: size + 1 });
      const page = rows.slice(0, size);
      return { items: page, nextCursor: rows.length > size ? (page.at(-1)?.id ?? null) : null };
    }),
});
