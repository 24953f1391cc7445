import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { conversationMembers, conversations, memberRole, users } from "~/db/schema";
import { listConversations } from "~/server/chat/conversation-list";
import { commitChange, limitUnsolicitedAdds, memberRow } from "~/server/chat/membership-changes";
import { postSystemLine } from "~/server/chat/post-message";
import { appError } from "~/server/errors";
import { effectiveSettings } from "~/server/recall/settings";
import { enqueue } from "~/server/realtime/outbox";
import { protectedProcedure, rateLimited, router } from "~/server/trpc";
import { conversationId, id, limit, timestamp, title } from "./inputs";
import { requireMember, requireModerator } from "./membership";

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
    .query(({ ctx, input }) => listConversations(ctx.db, ctx.me.id, input)),

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
      edit: { windowSeconds: settings.editWindowSeconds },
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
      const created = await commitChange(ctx, async (tx) => {
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
      return { id: created.id };
    }),

  addMember: protectedProcedure
    .use(rateLimited("addMember"))
    .input(z.object({ conversationId, userId: id("userId") }))
    .mutation(async ({ ctx, input }) => {
      await limitUnsolicitedAdds(ctx, ctx.me.id, [input.userId]);
      return commitChange(ctx, async (tx) => {
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
      return commitChange(ctx, async (tx) => {
        await requireModerator(tx, input.conversationId, ctx.me.id, ["owner"]);
        // Locked, so two owners changing the same person's role post lines that agree with the end state.
        const [before] = await tx
          .select({ role: conversationMembers.role, name: users.name })
          .from(conversationMembers)
          .innerJoin(users, eq(users.id, conversationMembers.userId))
          .where(memberRow(input.conversationId, input.userId))
          .for("update", { of: conversationMembers });
        if (!before) throw appError("NOT_FOUND", "NOT_FOUND", "That person is not a member of this group.");
        if (before.role === input.role) return { role: before.role };
        await tx
          .update(conversationMembers)
          .set({ role: input.role })
          .where(memberRow(input.conversationId, input.userId));
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
    }),

  removeMember: protectedProcedure
    .input(z.object({ conversationId, userId: id("userId") }))
    .mutation(async ({ ctx, input }) => {
      if (input.userId === ctx.me.id)
        throw appError("BAD_REQUEST", "BAD_INPUT", "Use “Leave” to leave a group yourself.");
      return commitChange(ctx, async (tx) => {
        const myRole = await requireModerator(tx, input.conversationId, ctx.me.id, ["owner", "admin"]);
        // Owners remove admins and members; admins remove plain members only.
        const removable = myRole === "owner" ? (["admin", "member"] as const) : (["member"] as const);
        const removed = await tx
          .delete(conversationMembers)
          .where(and(memberRow(input.conversationId, input.userId), inArray(conversationMembers.role, [...removable])))
          .returning({ userId: conversationMembers.userId });
        if (removed.length === 0)
          throw appError("FORBIDDEN", "NOT_ALLOWED", "You cannot remove that person from this group.");
        await enqueue(tx, [
          { event: "conversation.removed", conversationId: input.conversationId, userIds: [input.userId] },
        ]);
        return { removed: true };
      });
    }),

  leave: protectedProcedure.input(z.object({ conversationId })).mutation(async ({ ctx, input }) => {
    return commitChange(ctx, async (tx) => {
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
      await tx.delete(conversationMembers).where(memberRow(input.conversationId, ctx.me.id));
      await enqueue(tx, [
        { event: "conversation.removed", conversationId: input.conversationId, userIds: [ctx.me.id] },
      ]);
      return { left: true };
    });
  }),
});
