import { and, desc, eq, gte, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type DbOrTx } from "~/db/client";
import { auditLog, conversations, users } from "~/db/schema";
import { type AuditFilter } from "./audit-params";
import { conversationLabel } from "./recall-records";

const actor = alias(users, "actor");
const targetUser = alias(users, "target_user");
const c = alias(conversations, "c");

export function auditConditions(filter: AuditFilter & { targetMessageId?: string }): SQL | undefined {
  return and(
    filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.targetMessageId ? eq(auditLog.targetMessageId, filter.targetMessageId) : undefined,
    filter.targetId
      ? or(
          eq(auditLog.targetMessageId, filter.targetId),
          eq(auditLog.targetConversationId, filter.targetId),
          eq(auditLog.targetUserId, filter.targetId),
        )
      : undefined,
    filter.from ? gte(auditLog.createdAt, filter.from) : undefined,
    filter.to ? lte(auditLog.createdAt, filter.to) : undefined,
  );
}

/** One page of the audit log, newest first, with the names an admin reads; `cursor` is the last id seen. */
export async function selectAuditPage(
  db: DbOrTx,
  filter: AuditFilter & { targetMessageId?: string },
  page: { cursor?: number; limit: number },
) {
  return db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      actorId: auditLog.actorId,
      actorName: actor.name,
      targetMessageId: auditLog.targetMessageId,
      targetConversationId: auditLog.targetConversationId,
      targetConversationLabel: sql<string | null>`${conversationLabel}`,
      targetUserId: auditLog.targetUserId,
      targetUserName: targetUser.name,
      reason: auditLog.reason,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .leftJoin(targetUser, eq(targetUser.id, auditLog.targetUserId))
    .leftJoin(c, eq(c.id, auditLog.targetConversationId))
    .where(and(auditConditions(filter), page.cursor ? lt(auditLog.id, page.cursor) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(page.limit);
}

export type AuditRow = Awaited<ReturnType<typeof selectAuditPage>>[number];
