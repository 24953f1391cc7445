import { and, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type DbOrTx } from "~/db/client";
import { conversationMembers, conversations, messages, type UserRole } from "~/db/schema";
import { decideRecall, type RecallDecision, type RecallPolicy } from "./rules";
import { memberMessageColumns, nameOf, withMemberViewJoins } from "./member-view";
import { effectiveSettingsOf } from "./settings";

export interface Actor {
  id: string;
  role: UserRole;
}

export const actorMember = alias(conversationMembers, "actor_member");
const senderMember = alias(conversationMembers, "sender_member");

/**
 * The facts a recall decision is made on, one row per message: the message, its conversation's
 * kind and effective settings, the actor's and the sender's current member roles (null when not a
 * member) and the database clock — one round trip. Single and bulk recall read the same facts, so
 * both decide the same way; the caller adds the WHERE (and any row lock). The row is also the
 * message's member view before the recall: a single recall answers with that view with the mark
 * applied (recalledRow), so its answer costs no read after the mark.
 */
export function selectRecallFacts(db: DbOrTx, actorId: string) {
  const query = db
    .select({
      ...memberMessageColumns,
      conversationKind: conversations.kind,
      actorRole: actorMember.role,
      actorName: sql<string>`coalesce(${nameOf(sql`${actorId}::uuid`)}, '')`,
      senderRole: senderMember.role,
      settings: effectiveSettingsOf(messages.conversationId),
      now: sql<Date>`clock_timestamp()`.mapWith((v: string | Date) => new Date(v)),
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .leftJoin(
      actorMember,
      and(eq(actorMember.conversationId, messages.conversationId), eq(actorMember.userId, actorId)),
    )
    .leftJoin(
      senderMember,
      and(eq(senderMember.conversationId, messages.conversationId), eq(senderMember.userId, messages.senderId)),
    )
    .$dynamic();
  return withMemberViewJoins(query);
}

export type RecallFacts = Awaited<ReturnType<typeof selectRecallFacts>>[number];

/** The pure rules applied to one message's facts, at the database's time. */
export function decideOn(actor: Actor, facts: RecallFacts, policy: RecallPolicy): RecallDecision {
  return decideRecall(
    { id: actor.id, systemRole: actor.role, memberRole: facts.actorRole },
    {
      senderId: facts.senderId,
      senderMemberRole: facts.senderRole,
      kind: facts.kind,
      conversationKind: facts.conversationKind,
      createdAt: facts.createdAt,
      revoked: facts.revokedAt !== null,
    },
    policy,
    facts.now,
  );
}
