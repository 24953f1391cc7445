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
  users,
  type MemberRole,
  type RevokerKind,
  type UserRole,
} from "~/db/schema";
import { conversationLabel } from "~/server/admin/recall-records";
import { appError } from "~/server/errors";
import { metrics } from "~/server/observability/metrics";
import { enqueue } from "~/server/realtime/outbox";
import { selectMemberMessages, toMessageChange, type MessageChange } from "./member-view";
import { decideRecall, moderatableSenderRoles, type RecallDenialCode } from "./rules";
import { type EffectiveSettings, effectiveSettings } from "./settings";

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

/** Attempts before a recall whose facts keep changing gives up with CONFLICT. */
export const RECALL_ATTEMPTS = 3;

/**
 * Test-only seam: runs after the decision and before the conditional UPDATE, with no transaction
 * open, so a test can commit a change to the facts the decision used (window passing, roles
 * changing, someone else recalling) and prove the UPDATE's guards catch it. Production never sets it.
 */
export const recallSeam: { beforeMark: ((attempt: number) => Promise<void>) | null } = { beforeMark: null };

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
 * the role the decision used, the sender still in a role the caller may moderate). When any of
 * them changed in between, the UPDATE matches nothing, the transaction rolls back and the facts
 * are read and decided again. Concurrent recalls serialise on the conversation row lock taken by
 * the version bump; losers find the message recalled and return it unchanged.
 */
export async function recallMessage(
  db: Db,
  actor: Actor,
  input: { messageId: string; reason?: string | null },
): Promise<RecallResult> {
  for (let attempt = 0; attempt < RECALL_ATTEMPTS; attempt++) {
    const result = await recallOnce(db, actor, input, attempt);
    if (result) return result;
  }
  throw appError("CONFLICT", "NOT_ALLOWED", "The message changed while recalling it; please try again.");
}

/** One read–decide–mark round; null when the mark's guards no longer held (re-decide). */
async function recallOnce(
  db: Db,
  actor: Actor,
  input: { messageId: string; reason?: string | null },
  attempt: number,
): Promise<RecallResult | null> {
  const isAdmin = actor.role === "admin";
  const [facts] = await db
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
    .leftJoin(
      actorMember,
      and(eq(actorMember.conversationId, messages.conversationId), eq(actorMember.userId, actor.id)),
    )
    .leftJoin(
      senderMember,
      and(eq(senderMember.conversationId, messages.conversationId), eq(senderMember.userId, messages.senderId)),
    )
    .where(and(eq(messages.id, input.messageId), isAdmin ? undefined : sql`${actorMember.userId} IS NOT NULL`));
  if (!facts) throw appError("NOT_FOUND", "NOT_FOUND", "Message not found.");

  const settings = await effectiveSettings(db, facts.conversationId);
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
    return { message: await memberChange(db, input.messageId, actor.id), alreadyRecalled: true, reedit: null };
  }
  if (recallSeam.beforeMark) await recallSeam.beforeMark(attempt);

  const marked = await db
    .transaction(async (tx) => markRecalled(tx, actor, input, facts, decision, settings))
    .catch((error: unknown) => {
      if (error instanceof GuardFailed) return null;
      throw error;
    });
  // Counted after the commit, so a rolled-back attempt is never counted.
  if (marked) metrics().recalls.inc({ actor_kind: decision.as });
  return marked;
}

type RecallFacts = {
  conversationId: string;
  senderId: string;
  body: string | null;
  now: Date;
  actorRole: MemberRole | null;
};

async function markRecalled(
  tx: Tx,
  actor: Actor,
  input: { messageId: string; reason?: string | null },
  facts: RecallFacts,
  decision: { as: RevokerKind; deadline: Date | null },
  settings: EffectiveSettings,
): Promise<RecallResult> {
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
export async function viewOriginal(
  db: Db,
  actor: Actor,
  messageId: string,
): Promise<{ body: string; retainedUntil: Date }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        body: recallVault.body,
        retainedUntil: recallVault.retainedUntil,
        conversationId: messages.conversationId,
        senderId: messages.senderId,
      })
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

/** The retention job: purges every vault row past its retained-until time. Returns how many. */
export async function purgeExpired(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(recallVault)
      .where(lte(recallVault.retainedUntil, sql`now()`))
      .returning({ messageId: recallVault.messageId });
    if (gone.length > 0) {
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

export interface BulkRecallInput {
  userId: string;
  conversationId: string | null;
  from: Date | null;
  to: Date | null;
  reason: string | null;
  dryRun: boolean;
}

export interface BulkSkip {
  code: RecallDenialCode;
  /** The single-recall refusal, e.g. "You are not allowed to recall this message." */
  message: string;
  count: number;
}

export interface BulkRecallResult {
  count: number;
  conversations: number;
  /** Messages in range that the single-recall rules refuse, grouped by reason. */
  skipped: BulkSkip[];
  /** Dry run only: what would go, so the person can check it is the right set before recalling. */
  preview?: BulkPreview;
}

/** Bounded: the busiest conversations and the newest messages only, never any message text. */
export interface BulkPreview {
  sender: { id: string; name: string };
  /** Most messages first, at most PREVIEW_CONVERSATIONS; `conversations` in the result counts them all. */
  byConversation: { id: string; label: string; count: number }[];
  /** The newest PREVIEW_SAMPLE messages that would be recalled. */
  sample: { id: string; conversationId: string; conversationLabel: string; sentAt: Date }[];
}

export const PREVIEW_CONVERSATIONS = 10;
export const PREVIEW_SAMPLE = 5;

/**
 * Moderation: recalls every live message of one user in one conversation (or everywhere) within a
 * time range. A system admin may do it anywhere; a group owner only in their group. Each message
 * gets exactly the decision a single recall would get (`decideRecall` with that conversation's
 * policy); the ones it refuses are left alone and reported. Each recalled message gets its own
 * version so devices can detect gaps; one audit row in all.
 */
export async function bulkRecall(db: Db, actor: Actor, input: BulkRecallInput): Promise<BulkRecallResult> {
  const isAdmin = actor.role === "admin";
  if (!isAdmin && !input.conversationId) {
    throw appError(
      "FORBIDDEN",
      "NOT_ALLOWED",
      "Only system admins can bulk recall across all conversations; pick a group.",
    );
  }
  const result = await db.transaction(async (tx) => {
    if (!isAdmin) await assertOwnerOf(tx, actor.id, input.conversationId!);
    const range: SQL[] = [eq(messages.senderId, input.userId), isNull(messages.revokedAt), eq(messages.kind, "text")];
    if (input.conversationId) range.push(eq(messages.conversationId, input.conversationId));
    if (input.from) range.push(gte(messages.createdAt, input.from));
    if (input.to) range.push(lte(messages.createdAt, input.to));

    const convIds = (
      await tx
        .selectDistinct({ id: messages.conversationId })
        .from(messages)
        .where(and(...range))
        .orderBy(asc(messages.conversationId))
    ).map((r) => r.id);

    const skipped = new Map<RecallDenialCode, BulkSkip>();
    const kinds = new Set<RevokerKind>();
    const perConversation: { id: string; count: number }[] = [];
    let sample: { id: string; conversationId: string; sentAt: Date }[] = [];
    let total = 0;
    let touched = 0;
    for (const conversationId of convIds) {
      if (!input.dryRun) {
        // Lock order everywhere: conversation row first, then its messages (no deadlocks with
        // recall). The member rows are held too, so no role the decisions used changes before commit.
        await tx.execute(sql`select 1 from ${conversations} where ${conversations.id} = ${conversationId} for update`);
        await tx.execute(
          sql`select 1 from ${conversationMembers} where ${conversationMembers.conversationId} = ${conversationId} for share`,
        );
      }
      const policy = await effectiveSettings(tx, conversationId);
      const candidates = tx
        .select({
          id: messages.id,
          body: messages.body,
          senderId: messages.senderId,
          kind: messages.kind,
          createdAt: messages.createdAt,
          conversationKind: conversations.kind,
          actorRole: actorMember.role,
          senderRole: senderMember.role,
          now: sql<Date>`clock_timestamp()`.mapWith((v: string | Date) => new Date(v)),
        })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .leftJoin(
          actorMember,
          and(eq(actorMember.conversationId, messages.conversationId), eq(actorMember.userId, actor.id)),
        )
        .leftJoin(
          senderMember,
          and(eq(senderMember.conversationId, messages.conversationId), eq(senderMember.userId, messages.senderId)),
        )
        .where(and(...range, eq(messages.conversationId, conversationId)))
        .orderBy(asc(messages.seq));
      const rows = input.dryRun ? await candidates : await candidates.for("update", { of: messages });

      const targets: { id: string; body: string | null; createdAt: Date }[] = [];
      let as: RevokerKind | null = null;
      for (const row of rows) {
        const decision = decideRecall(
          { id: actor.id, systemRole: actor.role, memberRole: row.actorRole },
          {
            senderId: row.senderId,
            senderMemberRole: row.senderRole,
            kind: row.kind,
            conversationKind: row.conversationKind,
            createdAt: row.createdAt,
            revoked: false,
          },
          policy,
          row.now,
        );
        if (!decision.ok) {
          const entry = skipped.get(decision.code) ?? { code: decision.code, message: decision.message, count: 0 };
          entry.count += 1;
          skipped.set(decision.code, entry);
        } else if (!("alreadyRecalled" in decision)) {
          // One actor, one sender, one conversation: every allowed message is allowed the same way.
          as = decision.as;
          targets.push({ id: row.id, body: row.body, createdAt: row.createdAt });
        }
      }
      if (targets.length === 0 || as === null) continue;
      touched += 1;
      total += targets.length;
      kinds.add(as);
      if (input.dryRun) {
        perConversation.push({ id: conversationId, count: targets.length });
        // Keep only the newest few across conversations: the sample stays bounded however many match.
        sample = [
          ...sample,
          ...targets.slice(-PREVIEW_SAMPLE).map((t) => ({ id: t.id, conversationId, sentAt: t.createdAt })),
        ]
          .sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime() || (a.id < b.id ? -1 : 1))
          .slice(0, PREVIEW_SAMPLE);
        continue;
      }

      const last = await bumpVersion(tx, conversationId, targets.length);
      const first = last - targets.length + 1;
      const numbered = tx
        .select({ id: messages.id, n: sql<number>`(row_number() over (order by ${messages.seq}) - 1)`.as("n") })
        .from(messages)
        .where(
          inArray(
            messages.id,
            targets.map((t) => t.id),
          ),
        )
        .as("numbered");
      const marked = await tx
        .update(messages)
        .set({
          body: null,
          revokedAt: sql`now()`,
          revokerId: actor.id,
          revokeReason: input.reason,
          revokerKind: as,
          revokeSilent: policy.noticeMode === "silent",
          version: sql`${first} + ${numbered.n}`,
        })
        .from(numbered)
        .where(eq(messages.id, numbered.id))
        .returning({ id: messages.id, version: messages.version });
      if (policy.contentPolicy === "retain") {
        await tx.insert(recallVault).values(
          targets.map((t) => ({
            messageId: t.id,
            body: t.body ?? "",
            retainedUntil: sql`now() + make_interval(days => ${policy.retentionDays})`,
          })),
        );
      }
      await enqueue(
        tx,
        marked.map((m) => ({
          event: "message.recalled" as const,
          conversationId,
          messageId: m.id,
          version: m.version,
        })),
      );
    }
    const result: BulkRecallResult = { count: total, conversations: touched, skipped: [...skipped.values()] };
    if (input.dryRun) return { ...result, preview: await previewOf(tx, input.userId, perConversation, sample) };
    await tx.insert(auditLog).values({
      actorId: actor.id,
      action: "bulk_recall",
      targetUserId: input.userId,
      targetConversationId: input.conversationId,
      reason: input.reason,
      details: {
        count: total,
        conversations: touched,
        from: input.from?.toISOString() ?? null,
        to: input.to?.toISOString() ?? null,
        as: [...kinds][0] ?? (isAdmin ? "system_admin" : "group_owner"),
        skipped: result.skipped.map(({ code, count }) => ({ code, count })),
      },
    });
    return result;
  });
  if (!input.dryRun && result.count > 0)
    metrics().recalls.inc({ actor_kind: isAdmin ? "system_admin" : "group_owner" }, result.count);
  return result;
}

/** Bulk recall is a group owner's tool (besides system admins); what each message allows is decided per message. */
async function assertOwnerOf(tx: DbOrTx, ownerId: string, conversationId: string) {
  const [row] = await tx
    .select({ kind: conversations.kind })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(
      and(
        eq(conversationMembers.conversationId, conversationId),
        eq(conversationMembers.userId, ownerId),
        eq(conversationMembers.role, "owner"),
        eq(conversations.kind, "group"),
      ),
    );
  if (!row)
    throw appError(
      "FORBIDDEN",
      "NOT_ALLOWED",
      "Only the group's owner or a system admin can bulk recall in this conversation.",
    );
}

/** Names for a dry run's counts and sample: one query for the sender, one for at most 15 conversation labels. */
async function previewOf(
  tx: DbOrTx,
  userId: string,
  perConversation: { id: string; count: number }[],
  sample: { id: string; conversationId: string; sentAt: Date }[],
): Promise<BulkPreview> {
  const busiest = [...perConversation]
    .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1))
    .slice(0, PREVIEW_CONVERSATIONS);
  const ids = [...new Set([...busiest.map((c) => c.id), ...sample.map((m) => m.conversationId)])];
  const [sender] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, userId));
  const labels = new Map<string, string>();
  if (ids.length > 0) {
    const rows = rowsOf<{ id: string; label: string }>(
      await tx.execute(
        sql`select c.id, ${conversationLabel} as label from ${conversations} c where c.id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      ),
    );
    for (const row of rows) labels.set(row.id, row.label);
  }
  return {
    sender: { id: userId, name: sender?.name ?? "" },
    byConversation: busiest.map((c) => ({ id: c.id, label: labels.get(c.id) ?? "", count: c.count })),
    sample: sample.map((m) => ({ ...m, conversationLabel: labels.get(m.conversationId) ?? "" })),
  };
}
