import { and, eq, sql } from "drizzle-orm";
import { type Db, rowsOf } from "~/db/client";
import { attachments, messages, type RevokerKind } from "~/db/schema";
import { hasSqlState } from "~/server/db-errors";
import { appError } from "~/server/errors";
import { metrics } from "~/server/observability/metrics";
import { type Actor, actorMember, decideOn, type RecallFacts, selectRecallFacts } from "./facts";
import { memberChange, type MessageChange, type RecallMark, recalledRow, toMessageChange } from "./member-view";
import { moderatableSenderRoles, type RecallDenialCode } from "./rules";
import { DEFAULT_SETTINGS, type EffectiveSettings } from "./settings";

// Single recall. Bulk recall lives in bulk-recall.ts, the vault (view, restore, purge, retention) in vault.ts.

export interface RecallResult {
  message: MessageChange;
  alreadyRecalled: boolean;
  /** The original text, returned once to the sender's recalling device for "Re-edit". */
  reedit: { body: string; until: Date } | null;
}

/** The SQLSTATE `recall_mark` raises when a fact the decision used no longer holds: re-decide. */
const GUARD_FAILED = "RG001";

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
 * the caller in the WHERE clause; the mark re-asserts those facts under the conversation row lock
 * (see markRecalled). When any of them changed in between, nothing is written and the facts are
 * read and decided again. Concurrent recalls serialise on that lock; losers find the message
 * recalled and return it unchanged.
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

  const marked = await markRecalled(db, actor, input, facts, decision, settings);
  if (marked === null) return null;
  const { mark, body } = marked;
  // Counted after the commit, so a rolled-back attempt is never counted.
  metrics().recalls.inc({ actor_kind: decision.as });
  const reedit =
    decision.as === "sender" && settings.reeditWindowSeconds > 0 && body !== null
      ? { body, until: new Date(facts.now.getTime() + settings.reeditWindowSeconds * 1000) }
      : null;
  return { message: toMessageChange(recalledRow(facts, mark), actor.id), alreadyRecalled: false, reedit };
}

/**
 * Applies a recall in one statement: `recall_mark` (migrations 0009, 0010) bumps the version, taking the
 * conversation row lock, re-asserts the decision's facts on a fresh snapshot (still unrecalled,
 * still inside the window on the database clock, the caller still holding the role the decision
 * used, the sender still in a role the caller may moderate), and writes the mark with its vault,
 * audit and outbox rows. A guard that no longer holds raises RG001, which rolls the whole
 * statement back: null, re-decide. One round trip where a transaction took four.
 */
async function markRecalled(
  db: Db,
  actor: Actor,
  input: { messageId: string; reason?: string | null },
  facts: RecallFacts,
  decision: { as: RevokerKind; deadline: Date | null },
  settings: EffectiveSettings,
): Promise<{ mark: RecallMark; body: string | null } | null> {
  const senderRoles = moderatableSenderRoles(decision.as);
  const reason = input.reason ?? null;
  const silent = settings.noticeMode === "silent";
  const keep = settings.contentPolicy === "retain";
  const details = { as: decision.as, policy: settings.contentPolicy, notice: settings.noticeMode };
  try {
    // now() is the transaction's time, the same the function wrote into revoked_at.
    const [row] = rowsOf<{ out_version: string | number; out_body: string | null; at: string | Date }>(
      await db.execute(sql`
        with r as (select * from recall_mark(
          ${input.messageId}::uuid, ${facts.conversationId}::uuid, ${facts.senderId}::uuid, ${actor.id}::uuid,
          ${decision.as}::revoker_kind, ${reason}::text,
          ${decision.deadline?.toISOString() ?? null}::timestamptz,
          ${decision.as === "system_admin" ? null : facts.actorRole}::member_role,
          string_to_array(${senderRoles?.join(",") ?? null}::text, ',')::member_role[],
          ${silent}::boolean, ${keep}::boolean, ${settings.retentionDays}::int,
          ${JSON.stringify(details)}::jsonb
        )),
        -- Erase: the files go with the text. Their rows stay (the message is marked, not
        -- deleted); the objects are deleted by the sweeper after the commit. Retain keeps them
        -- for the vault: from this commit on, no member fetch serves them.
        doomed as (
          update ${attachments} set deleted_at = now()
           where not ${keep}::boolean and message_id = ${input.messageId}::uuid and deleted_at is null
             and exists (select 1 from r)
        )
        select r.out_version, r.out_body, now() as at from r`),
    );
    const mark = {
      version: Number(row!.out_version),
      at: new Date(row!.at),
      by: { id: actor.id, name: facts.actorName },
      kind: decision.as,
      reason,
      silent,
    };
    // The text under the lock: an edit committed after the decision is what was recalled.
    return { mark, body: row!.out_body };
  } catch (error) {
    if (hasSqlState(error, GUARD_FAILED)) return null;
    throw error;
  }
}
