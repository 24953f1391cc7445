import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { conversationMembers, conversations, memberRole, messages, users } from "~/db/schema";
import { postSystemLine } from "~/server/chat/post-message";
import { appError } from "~/server/errors";
import { type MessageView, selectMemberMessages, toMessageView } from "~/server/recall/member-view";
import { effectiveSettings } from "~/server/recall/settings";
import { enqueue } from "~/server/realtime/outbox";
import { enforceLimit, protectedProcedure, rateLimited, router } from "~/server/trpc";
import { conversationId, id, limit, timestamp, title } from "./inputs";
import { requireMember } from "./membership";
import { type Context } from "~/server/context";

export const conversationRouter = router({
  /** The caller's conversations, most recent first, with preview and unread count. */
  list: protectedProcedure
    .input(
      z
        .object({
          limit: limit(100, 50),
          cursor: z.object({ lastMessageAt: timestamp("cursor.lastMessageAt"), id: z.uuid() }).optional(),
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const me = ctx.me.id;
      const rows = await ctx.db
        .select({
          id: conversations.id,
          kind: conversations.kind,
          title: conversations.title,
          version: conversations.version,
          lastSeq: conversations.lastSeq,
          lastMessageAt: conversations.lastMessageAt,
          myRole: conversationMembers.role,
          lastReadSeq: conversationMembers.lastReadSeq,
          // Subqueries in the select list run only for the page's rows (after ORDER BY/LIMIT).
          directPeerId: sql<string | null>`(select o.user_id from ${conversationMembers} o
              where ${conversations.kind} = 'direct' and o.conversation_id = ${conversations.id} and o.user_id <> ${me} limit 1)`,
          directPeerName: sql<
            string | null
          >`(select u.name from ${conversationMembers} o join ${users} u on u.id = o.user_id
              where ${conversations.kind} = 'direct' and o.conversation_id = ${conversations.id} and o.user_id <> ${me} limit 1)`,
          // Capped: a badge shows "99+" and the count stays an index range scan.
          unread: sql<number>`(select count(*) from (select 1 from ${messages} u
              where u.conversation_id = ${conversations.id} and u.seq > ${conversationMembers.lastReadSeq}
                and u.sender_id <> ${me} and u.revoked_at is null and u.kind = 'text' limit 100) capped)`.mapWith(
            Number,
          ),
          previewId: sql<string | null>`(select p.id from ${messages} p
              where p.conversation_id = ${conversations.id} and not coalesce(p.revoke_silent, false)
              order by p.seq desc limit 1)`,
        })
        .from(conversationMembers)
        .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
        .where(
          and(
            eq(conversationMembers.userId, me),
            input.cursor
              ? or(
                  lt(conversations.lastMessageAt, input.cursor.lastMessageAt),
                  and(
                    eq(conversations.lastMessageAt, input.cursor.lastMessageAt),
                    lt(conversations.id, input.cursor.id),
                  ),
                )
              : undefined,
          ),
        )
        .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
        .limit(input.limit + 1);
      const page = rows.slice(0, input.limit);
      const previewIds = page.flatMap((r) => (r.previewId ? [r.previewId] : []));
      const previews = previewIds.length
        ? new Map(
            (await selectMemberMessages(ctx.db, inArray(messages.id, previewIds))).map((m) => [m.id, toMessageView(m)]),
          )
        : new Map<string, MessageView>();
      const last = page.at(-1);
      return {
        items: page.map((r) => ({
          id: r.id,
          kind: r.kind,
          title: r.kind === "direct" ? (r.directPeerName ?? "") : (r.title ?? ""),
          peerId: r.directPeerId,
          version: r.version,
          lastSeq: r.lastSeq,
          lastMessageAt: r.lastMessageAt,
          myRole: r.myRole,
          lastReadSeq: r.lastReadSeq,
          unread: r.unread,
          preview: r.previewId ? (previews.get(r.previewId) ?? null) : null,
        })),
        nextCursor: rows.length > input.limit && last ? { lastMessageAt: last.lastMessageAt, id: last.id } : null,
        serverTime: new Date(),
      };
    }),

  byId: protectedProcedure.input(z.object({ id: conversationId })).query(async ({ ctx, input }) => {
    const member = await requireMember(ctx.db, input.id, ctx.me.id);
    const members = await ctx.db
      .select({ id: users.id, name: users.name, role: conversationMembers.role })
      .from(conversationMembers)
      .innerJoin(users, eq(users.id, conversationMembers.userId))
      .where(eq(conversationMembers.conversationId, input.id))
      .orderBy(conversationMembers.joinedAt);
    const settings = await effectiveSettings(ctx.db, input.id);
    const peer = member.kind === "direct" ? members.find((m) => m.id !== ctx.me.id) : undefined;
    return {
      id: input.id,
      kind: member.kind,
      title: member.kind === "direct" ? (peer?.name ?? "") : (member.title ?? ""),
      version: member.version,
      lastSeq: member.lastSeq,
      myRole: member.role,
      lastReadSeq: member.lastReadSeq,
      members,
      // What the UI needs to offer recall honestly; the server re-checks every recall anyway.
      recall: {
        windowSeconds: settings.recallWindowSeconds,
        groupAdminsMayRecall: settings.groupAdminsMayRecall,
        groupOwnersMayRecall: settings.groupOwnersMayRecall,
        reeditWindowSeconds: settings.reeditWindowSeconds,
      },
      serverTime: new Date(),
    };
  }),

  createDirect: protectedProcedure
    .use(rateLimited("createDirect"))
    .input(z.object({ userId: id("userId") }))
    .mutation(async ({ ctx, input }) => {
      if (input.userId === ctx.me.id)
        throw appError("BAD_REQUEST", "BAD_INPUT", "You cannot start a direct conversation with yourself.");
      const [peer] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
      if (!peer) throw appError("NOT_FOUND", "NOT_FOUND", "User not found.");
      const directKey = [ctx.me.id, input.userId].sort().join(":");
      const result = await ctx.db.transaction(async (tx) => {
        const [created] = await tx
          .insert(conversations)
          .values({ kind: "direct", directKey, createdBy: ctx.me.id })
          .onConflictDoNothing({ target: conversations.directKey })
          .returning({ id: conversations.id });
        if (!created) return null;
        await tx.insert(conversationMembers).values([
          { conversationId: created.id, userId: ctx.me.id, role: "member" },
          { conversationId: created.id, userId: input.userId, role: "member" },
        ]);
        await enqueue(tx, [
          { event: "conversation.added", conversationId: created.id, userIds: [ctx.me.id, input.userId] },
        ]);
        return created;
      });
      if (result) {
        ctx.afterCommit();
        return { id: result.id, created: true };
      }
      const [existing] = await ctx.db
        .select({ id: conversations.id })
        .from(conversations)
        .where(eq(conversations.directKey, directKey));
      return { id: existing!.id, created: false };
    }),

  createGroup: protectedProcedure
    .use(rateLimited("createGroup"))
    .input(
      z.object({
        title,
        memberIds: z.array(id("memberIds[]")).max(499, "A group can have at most 500 members.").default([]),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const others = [...new Set(input.memberIds)].filter((m) => m !== ctx.me.id);
      if (others.length) {
        const found = await ctx.db.select({ id: users.id }).from(users).where(inArray(users.id, others));
        if (found.length !== others.length)
          throw appError("BAD_REQUEST", "NOT_FOUND", "Some of the chosen members do not exist.");
        await limitUnsolicitedAdds(ctx, ctx.me.id, others);
      }
      const created = await ctx.db.transaction(async (tx) => {
        const [conv] = await tx
          .insert(conversations)
          .values({ kind: "group", title: input.title, createdBy: ctx.me.id })
          .returning({ id: conversations.id });
        await tx
          .insert(conversationMembers)
          .values([
            { conversationId: conv!.id, userId: ctx.me.id, role: "owner" as const },
            ...others.map((userId) => ({ conversationId: conv!.id, userId, role: "member" as const })),
          ]);
        await enqueue(tx, [{ event: "conversation.added", conversationId: conv!.id, userIds: [ctx.me.id, ...others] }]);
        return conv!;
      });
      ctx.afterCommit();
      return { id: created.id };
    }),

  addMember: protectedProcedure
    .use(rateLimited("addMember"))
    .input(z.object({ conversationId, userId: id("userId") }))
    .mutation(async ({ ctx, input }) => {
      await limitUnsolicitedAdds(ctx, ctx.me.id, [input.userId]);
      const result = await ctx.db.transaction(async (tx) => {
        await requireModerator(tx, input.conversationId, ctx.me.id, ["owner", "admin"]);
        const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
        if (!user) throw appError("NOT_FOUND", "NOT_FOUND", "User not found.");
        const added = await tx
          .insert(conversationMembers)
          .values({ conversationId: input.conversationId, userId: input.userId, role: "member" })
          .onConflictDoNothing()
          .returning({ userId: conversationMembers.userId });
        if (added.length === 0)
          throw appError("CONFLICT", "ALREADY_MEMBER", "That person is already a member of this group.");
        await enqueue(tx, [
          { event: "conversation.added", conversationId: input.conversationId, userIds: [input.userId] },
        ]);
        return { added: true };
      });
      ctx.afterCommit();
      return result;
    }),

  setMemberRole: protectedProcedure
    .input(
      z.object({
        conversationId,
        userId: id("userId"),
        role: z.enum(memberRole.enumValues, { message: "Role must be owner, admin or member." }),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.userId === ctx.me.id) throw appError("BAD_REQUEST", "BAD_INPUT", "You cannot change your own role.");
      const result = await ctx.db.transaction(async (tx) => {
        await requireModerator(tx, input.conversationId, ctx.me.id, ["owner"]);
        // Locked, so two owners changing the same person's role post lines that agree with the end state.
        const [before] = await tx
          .select({ role: conversationMembers.role, name: users.name })
          .from(conversationMembers)
          .innerJoin(users, eq(users.id, conversationMembers.userId))
          .where(
            and(
              eq(conversationMembers.conversationId, input.conversationId),
              eq(conversationMembers.userId, input.userId),
            ),
          )
          .for("update", { of: conversationMembers });
        if (!before) throw appError("NOT_FOUND", "NOT_FOUND", "That person is not a member of this group.");
        if (before.role === input.role) return { role: before.role };
        await tx
          .update(conversationMembers)
          .set({ role: input.role })
          .where(
            and(
              eq(conversationMembers.conversationId, input.conversationId),
              eq(conversationMembers.userId, input.userId),
            ),
          );
        // Everyone in the group sees who changed whose role, as a line in the conversation.
        await postSystemLine(tx, input.conversationId, ctx.me.id, {
          type: "role_changed",
          target: { id: input.userId, name: before.name },
          from: before.role,
          to: input.role,
        });
        // Open tabs of every member reload the rules: who may recall what changed.
        await enqueue(tx, [{ event: "conversation.changed", conversationId: input.conversationId }]);
        return { role: input.role };
      });
      ctx.afterCommit();
      return result;
    }),

  removeMember: protectedProcedure
    .input(z.object({ conversationId, userId: id("userId") }))
    .mutation(async ({ ctx, input }) => {
      if (input.userId === ctx.me.id)
        throw appError("BAD_REQUEST", "BAD_INPUT", "Use “Leave” to leave a group yourself.");
      const result = await ctx.db.transaction(async (tx) => {
        const myRole = await requireModerator(tx, input.conversationId, ctx.me.id, ["owner", "admin"]);
        // Owners remove admins and members; admins remove plain members only.
        const removable = myRole === "owner" ? (["admin", "member"] as const) : (["member"] as const);
        const removed = await tx
          .delete(conversationMembers)
          .where(
            and(
              eq(conversationMembers.conversationId, input.conversationId),
              eq(conversationMembers.userId, input.userId),
              inArray(conversationMembers.role, [...removable]),
            ),
          )
          .returning({ userId: conversationMembers.userId });
        if (removed.length === 0)
          throw appError("FORBIDDEN", "NOT_ALLOWED", "You cannot remove that person from this group.");
        await enqueue(tx, [
          { event: "conversation.removed", conversationId: input.conversationId, userIds: [input.userId] },
        ]);
        return { removed: true };
      });
      ctx.afterCommit();
      return result;
    }),

  leave: protectedProcedure.input(z.object({ conversationId })).mutation(async ({ ctx, input }) => {
    const result = await ctx.db.transaction(async (tx) => {
      const me = await requireMember(tx, input.conversationId, ctx.me.id);
      if (me.kind === "direct") throw appError("BAD_REQUEST", "BAD_INPUT", "You cannot leave a direct conversation.");
      if (me.role === "owner") {
        const [counts] = await tx
          .select({
            owners: sql<number>`count(*) filter (where ${conversationMembers.role} = 'owner')`.mapWith(Number),
            total: sql<number>`count(*)`.mapWith(Number),
          })
          .from(conversationMembers)
          .where(eq(conversationMembers.conversationId, input.conversationId));
        if (counts && counts.owners === 1 && counts.total > 1) {
          throw appError(
            "CONFLICT",
            "LAST_OWNER",
            "You are the only owner: make another member the owner before leaving.",
          );
        }
      }
      await tx
        .delete(conversationMembers)
        .where(
          and(eq(conversationMembers.conversationId, input.conversationId), eq(conversationMembers.userId, ctx.me.id)),
        );
      await enqueue(tx, [
        { event: "conversation.removed", conversationId: input.conversationId, userIds: [ctx.me.id] },
      ]);
      return { left: true };
    });
    ctx.afterCommit();
    return result;
  }),
});

/**
 * Being put into groups needs no consent, so it is counted per person added: someone who has never
 * written to the adder in a direct conversation can be added to only so many groups per hour.
 */
async function limitUnsolicitedAdds(ctx: Context, me: string, userIds: string[]): Promise<void> {
  if (!ctx.limiter || userIds.length === 0) return;
  const keyOf = (other: string) => [me, other].sort().join(":");
  const contacts = await ctx.db
    .select({ directKey: conversations.directKey })
    .from(conversations)
    .where(
      and(
        inArray(conversations.directKey, userIds.map(keyOf)),
        sql`exists (select 1 from ${messages} m where m.conversation_id = ${conversations.id} and m.sender_id <> ${me})`,
      ),
    );
  const known = new Set(contacts.map((c) => c.directKey));
  const strangers = userIds.filter((u) => !known.has(keyOf(u)));
  await enforceLimit(
    ctx,
    "addedToGroup",
    strangers,
    "Someone you are adding was put into many groups recently by people they have not talked to.",
  );
}

/** The caller's role if it is one of `roles` in this group; NOT_FOUND for non-members, FORBIDDEN otherwise. */
async function requireModerator(
  tx: Parameters<typeof requireMember>[0],
  conversationId: string,
  userId: string,
  roles: ("owner" | "admin")[],
): Promise<"owner" | "admin"> {
  const member = await requireMember(tx, conversationId, userId);
  if (member.kind !== "group")
    throw appError("BAD_REQUEST", "BAD_INPUT", "Direct conversations have no members to manage.");
  if (member.role === "member" || !roles.includes(member.role)) {
    throw appError(
      "FORBIDDEN",
      "NOT_ALLOWED",
      roles.length === 1 ? "Only the group owner can do this." : "Only the group owner or a group admin can do this.",
    );
  }
  return member.role;
}
