import { and, eq, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import { type Db, type DbOrTx } from "~/db/client";
import { attachments } from "~/db/schema";
import { appError } from "~/server/errors";
import { describeError, getLogger } from "~/server/observability/logger";
import { type AttachmentStorage } from "./storage";
import { type AttachmentView } from "./view";

// An attachment's life after upload: claimed by a send, doomed by erase/purge/orphan cleanup,
// its objects deleted by the sweeper. Rows change state here; bytes move only in the sweeper.

/** Columns of an attachment as members read it. */
export const attachmentViewColumns = {
  id: attachments.id,
  kind: attachments.kind,
  mime: attachments.mime,
  name: attachments.name,
  size: attachments.sizeBytes,
  width: attachments.width,
  height: attachments.height,
};

/**
 * A message's attachments as a JSON array, in order, for a member view: a scalar subquery on the
 * message's index probe. Nothing for a recalled message, so no name of a recalled file reaches a
 * member in any response or event built from the member view.
 */
export function attachmentsOf(messageId: SQL, revokedAt: SQL): SQL<AttachmentView[]> {
  return sql<AttachmentView[]>`(select coalesce(json_agg(json_build_object(
      'id', a.id, 'kind', a.kind, 'mime', a.mime, 'name', a.name, 'size', a.size_bytes,
      'width', a.width, 'height', a.height) order by a.position), '[]'::json)
    from ${attachments} a where a.message_id = ${messageId} and ${revokedAt} is null and a.deleted_at is null)`;
}

/**
 * Gives a message being sent its attachments, in the order given, inside the send's transaction.
 * Only the sender's own unclaimed uploads for this conversation qualify; anything else (someone
 * else's upload, another conversation's, one already sent or cleaned up) fails the whole send.
 */
export async function claimAttachments(
  tx: DbOrTx,
  claim: { messageId: string; uploaderId: string; conversationId: string; ids: readonly string[] },
): Promise<AttachmentView[]> {
  if (new Set(claim.ids).size !== claim.ids.length)
    throw appError("BAD_REQUEST", "BAD_INPUT", "The same attachment was given twice.");
  const claimed = await tx
    .update(attachments)
    .set({
      messageId: claim.messageId,
      position: sql`array_position(array[${sql.join(
        claim.ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}], ${attachments.id})`,
    })
    .where(
      and(
        inArray(attachments.id, [...claim.ids]),
        eq(attachments.uploaderId, claim.uploaderId),
        eq(attachments.conversationId, claim.conversationId),
        isNull(attachments.messageId),
        isNull(attachments.deletedAt),
      ),
    )
    .returning({ ...attachmentViewColumns, position: attachments.position });
  if (claimed.length !== claim.ids.length)
    throw appError(
      "BAD_REQUEST",
      "ATTACHMENT_UNAVAILABLE",
      "An attachment is no longer available (already sent, expired, or not yours); remove it and attach the file again.",
    );
  return claimed.sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).map(({ position: _p, ...view }) => view);
}

/** Dooms the objects of these messages' attachments (erase at recall, purge): the sweeper deletes them. */
export async function doomAttachmentsOf(tx: DbOrTx, messageIds: readonly string[]): Promise<number> {
  if (messageIds.length === 0) return 0;
  const doomed = await tx
    .update(attachments)
    .set({ deletedAt: sql`now()` })
    .where(and(inArray(attachments.messageId, [...messageIds]), isNull(attachments.deletedAt)))
    .returning({ id: attachments.id });
  return doomed.length;
}

/** Uploads never sent, older than `olderThanSeconds` (a day in production), are doomed. */
export async function doomOrphans(db: DbOrTx, olderThanSeconds: number, limit = 500): Promise<number> {
  const orphans = db
    .select({ id: attachments.id })
    .from(attachments)
    .where(
      and(
        isNull(attachments.messageId),
        isNull(attachments.deletedAt),
        lt(attachments.createdAt, sql`now() - make_interval(secs => ${olderThanSeconds})`),
      ),
    )
    .limit(limit);
  const doomed = await db
    .update(attachments)
    .set({ deletedAt: sql`now()` })
    .where(and(inArray(attachments.id, orphans), isNull(attachments.messageId)))
    .returning({ id: attachments.id });
  return doomed.length;
}

/**
 * Deletes the objects of doomed attachments from the store, a batch at a time, then records that
 * they are gone (an orphan's row goes with them: it was never part of a message). A store that
 * fails leaves the rows queued for the next sweep; nothing is lost and nothing is served meanwhile
 * (every fetch checks `deleted_at`). Returns how many attachments' objects it deleted.
 */
export async function sweepDoomedObjects(db: Db, storage: AttachmentStorage, batch = 100): Promise<number> {
  const doomed = await db
    .select({ id: attachments.id, keys: attachments.keys })
    .from(attachments)
    .where(and(sql`${attachments.deletedAt} is not null`, isNull(attachments.objectsDeletedAt)))
    .orderBy(attachments.deletedAt)
    .limit(batch);
  if (doomed.length === 0) return 0;
  await storage.delete(doomed.flatMap((d) => d.keys));
  const ids = doomed.map((d) => d.id);
  await db.transaction(async (tx) => {
    await tx.delete(attachments).where(and(inArray(attachments.id, ids), isNull(attachments.messageId)));
    await tx
      .update(attachments)
      .set({ objectsDeletedAt: sql`now()` })
      .where(inArray(attachments.id, ids));
  });
  return doomed.length;
}

/** Runs the sweeper until the queue is empty (bounded by `maxBatches`); errors are logged, the queue stays. */
export async function drainDoomedObjects(db: Db, storage: AttachmentStorage, maxBatches = 10): Promise<void> {
  try {
    for (let i = 0; i < maxBatches; i++) if ((await sweepDoomedObjects(db, storage)) === 0) return;
  } catch (error) {
    getLogger().warn({ error: describeError(error) }, "attachment objects not deleted yet; the next sweep retries");
  }
}
