import { and, asc, eq, gte, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import { doomAttachmentsOf } from "~/server/attachments/lifecycle";
import { type Db, type DbOrTx, type Tx } from "~/db/client";
import {
  auditLog,
  conversationMembers,
  conversations,
  messageEdits,
  messages,
  recallVault,
  type RevokerKind,
} from "~/db/schema";
import { appError } from "~/server/errors";
import { metrics } from "~/server/observability/metrics";
import { enqueue } from "~/server/realtime/outbox";
import { newestSample, previewOf, type BulkPreview, type SampleMessage } from "./bulk-preview";
import { type Actor, decideOn, selectRecallFacts } from "./facts";
import { type RecallDenialCode } from "./rules";
import { DEFAULT_SETTINGS, type EffectiveSettings } from "./settings";
import { bumpVersion } from "./version";

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

type Target = { id: string; body: string | null; createdAt: Date };

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
    let sample: SampleMessage[] = [];
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
      const candidates = selectRecallFacts(tx, actor.id)
        .where(and(...range, eq(messages.conversationId, conversationId)))
        .orderBy(asc(messages.seq));
      const rows = input.dryRun ? await candidates : await candidates.for("update", { of: messages });
      // One conversation: every row carries the same effective settings.
      const policy = rows[0]?.settings ?? DEFAULT_SETTINGS;

      const targets: Target[] = [];
      let as: RevokerKind | null = null;
      for (const row of rows) {
        const decision = decideOn(actor, row, policy);
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
        sample = newestSample(sample, conversationId, targets);
        continue;
      }
      await markConversation(tx, { actor, as, reason: input.reason }, conversationId, targets, policy);
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

/** Marks one conversation's allowed messages, each with its own version in seq order, and keeps/announces them. */
async function markConversation(
  tx: Tx,
  by: { actor: Actor; as: RevokerKind; reason: string | null },
  conversationId: string,
  targets: Target[],
  policy: EffectiveSettings,
) {
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
      revokerId: by.actor.id,
      revokeReason: by.reason,
      revokerKind: by.as,
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
  } else {
    // Erase: every earlier version of an edited message, and every file, goes with the text.
    const ids = targets.map((t) => t.id);
    await tx.delete(messageEdits).where(inArray(messageEdits.messageId, ids));
    await doomAttachmentsOf(tx, ids);
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
