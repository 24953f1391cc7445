import { eq } from "drizzle-orm";
import { z } from "zod";
import { messages, reportCategory } from "~/db/schema";
import { messageContext } from "~/server/admin/message-context";
import { closeReports, listReported, readReports, type Resolution } from "~/server/admin/reports";
import { appError } from "~/server/errors";
import { viewEditHistory } from "~/server/recall/edit-history";
import { recallMessage } from "~/server/recall/engine";
import { adminProcedure, router } from "~/server/trpc";
import { id, limit, reason, timestamp } from "../inputs";

const notAdmin = () => appError("FORBIDDEN", "NOT_ALLOWED", "Only system admins can do this.");

export const reportsRouter = router({
  /** Reported messages, most recently reported first; no message text here (see `detail`). */
  list: adminProcedure
    .input(
      z
        .object({
          status: z
            .enum(["open", "resolved", "all"], { message: "status must be open, resolved or all." })
            .default("open"),
          category: z
            .enum(reportCategory.enumValues, { message: "category must be spam, abuse, personal_data or other." })
            .optional(),
          /** One message's row (the report page's facts). */
          messageId: id("messageId").optional(),
          limit: limit(100, 50),
          cursor: z.object({ at: timestamp("cursor.at"), id: id("cursor.id") }).nullish(),
        })
        .prefault({}),
    )
    .query(async ({ ctx, input }) => {
      const rows = await listReported(ctx.db, {
        filter: input.status,
        category: input.category,
        messageId: input.messageId,
        limit: input.limit + 1,
        cursor: input.cursor ?? undefined,
      });
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      return {
        items: page,
        nextCursor: rows.length > input.limit && last ? { at: last.lastReportedAt, id: last.messageId } : null,
      };
    }),

  /**
   * A reported message's reports, each with the text its reporter saw and who reported it (the
   * sender is never told), and the conversation around it as members see it. A mutation because
   * every call writes a `view_report` audit row.
   */
  detail: adminProcedure.input(z.object({ messageId: id("messageId") })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction(async (tx) => {
      const reports = await readReports(tx, ctx.me.id, input.messageId);
      if (reports === null) throw notAdmin();
      const [target] = await tx
        .select({ conversationId: messages.conversationId, seq: messages.seq })
        .from(messages)
        .where(eq(messages.id, input.messageId));
      if (reports.length === 0 || !target) throw appError("NOT_FOUND", "NOT_FOUND", "No reports for this message.");
      return {
        reports,
        conversationId: target.conversationId,
        targetSeq: target.seq,
        context: await messageContext(tx, target, 3),
      };
    });
  }),

  /**
   * Resolves a message's open reports: recall it (as a system admin, with the reason members see),
   * dismiss them, or mark them reviewed. Each resolution is audited; the recall is audited as a recall too.
   */
  resolve: adminProcedure
    .input(
      z.object({
        messageId: id("messageId"),
        action: z.enum(["recall", "dismiss", "review"], { message: "action must be recall, dismiss or review." }),
        reason: reason.nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const resolution: Resolution = input.action;
      const reason = input.reason ?? null;
      let recalled = false;
      if (resolution === "recall") {
        const result = await recallMessage(ctx.db, ctx.me, { messageId: input.messageId, reason });
        recalled = !result.alreadyRecalled;
        if (recalled) ctx.afterCommit();
      }
      const closed = await ctx.db.transaction((tx) => closeReports(tx, ctx.me.id, input.messageId, resolution, reason));
      if (closed === "not_admin") throw notAdmin();
      if (closed.closed === 0 && !recalled) {
        if (!closed.reported) throw appError("NOT_FOUND", "NOT_FOUND", "No reports for this message.");
        throw appError("CONFLICT", "ALREADY_DONE", "This message has no open reports: they were already resolved.");
      }
      return { closed: closed.closed, recalled };
    }),

  /** A message's earlier texts (kept under the retain policy); every call writes a `view_edits` audit row. */
  edits: adminProcedure
    .input(z.object({ messageId: id("messageId") }))
    .mutation(({ ctx, input }) => viewEditHistory(ctx.db, ctx.me.id, input.messageId)),
});
