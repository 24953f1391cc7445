import { and, asc, desc, eq, gt, lt, not, sql } from "drizzle-orm";
import { z } from "zod";
import { conversationMembers, conversations, messages } from "~/db/schema";
import { editMessage } from "~/server/chat/edit";
import { hiddenBy, setHidden } from "~/server/chat/hide";
import { insertMessage, sentRow } from "~/server/chat/post-message";
import { reportMessage } from "~/server/chat/report";
import { hasSqlState } from "~/server/db-errors";
import { appError, notFound } from "~/server/errors";
import { bulkRecall } from "~/server/recall/bulk-recall";
import { recallMessage } from "~/server/recall/engine";
import {
  selectMemberMessagePage,
  selectMemberMessages,
  toMessageView,
  type MessageView,
} from "~/server/recall/member-view";
import { enqueue } from "~/server/realtime/outbox";
import { protectedProcedure, rateLimited, router } from "~/server/trpc";
import { reportCategory } from "~/db/schema";
import { conversationId, id, limit, messageBody, reason, text, timestamp } from "./inputs";
import { isSpecificEnough, searchMessages, TOO_VAGUE } from "~/server/message-search";

/** Messages a member sees in history: everything except others' silently recalled ones. */
function visibleTo(userId: string) {
  return sql`(not coalesce(${messages.revokeSilent}, false) or ${messages.senderId} = ${userId})`;
}

function isMember(userId: string) {
  return sql`exists (select 1 from ${conversationMembers} cm where cm.conversation_id = ${messages.conversationId} and cm.user_id = ${userId})`;
}

export const messageRouter = router({
  send: protectedProcedure
    .use(rateLimited("send"))
    .input(
      z.object({
        conversationId,
        clientMsgId: z
          .string()
          .min(8, "clientMsgId must be 8–64 characters.")
          .max(64, "clientMsgId must be 8–64 characters.")
          .regex(/^[A-Za-z0-9_-]+$/, "clientMsgId may contain only letters, digits, '-' and '_'."),
        body: messageBody,
        replyToId: id("replyToId").nullish(),
        attachmentIds: z.array(id("attachmentId")).max(10).optional(),
      }),
    )
    .mutation(async ({ ctx, input }): Promise<MessageView> => {
      // Straight to the insert: a retry (same clientMsgId) is rare, and the unique index turns it
      // into a failed statement answered below, so a first send costs no lookup round trip.
      try {
        const inserted = await insertMessage(ctx.db, ctx.me.id, input);
        ctx.afterCommit();
        return toMessageView(sentRow(ctx.me, input, inserted));
      } catch (error) {
        // A retry, or a concurrent one that won the unique index: return the stored message.
        const raced = isUniqueViolation(error) ? await findSent(ctx.db, ctx.me.id, input.clientMsgId) : null;
        if (raced) return sameConversation(raced, input.conversationId);
        throw error;
      }
    }),

  history: protectedProcedure
    .input(
      z.object({
        conversationId,
        before: z.number().int().min(1).optional(),
        after: z.number().int().min(0).optional(),
        limit: limit(100, 50),
      }),
    )
    .query(async ({ ctx, input }) => {
      if (input.before !== undefined && input.after !== undefined) {
        throw appError("BAD_REQUEST", "BAD_INPUT", "Give either `before` or `after`, not both.");
      }
      const forward = input.after !== undefined;
      const { member, rows } = await selectMemberMessagePage(ctx.db, {
        conversationId: input.conversationId,
        userId: ctx.me.id,
        where: and(
          visibleTo(ctx.me.id),
          not(hiddenBy(ctx.me.id)),
          input.before !== undefined ? lt(messages.seq, input.before) : undefined,
          forward ? gt(messages.seq, input.after!) : undefined,
        ),
        orderBy: [forward ? asc(messages.seq) : desc(messages.seq)],
        limit: input.limit + 1,
      });
      if (!member) throw notFound();
      const hasMore = rows.length > input.limit;
      const page = rows.slice(0, input.limit).map(toMessageView);
      if (!forward) page.reverse();
      return {
        messages: page,
        hasMore,
        version: member.version,
        lastReadSeq: member.lastReadSeq,
        serverTime: new Date(),
      };
    }),

  markRead: protectedProcedure
    .input(z.object({ conversationId, seq: z.number().int().min(0) }))
    .mutation(async ({ ctx, input }) => {
      const row = await ctx.db.transaction(async (tx) => {
        const [updated] = await tx
          .update(conversationMembers)
          .set({
            // Never move backwards (another device may have read further) nor past the last message.
            lastReadSeq: sql`greatest(${conversationMembers.lastReadSeq}, least(${input.seq}, (select ${conversations.lastSeq} from ${conversations} where ${conversations.id} = ${input.conversationId})))`,
          })
          .where(
            and(
              eq(conversationMembers.conversationId, input.conversationId),
              eq(conversationMembers.userId, ctx.me.id),
            ),
          )
          .returning({ lastReadSeq: conversationMembers.lastReadSeq });
        if (!updated) throw notFound();
        // The user's other devices update their unread badge.
        await enqueue(tx, [{ event: "conversation.read", conversationId: input.conversationId, userIds: [ctx.me.id] }]);
        return updated;
      });
      ctx.afterCommit();
      return row;
    }),

  recall: protectedProcedure
    .use(rateLimited("recall"))
    .input(z.object({ messageId: id("messageId"), reason: reason.nullish() }))
    .mutation(async ({ ctx, input }) => {
      const result = await recallMessage(ctx.db, ctx.me, { messageId: input.messageId, reason: input.reason ?? null });
      if (!result.alreadyRecalled) ctx.afterCommit();
      return { ...result, serverTime: new Date() };
    }),

  /** The sender replaces their message's text, within the edit window (see server/chat/edit.ts). */
  edit: protectedProcedure
    .use(rateLimited("edit"))
    .input(z.object({ messageId: id("messageId"), body: messageBody }))
    .mutation(async ({ ctx, input }) => {
      const result = await editMessage(ctx.db, ctx.me, input);
      if (!result.unchanged) ctx.afterCommit();
      return { ...result, serverTime: new Date() };
    }),

  /** "Delete for me": gone from the caller's own views on all their devices; nobody else is affected. */
  hide: protectedProcedure
    .use(rateLimited("hide"))
    .input(z.object({ messageId: id("messageId") }))
    .mutation(async ({ ctx, input }) => {
      const result = await setHidden(ctx.db, ctx.me.id, input.messageId, true);
      if (result.version !== null) ctx.afterCommit();
      return result;
    }),

  /** Undo of hide: the message comes back, as the caller may read it now. */
  unhide: protectedProcedure
    .use(rateLimited("hide"))
    .input(z.object({ messageId: id("messageId") }))
    .mutation(async ({ ctx, input }) => {
      const result = await setHidden(ctx.db, ctx.me.id, input.messageId, false);
      if (result.version !== null) ctx.afterCommit();
      return result;
    }),

  /** Reports someone else's message to the moderators (the admin console's report queue). */
  report: protectedProcedure
    .use(rateLimited("report"))
    .input(
      z.object({
        messageId: id("messageId"),
        category: z.enum(reportCategory.enumValues, {
          message: "Pick a reason: spam, abuse, personal data or other.",
        }),
        note: text("A note")
          .pipe(
            z
              .string()
              .max(500, "A note can be at most 500 characters.")
              .transform((n) => (n === "" ? null : n)),
          )
          .nullish(),
      }),
    )
    .mutation(({ ctx, input }) =>
      reportMessage(ctx.db, ctx.me.id, {
        messageId: input.messageId,
        category: input.category,
        note: input.note ?? null,
      }),
    ),

  /** Moderation: a system admin anywhere, or a group owner in their group (checked in the engine). */
  bulkRecall: protectedProcedure
    // Its own budget, and one call against the recall budget like a single recall.
    .use(rateLimited("bulkRecall"))
    .use(rateLimited("recall"))
    .input(
      z
        .object({
          userId: id("userId"),
          conversationId: conversationId.nullable().default(null),
          from: timestamp("from").nullable().default(null),
          to: timestamp("to").nullable().default(null),
          reason: reason.nullable().default(null),
          dryRun: z.boolean().default(false),
        })
        .refine((v) => !v.from || !v.to || v.from <= v.to, {
          message: "The start of the time range must be before its end.",
          path: ["from"],
        }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await bulkRecall(ctx.db, ctx.me, input);
      if (!input.dryRun && result.count > 0) ctx.afterCommit();
      return result;
    }),

  search: protectedProcedure
    .use(rateLimited("search"))
    .input(
      z.object({
        query: text("A search").pipe(
          z.string().max(100, "A search can be at most 100 characters.").refine(isSpecificEnough, TOO_VAGUE),
        ),
        conversationId: conversationId.optional(),
        limit: limit(50, 20),
        /** seq-and-conversation cursor is not stable across conversations; page by created time + id. */
        cursor: z.object({ createdAt: timestamp("cursor.createdAt"), id: z.uuid() }).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      // Recalled rows have no body, so they cannot match; the search also skips them explicitly.
      const { rows, hasMore } = await searchMessages(ctx.db, ctx.me.id, input, ctx.searchTimeoutMs);
      const page = rows.map(toMessageView);
      const last = page.at(-1);
      return { results: page, nextCursor: hasMore && last ? { createdAt: last.createdAt, id: last.id } : null };
    }),
});

/** A retried send: the earlier message, only while the sender is still a member (else the send goes on to NOT_FOUND). */
async function findSent(db: Parameters<typeof selectMemberMessages>[0], senderId: string, clientMsgId: string) {
  const [row] = await selectMemberMessages(
    db,
    and(eq(messages.senderId, senderId), eq(messages.clientMsgId, clientMsgId), isMember(senderId)),
  );
  return row ? toMessageView(row) : null;
}

function sameConversation(message: MessageView, conversationId: string): MessageView {
  if (message.conversationId !== conversationId) {
    throw appError(
      "CONFLICT",
      "NOT_FOUND",
      "This clientMsgId was already used for a message in another conversation; generate a new one.",
    );
  }
  return message;
}

function isUniqueViolation(error: unknown): boolean {
  return hasSqlState(error, "23505");
}
