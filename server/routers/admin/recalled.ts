import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Tx } from "~/db/client";
import { messages } from "~/db/schema";
import {
  actorKinds,
  countRecords,
  type RecallRecord,
  recordStates,
  selectRecords,
} from "~/server/admin/recall-records";
import { REVIEW_MANY_MAX } from "~/server/admin/record-kinds";
import { appError } from "~/server/errors";
import { purgeOriginal, restoreMessage, viewOriginal } from "~/server/recall/vault";
import { messageContext } from "~/server/admin/message-context";
import { hasRestore } from "~/server/recall/member-view";
import { adminProcedure, router } from "~/server/trpc";
import { id, limit, timestamp } from "../inputs";

const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

const listInput = z
  .object({
    conversationId: id("conversationId").optional(),
    senderId: id("senderId").optional(),
    revokerId: id("revokerId").optional(),
    actorKind: z.enum(actorKinds, { message: "actorKind must be sender, group_moderator or system_admin." }).optional(),
    reason: z
      .string()
      .trim()
      .max(200, "A reason filter can be at most 200 characters.")
      .transform((r) => r || undefined)
      .optional(),
    from: timestamp("from").optional(),
    to: timestamp("to").optional(),
    state: z.enum(recordStates, { message: "state must be retained, erased, purged or restored." }).optional(),
    reviewed: z.boolean().optional(),
    sort: z.enum(["recalledAt", "sentAt"], { message: "sort must be recalledAt or sentAt." }).default("recalledAt"),
    dir: z.enum(["desc", "asc"], { message: "dir must be asc or desc." }).default("desc"),
    limit: limit(100, 50),
    cursor: z
      .object({ at: z.string().regex(ISO_MICROS, "cursor.at must be an ISO 8601 UTC time."), id: z.uuid() })
      .nullish(),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, {
    message: "The start of the time range must be before its end.",
    path: ["from"],
  })
  .prefault({});

const publicRecord = ({ keys: _keys, ...record }: RecallRecord) => record;

/**
 * Only messages the console reviews (recalled now, or restored) can be looked at or marked: the
 * rows of `recordsSource`, tested on one message (`m`) without building that union.
 */
const recordRow = sql`(m.revoked_at is not null or ${hasRestore(sql`m.id`)})`;
const isRecord = (messageId: string) =>
  sql`exists (select 1 from messages m where m.id = ${messageId}::uuid and ${recordRow})`;

const reviewNote = z
  .string()
  .trim()
  .max(1000, "A review note can be at most 1000 characters.")
  .transform((n) => n || null)
  .nullish();

export const recalledRouter = router({
  /**
   * Recalled (and restored) messages for review, newest recall first by default; never includes
   * the original text (see `original`). `total` counts the whole filter, on the first page only.
   */
  list: adminProcedure.input(listInput).query(async ({ ctx, input }) => {
    const { limit: size, cursor, sort, dir, ...filter } = input;
    const [rows, total] = await Promise.all([
      selectRecords(ctx.db, { filter, sort, dir, cursor: cursor ?? undefined, limit: size + 1 }),
      cursor ? Promise.resolve(null) : countRecords(ctx.db, filter),
    ]);
    const page = rows.slice(0, size);
    const last = page.at(-1);
    return {
      items: page.map(publicRecord),
      nextCursor:
        rows.length > size && last
          ? { at: sort === "sentAt" ? last.keys.sentAt : last.keys.recalledAt, id: last.id }
          : null,
      total,
    };
  }),

  /** One record with its review history. */
  byId: adminProcedure.input(z.object({ messageId: id("messageId") })).query(async ({ ctx, input }) => {
    const [record] = await selectRecords(ctx.db, { filter: { messageId: input.messageId }, limit: 1 });
    if (!record) throw appError("NOT_FOUND", "NOT_FOUND", "No recalled message with this id.");
    const reviews = rowsOf<{ id: number; at: string; reviewer_id: string; reviewer_name: string; note: string | null }>(
      await ctx.db.execute(sql`
        select rr.id::float8 as id, to_char(rr.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
               rr.reviewer_id, u.name as reviewer_name, rr.note
          from recall_reviews rr join users u on u.id = rr.reviewer_id
         where rr.message_id = ${input.messageId}::uuid
         order by rr.id desc`),
    ).map((r) => ({
      id: Number(r.id),
      at: new Date(r.at),
      by: { id: r.reviewer_id, name: r.reviewer_name },
      note: r.note,
    }));
    return { record: publicRecord(record), reviews };
  }),

  /**
   * The conversation around a recalled message exactly as members see it (the member view: no
   * recalled text; a silently recalled message is `removed`), so a reviewer judges it in context.
   */
  context: adminProcedure
    .input(
      z.object({
        messageId: id("messageId"),
        radius: z.number().int().min(1, "radius must be 1–10.").max(10, "radius must be 1–10.").default(3),
      }),
    )
    .query(async ({ ctx, input }) => {
      const [target] = await ctx.db
        .select({ conversationId: messages.conversationId, seq: messages.seq })
        .from(messages)
        .where(and(eq(messages.id, input.messageId), isRecord(input.messageId)));
      if (!target) throw appError("NOT_FOUND", "NOT_FOUND", "No recalled message with this id.");
      return {
        conversationId: target.conversationId,
        targetSeq: target.seq,
        items: await messageContext(ctx.db, target, input.radius),
      };
    }),

  /** The retained original and its files (fetched from the audited admin route). Every call writes a `view_original` audit row. */
  original: adminProcedure
    .input(z.object({ messageId: id("messageId") }))
    .mutation(({ ctx, input }) => viewOriginal(ctx.db, ctx.me, input.messageId)),

  restore: adminProcedure.input(z.object({ messageId: id("messageId") })).mutation(async ({ ctx, input }) => {
    const message = await restoreMessage(ctx.db, ctx.me, input.messageId);
    ctx.afterCommit();
    return message;
  }),

  purge: adminProcedure.input(z.object({ messageId: id("messageId") })).mutation(async ({ ctx, input }) => {
    await purgeOriginal(ctx.db, ctx.me, input.messageId);
    ctx.afterCommit(); // its files' objects are deleted now
    return { purged: true };
  }),

  /** "Mark as reviewed": who and when are recorded with the note; a message may be reviewed again. */
  review: adminProcedure
    .input(z.object({ messageId: id("messageId"), note: reviewNote }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction(async (tx) => {
        const [row] = await reviewOrRefuse(tx, ctx.me.id, [input.messageId], input.note ?? null);
        if (!row) throw appError("NOT_FOUND", "NOT_FOUND", "No recalled message with this id.");
        return { id: row.id, at: row.at, note: input.note ?? null };
      });
    }),

  /** Marks many records reviewed at once (e.g. after a bulk recall): all or none, each audited. */
  reviewMany: adminProcedure
    .input(
      z.object({
        messageIds: z
          .array(id("messageIds"))
          .min(1, "Select at least one recalled message.")
          .max(REVIEW_MANY_MAX, `At most ${REVIEW_MANY_MAX} messages can be marked reviewed at once.`),
        note: reviewNote,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const ids = [...new Set(input.messageIds)];
      return ctx.db.transaction(async (tx) => {
        const marked = (await reviewOrRefuse(tx, ctx.me.id, ids, input.note ?? null)).length;
        // Throwing rolls back the ones already marked: nothing is stored for a bad selection.
        if (marked < ids.length) {
          throw appError(
            "NOT_FOUND",
            "NOT_FOUND",
            `${ids.length - marked} of the selected messages are not recalled messages; nothing was marked reviewed.`,
          );
        }
        return { reviewed: marked };
      });
    }),
});

/**
 * Marks up to REVIEW_MANY_MAX records reviewed in ONE statement, for "Mark as reviewed" on one message and on
 * many: the review rows and their audit rows are written only for records (`recordRow`), and only
 * while the reviewer is a system admin with an enabled account *in the database at that moment*
 * (the row is share-locked until commit, so a demotion either lands before and nothing is written,
 * or waits). Returns the reviews written, or "not_admin" when the reviewer is not (or no longer) an admin.
 */
export async function markReviewed(
  tx: Tx,
  reviewerId: string,
  messageIds: string[],
  note: string | null,
): Promise<{ id: number; at: Date }[] | "not_admin"> {
  const list = sql.join(
    messageIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = rowsOf<{ admin: boolean; id: number | null; at: string | null }>(
    await tx.execute(sql`
      with reviewer as (
        select u.id from users u where u.id = ${reviewerId}::uuid and u.role = 'admin' and u.disabled_at is null for share
      ), targets as (
        select m.id, m.conversation_id, m.sender_id from messages m, reviewer
         where m.id in (${list}) and ${recordRow}
      ), reviews as (
        insert into recall_reviews (message_id, reviewer_id, note)
        select t.id, ${reviewerId}::uuid, ${note}::text from targets t
        returning id, created_at
      ), audit as (
        -- Everything an admin does is audited, reviews included.
        insert into audit_log (actor_id, action, target_message_id, target_conversation_id, target_user_id, reason)
        select ${reviewerId}::uuid, 'review', t.id, t.conversation_id, t.sender_id, ${note}::text from targets t
      )
      select exists (select 1 from reviewer) as admin, r.id::float8 as id,
             to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
        from (select 1) one left join reviews r on true`),
  );
  if (!rows[0]?.admin) return "not_admin";
  return rows.flatMap((r) => (r.id === null || r.at === null ? [] : [{ id: Number(r.id), at: new Date(r.at) }]));
}

async function reviewOrRefuse(
  tx: Tx,
  reviewerId: string,
  messageIds: string[],
  note: string | null,
): Promise<{ id: number; at: Date }[]> {
  const reviews = await markReviewed(tx, reviewerId, messageIds, note);
  if (reviews === "not_admin") throw appError("FORBIDDEN", "NOT_ALLOWED", "Only system admins can do this.");
  return reviews;
}
