import { z } from "zod";
import { notFound } from "~/server/errors";
import { type MessageChange, selectMemberMessagePage, toMessageChange } from "~/server/recall/member-view";
import { protectedProcedure, router } from "~/server/trpc";
import { conversationId, limit } from "./inputs";

export const syncRouter = router({
  /**
   * Every message created or changed after `afterVersion` (and every message the caller hid or
   * un-hid since), in version order. Versions are taken
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
        changesAfter: input.afterVersion,
        limit: input.limit + 1,
      });
      if (!member) throw notFound();
      const hasMore = rows.length > input.limit;
      // A message the caller hid is a removal for them alone; each change carries its effective
      // version (a hide or un-hide is later than the message's own last change).
      const changes = rows.slice(0, input.limit).map((row): MessageChange => {
        const version = row.changeVersion;
        if (row.hiddenByMe) {
          return { removed: true, hidden: true, id: row.id, conversationId: row.conversationId, seq: row.seq, version };
        }
        return { ...toMessageChange(row, ctx.me.id), version };
      });
      return {
        changes,
        // When more remain, the client continues from the last change it got, not the head.
        version: hasMore ? changes.at(-1)!.version : member.version,
        hasMore,
        serverTime: new Date(),
      };
    }),
});
