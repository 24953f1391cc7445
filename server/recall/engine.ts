import { and, eq, exists, isNull, sql, type SQL } from "drizzle-orm";
import { type Db, rowsOf, type Tx } from "~/db/client";
import { auditLog, conversationMembers, messages, realtimeOutbox, recallVault, type RevokerKind } from "~/db/schema";
import { appError } from "~/server/errors";
import { metrics } from "~/server/observability/metrics";
import { type Actor, actorMember, decideOn, type RecallFacts, selectRecallFacts } from "./facts";
import { memberChange, type MessageChange } from "./member-view";
import { moderatableSenderRoles, type RecallDenialCode } from "./rules";
import { DEFAULT_SETTINGS, type EffectiveSettings } from "./settings";
import { bumpVersion } from "./version";

// Single recall. Bulk recall lives in bulk-recall.ts, the vault (view, restore, purge, retention) in vault.ts.

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
  const [facts] = await selectRecallFacts(db, actor.id).where(
    and(eq(messages.id, input.messageId), isAdmin ? undefined : sql`${actorMember.userId} IS NOT NULL`),
  );
  if (!facts) throw appError("NOT_FOUND", "NOT_FOUND", "Message not found.");

  // Read with the facts, in the same round trip.
  const settings = facts.settings ?? DEFAULT_SETTINGS;
  const decision = decideOn(actor, facts, settings);
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

/**
 * The one transaction that applies a recall: the version bump (taking the conversation row lock),
 * then the guarded mark with its vault, audit and outbox rows. Throws GuardFailed to roll back.
 */
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
