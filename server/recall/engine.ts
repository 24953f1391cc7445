import { and, asc, eq, exists, gte, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type Db, type DbOrTx, rowsOf, type Tx } from "~/db/client";
import {
  auditLog,
  conversationMembers,
  conversations,
  messages,
  realtimeOutbox,
  recallVault,
  type RevokerKind,
  type UserRole,
} from "~/db/schema";
import { appError } from "~/server/errors";
import { enqueue } from "~/server/realtime/outbox";
import { selectMemberMessages, toMessageChange, type MessageChange } from "./member-view";
import { decideRecall, moderatableSenderRoles, type RecallDenialCode } from "./rules";
import { effectiveSettings } from "./settings";

export interface Actor {
  id: string;
  role: UserRole;
}

export interface RecallResult {
  message: MessageChange;
  alreadyRecalled: boolean;
  /** The original text, returned once to the sender's recalling device for "Re-edit". */
  reedit: { body: string; until: Date } | null;
}

/** Thrown inside a transaction when a conditional UPDATE matched nothing: roll back and re-decide. */
class GuardFailed extends Error {}

const actorMember = alias(conversationMembers, "actor_member");
const senderMember = alias(conversationMembers, "sender_member");

const denial: Record<RecallDenialCode, "NOT_FOUND" | "FORBIDDEN"> = {
  NOT_FOUND: "NOT_FOUND",
  SYSTEM_MESSAGE: "FORBIDDEN",
  RECALL_DISABLED: "FORBIDDEN",
  WINDOW_EXPIRED: "FORBIDDEN",
  NOT_ALLOWED: "FORBIDDEN",
};

/**
 * Recalls one message, exactly once. The decision is made by the pure rules on facts read with
 * the caller in the WHERE clause; the mark is a conditional UPDATE that re-asserts those facts
 * (still unrecalled, still inside the window on the database clock, the caller still holding
 * the role the decision used). Concurrent recalls serialise on the conversation row lock taken by
 * the version bump; losers find the message recalled and return it unchanged.
 */
export async function recallMessage(
  db: Db,
  actor: Actor,
  input: { messageId: string; reason?: string | null },
): Promise<RecallResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await db.transaction((tx) => recallOnce(tx, actor, input));
    } catch (error) {
      if (!(error instanceof GuardFailed)) throw error;
    }
  }
  throw appError("CONFLICT", "NOT_ALLOWED", "The message changed while recalling it; please try again.");
}

async function recallOnce(tx: Tx, actor: Actor, input: { messageId: string; reason?: string | null }): Promise<RecallResult> {
  const isAdmin = actor.role === "admin";
  const [facts] = await tx
    .select({
      conversationId: messages.conversationId,
      conversationKind: conversations.kind,
      senderId: messages.senderId,
      kind: messages.kind,
      body: messages.body,
      createdAt: messages.createdAt,
      revokedAt: messages.revokedAt,
      actorRole: actorMember.role,
      senderRole: senderMember.role,
      now: sql<Date>`clock_timestamp()`.mapWith((v: string | Date) => new Date(v)),
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .leftJoin(actorMember, and(eq(actorMember.conversationId, messages.conversationId), eq(actorMember.userId, actor.id)))
    .leftJoin(senderMember, and(eq(senderMember.conversationId, messages.conversationId), eq(senderMember.userId, messages.senderId)))
    .where(and(eq(messages.id, input.messageId), isAdmin ? undefined : sql`${actorMember.userId} IS NOT NULL`));
  if (!facts) throw appError("NOT_FOUND", "NOT_FOUND", "Message not found.");

  const settings = await effectiveSettings(tx, facts.conversationId);
  const decision = decideRecall(
    { id: actor.id, systemRole: actor.role, memberRole: facts.actorRole },
    {
      senderId: facts.senderId,
      senderMemberRole: facts.senderRole,
      kind: facts.kind,
      conversationKind: facts.conversationKind,
      createdAt: facts.createdAt,
      revoked: facts.revokedAt !== null,
    },
    settings,
    facts.now,
  );
  if (!decision.ok) throw appError(denial[decision.code], decision.code, decision.message);
  if ("alreadyRecalled" in decision) {
    return { message: await memberChange(tx, input.messageId, actor.id), alreadyRecalled: true, reedit: null };
  }

  const version = await bumpVersion(tx, facts.conversationId, 1);
  const guards: SQL[] = [eq(messages.id, input.messageId), isNull(messages.revokedAt)];
  if (decision.deadline) guards.push(sql`clock_timestamp() <= ${decision.deadline.toISOString()}::timestamptz`);
  if (decision.as !== "system_admin") {
    guards.push(stillMemberWithRole(actor.id, facts.actorRole!));
  }
  const senderRoles = moderatableSenderRoles(decision.as);
  if (senderRoles) guards.push(senderRoleIn(senderRoles));

  // The mark, the vault copy, the audit row and the outbox row in ONE statement (a round trip
  // each would dominate the recall's latency); the side tables are written only if the mark held.
  const retain = settings.contentPolicy === "retain" && facts.body !== null;
  const reason = input.reason ?? null;
  const details = { as: decision.as, policy: settings.contentPolicy, notice: settings.noticeMode, version };
  const marked = rowsOf<{ id: string }>(
    await tx.execute(sql`
      with marked as (
        update ${messages}
           set body = null, revoked_at = now(), revoker_id = ${actor.id}, revoke_reason = ${reason},
               revoker_kind = ${decision.as}, revoke_silent = ${settings.noticeMode === "silent"}, version = ${version}
         where ${and(...guards)}
        returning id
      ), vault as (
        insert into ${recallVault} (message_id, body, retained_until)
        select id, ${facts.body}::text, now() + make_interval(days => ${settings.retentionDays}::int) from marked where ${retain}::boolean
      ), audit as (
        insert into ${auditLog} (actor_id, action, target_message_id, target_conversation_id, target_user_id, reason, details)
        select ${actor.id}::uuid, 'recall', id, ${facts.conversationId}::uuid, ${facts.senderId}::uuid, ${reason}::text, ${JSON.stringify(details)}::jsonb
          from marked
      ), outbox as (
        insert into ${realtimeOutbox} (event, conversation_id, message_id, version)
        select 'message.recalled', ${facts.conversationId}::uuid, id, ${version}::bigint from marked
      )
      select id from marked`),
  );
  if (marked.length === 0) throw new GuardFailed();

  const reedit =
    decision.as === "sender" && settings.reeditWindowSeconds > 0 && facts.body !== null
      ? { body: facts.body, until: new Date(facts.now.getTime() + settings.reeditWindowSeconds * 1000) }
      : null;
  return { message: await memberChange(tx, input.messageId, actor.id), alreadyRecalled: false, reedit };
}

/** Takes the next `count` versions of a conversation; the row lock it takes is held until commit. */
export async function bumpVersion(tx: DbOrTx, conversationId: string, count: number): Promise<number> {
  const [row] = await tx
    .update(conversations)
    .set({ version: sql`${conversations.version} + ${count}` })
    .where(eq(conversations.id, conversationId))
    .returning({ version: conversations.version });
  if (!row) throw appError("NOT_FOUND", "NOT_FOUND", "Conversation not found.");
  return row.version;
}

function stillMemberWithRole(userId: string, role: "owner" | "admin" | "member"): SQL {
  return exists(
    sql`(select 1 from ${conversationMembers} cm where cm.conversation_id = ${messages.conversationId} and cm.user_id = ${userId} and cm.role = ${role})`,
  );
}

/** A sender who has left counts as a plain member (see rules.ts). */
function senderRoleIn(roles: string[]): SQL {
  return sql`coalesce((select cm.role::text from ${conversationMembers} cm where cm.conversation_id = ${messages.conversationId} and cm.user_id = ${messages.senderId}), 'member') in (${sql.join(
    roles.map((r) => sql`${r}`),
    sql`, `,
  )})`;
}

async function memberChange(tx: DbOrTx, messageId: string, viewerId?: string): Promise<MessageChange> {
  const [row] = await selectMemberMessages(tx, eq(messages.id, messageId));
  if (!row) throw appError("NOT_FOUND", "NOT_FOUND", "Message not found.");
  return toMessageChange(row, viewerId);
}

/** Admin: the retained original, and one audit row for every look. */
export async function viewOriginal(db: Db, actor: Actor, messageId: string): Promise<{ body: string; retainedUntil: Date }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ body: recallVault.body, retainedUntil: recallVault.retainedUntil, conversationId: messages.conversationId, senderId: messages.senderId })
      .from(recallVault)
      .innerJoin(messages, eq(messages.id, recallVault.messageId))
      .where(eq(recallVault.messageId, messageId));
    if (!row) throw await vaultMissing(tx, messageId);
    await tx.insert(auditLog).values({
      actorId: actor.id,
      action: "view_original",
      targetMessageId: messageId,
      targetConversationId: row.conversationId,
      targetUserId: row.senderId,
    });
    return { body: row.body, retainedUntil: row.retainedUntil };
  });
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
    const [row] = await tx
      .select({
        conversationId: messages.conversationId,
        senderId: messages.senderId,
        body: recallVault.body,
        revokedAt: messages.revokedAt,
        revokerId: messages.revokerId,
        revokerKind: messages.revokerKind,
        revokeReason: messages.revokeReason,
      })
      .from(messages)
      .innerJoin(recallVault, eq(recallVault.messageId, messages.id))
      .where(and(eq(messages.id, messageId), sql`${messages.revokedAt} IS NOT NULL`));
    if (!row) throw await vaultMissing(tx, messageId);
    const version = await bumpVersion(tx, row.conversationId, 1);
    const restored = await tx
      .update(messages)
      .set({ body: row.body, revokedAt: null, revokerId: null, revokeReason: null, revokerKind: null, revokeSilent: null, version })
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
        recalled: { at: row.revokedAt?.toISOString() ?? null, by: row.revokerId, kind: row.revokerKind, reason: row.revokeReason },
      },
    });
    await enqueue(tx, [{ event: "message.restored", conversationId: row.conversationId, messageId, version }]);
    return memberChange(tx, messageId);
  });
}

/** Admin: deletes the retained original for good. */
export async function purgeOriginal(db: Db, actor: Actor, messageId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [gone] = await tx.delete(recallVault).where(eq(recallVault.messageId, messageId)).returning({ id: recallVault.messageId });
    if (!gone) throw await vaultMissing(tx, messageId);
    const [m] = await tx.select({ conversationId: messages.conversationId, senderId: messages.senderId }).from(messages).where(eq(messages.id, messageId));
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

/** The retention job: purges every vault row past its retained-until time. Returns how many. */
export async function purgeExpired(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(recallVault)
      .where(lte(recallVault.retainedUntil, sql`now()`))
      .returning({ messageId: recallVault.messageId });
    if (gone.length > 0) {
      await tx.insert(auditLog).values(
        gone.map((g) => ({ actorId: null, action: "purge" as const, targetMessageId: g.messageId, details: { by: "retention" } })),
      );
    }
    return gone.length;
  });
}

export interface BulkRecallInput {
  userId: string;
  conversationId: string | null;
  from: Date | null;
  to: Date | null;
  reason: string | null;
  dryRun: boolean;
}

/**
 * Moderation: recalls every live message of one user in one conversation (or everywhere) within a
 * time range. Each message gets its own version so devices can detect gaps; one audit row in all.
 * A system admin may do it anywhere; a group owner only in their group, and not to another owner.
 */
export async function bulkRecall(db: Db, actor: Actor, input: BulkRecallInput): Promise<{ count: number; conversations: number }> {
  const isAdmin = actor.role === "admin";
  if (!isAdmin && !input.conversationId) {
    throw appError("FORBIDDEN", "NOT_ALLOWED", "Only system admins can bulk recall across all conversations; pick a group.");
  }
  return db.transaction(async (tx) => {
    if (!isAdmin) await assertOwnerMayModerate(tx, actor.id, input.conversationId!, input.userId);
    const settings = await effectiveSettings(tx, null);
    const range: SQL[] = [eq(messages.senderId, input.userId), isNull(messages.revokedAt), eq(messages.kind, "text")];
    if (input.conversationId) range.push(eq(messages.conversationId, input.conversationId));
    if (input.from) range.push(gte(messages.createdAt, input.from));
    if (input.to) range.push(lte(messages.createdAt, input.to));

    const convIds = (
      await tx.selectDistinct({ id: messages.conversationId }).from(messages).where(and(...range)).orderBy(asc(messages.conversationId))
    ).map((r) => r.id);
    if (input.dryRun) {
      const [c] = await tx.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(messages).where(and(...range));
      return { count: c?.n ?? 0, conversations: convIds.length };
    }

    const as: RevokerKind = isAdmin ? "system_admin" : "group_owner";
    let total = 0;
    for (const conversationId of convIds) {
      // Lock order everywhere: conversation row first, then its messages (no deadlocks with recall).
      await tx.execute(sql`select 1 from ${conversations} where ${conversations.id} = ${conversationId} for update`);
      const conv = await effectiveSettings(tx, conversationId);
      const targets = await tx
        .select({ id: messages.id, body: messages.body })
        .from(messages)
        .where(and(...range, eq(messages.conversationId, conversationId)))
        .orderBy(asc(messages.seq))
        .for("update");
      if (targets.length === 0) continue;
      const last = await bumpVersion(tx, conversationId, targets.length);
      const first = last - targets.length + 1;
      const numbered = tx
        .select({ id: messages.id, n: sql<number>`(row_number() over (order by ${messages.seq}) - 1)`.as("n") })
        .from(messages)
        .where(inArray(messages.id, targets.map((t) => t.id)))
        .as("numbered");
      const marked = await tx
        .update(messages)
        .set({
          body: null,
          revokedAt: sql`now()`,
          revokerId: actor.id,
          revokeReason: input.reason,
          revokerKind: as,
          revokeSilent: conv.noticeMode === "silent",
          version: sql`${first} + ${numbered.n}`,
        })
        .from(numbered)
        .where(eq(messages.id, numbered.id))
        .returning({ id: messages.id, version: messages.version });
      if (conv.contentPolicy === "retain") {
        await tx.insert(recallVault).values(
          targets.map((t) => ({
            messageId: t.id,
            body: t.body ?? "",
            retainedUntil: sql`now() + make_interval(days => ${settings.retentionDays})`,
          })),
        );
      }
      await enqueue(
        tx,
        marked.map((m) => ({ event: "message.recalled" as const, conversationId, messageId: m.id, version: m.version })),
      );
      total += targets.length;
    }
    await tx.insert(auditLog).values({
      actorId: actor.id,
      action: "bulk_recall",
      targetUserId: input.userId,
      targetConversationId: input.conversationId,
      reason: input.reason,
      details: { count: total, conversations: convIds.length, from: input.from?.toISOString() ?? null, to: input.to?.toISOString() ?? null, as },
    });
    return { count: total, conversations: convIds.length };
  });
}

async function assertOwnerMayModerate(tx: DbOrTx, ownerId: string, conversationId: string, userId: string) {
  const target = alias(conversationMembers, "target_member");
  const [row] = await tx
    .select({ kind: conversations.kind, targetRole: target.role })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .leftJoin(target, and(eq(target.conversationId, conversationMembers.conversationId), eq(target.userId, userId)))
    .where(
      and(
        eq(conversationMembers.conversationId, conversationId),
        eq(conversationMembers.userId, ownerId),
        eq(conversationMembers.role, "owner"),
        eq(conversations.kind, "group"),
      ),
    );
  if (!row) throw appError("FORBIDDEN", "NOT_ALLOWED", "Only the group's owner or a system admin can bulk recall in this conversation.");
  if (row.targetRole === "owner") throw appError("FORBIDDEN", "NOT_ALLOWED", "A group owner's messages cannot be bulk recalled by another owner.");
}

