import { asc, gt } from "drizzle-orm";
import { z } from "zod";
import { messages } from "~/db/schema";
import { notFound } from "~/server/errors";
import { selectMemberMessagePage, toMessageChange } from "~/server/recall/member-view";
import { protectedProcedure, router } from "~/server/trpc";
import { conversationId, limit } from "./inputs";

export const syncRouter = router({
  /**
   * Every message created or changed after `afterVersion`, in version order. Versions are taken
   * under the conversation's row lock and commit in order, so "after v" never skips a change.
   */
  changes: protectedProcedure
    .input(
      z.object({
        conversationId,
        afterVersion: z.number().int("afterVersion must be a whole number.").min(0, "afterVersion cannot be negative."),
        limit: limit(500, 200),
      }),
    )
    .query(async ({ ctx, input }) => {
      const { member, rows } = await selectMemberMessagePage(ctx.db, {
        conversationId: input.conversationId,
        userId: ctx.me.id,
        where: gt(messages.version, input.afterVersion),
        orderBy: [asc(messages.version), asc(messages.seq)],
        limit: input.limit + 1,
      });
      if (!member) throw notFound();
      const hasMore = rows.length > input.limit;
      const changes = rows.slice(0, input.limit).map((row) => toMessageChange(row, ctx.me.id));
      return {
        changes,
        // When more remain, the client continues from the last change it got, not the head.
        version: hasMore ? changes.at(-1)!.version : member.version,
        hasMore,
        serverTime: new Date(),
      };
    }),
});
