import { and, eq, isNull, lte, type SQL, sql } from "drizzle-orm";
import { type Db, type DbOrTx } from "~/db/client";
import { attachments, auditLog, messageEdits, messages, recallVault } from "~/db/schema";
import { attachmentViewColumns, doomAttachmentsOf } from "~/server/attachments/lifecycle";
import { type AttachmentView } from "~/server/attachments/view";
import { appError } from "~/server/errors";
import { enqueue } from "~/server/realtime/outbox";
import { type Actor } from "./facts";
import { memberChange, type MessageChange } from "./member-view";
import { bumpVersion } from "./version";

// The vault keeps a recalled message's original text while the policy retains it: an admin may
// look at it (audited), put it back, or purge it; the retention job purges what has expired.

/** Admin: the retained original, and one audit row for every look. */
export async function viewOriginal(
  db: Db,
  actor: Actor,
  messageId: string,
): Promise<{ body: string; retainedUntil: Date; attachments: AttachmentView[] }> {
  return db.transaction(async (tx) => {
    const [row] = await selectVaulted(tx, eq(recallVault.messageId, messageId));
    if (!row) throw await vaultMissing(tx, messageId);
    await tx.insert(auditLog).values({
      actorId: actor.id,
      action: "view_original",
      targetMessageId: messageId,
      targetConversationId: row.conversationId,
      targetUserId: row.senderId,
    });
    const files = await tx
      .select(attachmentViewColumns)
      .from(attachments)
      .where(and(eq(attachments.messageId, messageId), isNull(attachments.deletedAt)))
      .orderBy(attachments.position);
    return { body: row.body, retainedUntil: row.retainedUntil, attachments: files };
  });
}

/** A retained original with the message facts that restoring it and its audit rows need. */
function selectVaulted(tx: DbOrTx, where: SQL | undefined) {
  return tx
    .select({
      body: recallVault.body,
      retainedUntil: recallVault.retainedUntil,
      conversationId: messages.conversationId,
      senderId: messages.senderId,
      revokedAt: messages.revokedAt,
      revokerId: messages.revokerId,
      revokerKind: messages.revokerKind,
      revokeReason: messages.revokeReason,
    })
    .from(recallVault)
    .innerJoin(messages, eq(messages.id, recallVault.messageId))
    .where(where);
}

/** Explains why there is no vault row: unknown message, never recalled, or purged/erased. */
async function vaultMissing(tx: DbOrTx, messageId: string) {
  const [m] = await tx.select({ revokedAt: messages.revokedAt }).from(messages).where(eq(messages.id, messageId));
  if (!m) return appError("NOT_FOUND", "NOT_FOUND", "Message not found.");
  if (m.revokedAt === null) return appError("CONFLICT", "NOT_RECALLED", "This message is not recalled.");
  return appError(
    "PRECONDITION_FAILED",
    "ALREADY_PURGED",
    "The original text is no longer kept (it was purged or erased by policy), so it cannot be shown or restored.",
  );
}

/** Admin: puts the retained original back; impossible once purged or erased. */
export async function restoreMessage(db: Db, actor: Actor, messageId: string): Promise<MessageChange> {
  return db.transaction(async (tx) => {
    const [row] = await selectVaulted(tx, and(eq(messages.id, messageId), sql`${messages.revokedAt} IS NOT NULL`));
    if (!row) throw await vaultMissing(tx, messageId);
    const version = await bumpVersion(tx, row.conversationId, 1);
    const restored = await tx
      .update(messages)
      .set({
        body: row.body,
        revokedAt: null,
        revokerId: null,
        revokeReason: null,
        revokerKind: null,
        revokeSilent: null,
        version,
      })
      .where(and(eq(messages.id, messageId), sql`${messages.revokedAt} IS NOT NULL`))
      .returning({ id: messages.id });
    // The row lock from bumpVersion serialises restores; a concurrent one already restored it.
    if (restored.length === 0) throw appError("CONFLICT", "NOT_RECALLED", "This message is not recalled.");
    await tx.delete(recallVault).where(eq(recallVault.messageId, messageId));
    await tx.insert(auditLog).values({
      actorId: actor.id,
      action: "restore",
      targetMessageId: messageId,
      targetConversationId: row.conversationId,
      targetUserId: row.senderId,
      // The restore clears the recall columns; keep what it undid on record for the console.
      details: {
        version,
        recalled: {
          at: row.revokedAt?.toISOString() ?? null,
          by: row.revokerId,
          kind: row.revokerKind,
          reason: row.revokeReason,
        },
      },
    });
    await enqueue(tx, [{ event: "message.restored", conversationId: row.conversationId, messageId, version }]);
    return memberChange(tx, messageId);
  });
}

/** Admin: deletes the retained original for good. */
export async function purgeOriginal(db: Db, actor: Actor, messageId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(recallVault)
      .where(eq(recallVault.messageId, messageId))
      .returning({ id: recallVault.messageId });
    if (!gone) throw await vaultMissing(tx, messageId);
    // The original goes with every earlier version of it, and with its files.
    await tx.delete(messageEdits).where(eq(messageEdits.messageId, messageId));
    await doomAttachmentsOf(tx, [messageId]);
    const [m] = await tx
      .select({ conversationId: messages.conversationId, senderId: messages.senderId })
      .from(messages)
      .where(eq(messages.id, messageId));
    await tx.insert(auditLog).values({
      actorId: actor.id,
      action: "purge",
      targetMessageId: messageId,
      targetConversationId: m?.conversationId ?? null,
      targetUserId: m?.senderId ?? null,
      details: { by: "admin" },
    });
  });
}

/**
 * The retention job: purges every vault row past its retained-until time, and every earlier
 * version of an edited message past its own. Returns how many recalled originals it purged.
 */
export async function purgeExpired(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.delete(messageEdits).where(lte(messageEdits.retainedUntil, sql`now()`));
    const gone = await tx
      .delete(recallVault)
      .where(lte(recallVault.retainedUntil, sql`now()`))
      .returning({ messageId: recallVault.messageId });
    if (gone.length > 0) {
      await doomAttachmentsOf(
        tx,
        gone.map((g) => g.messageId),
      );
      await tx.insert(auditLog).values(
        gone.map((g) => ({
          actorId: null,
          action: "purge" as const,
          targetMessageId: g.messageId,
          details: { by: "retention" },
        })),
      );
    }
    return gone.length;
  });
}
