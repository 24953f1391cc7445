import { and, asc, desc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { conversationMembers, conversations, users } from "~/db/schema";
import { conversationLabel } from "~/server/admin/recall-records";
import { adminProcedure, router } from "~/server/trpc";
import { id, limit } from "../inputs";
import { likeContains } from "~/server/like-pattern";

const c = alias(conversations, "c");
const query = z.string().trim().max(100, "A search can be at most 100 characters.");

/** Pickers of the console: find people and conversations, and name the ids kept in a URL. */
export const directoryRouter = router({
  users: adminProcedure.input(z.object({ query, limit: limit(50, 10) })).query(({ ctx, input }) =>
    ctx.db
      .select({ id: users.id, name: users.name, email: users.email, role: users.role })
      .from(users)
      .where(
        input.query
          ? or(ilike(users.name, likeContains(input.query)), ilike(users.email, likeContains(input.query)))
          : undefined,
      )
      .orderBy(asc(users.name), asc(users.id))
      .limit(input.limit),
  ),

  /** Groups by title, direct conversations by a member's name; optionally only those `memberId` is in. */
  conversations: adminProcedure
    .input(z.object({ query, memberId: id("memberId").optional(), limit: limit(50, 10) }))
    .query(({ ctx, input }) => {
      const pattern = likeContains(input.query);
      return ctx.db
        .select({ id: c.id, kind: c.kind, label: sql<string>`${conversationLabel}`, lastMessageAt: c.lastMessageAt })
        .from(c)
        .where(
          and(
            input.memberId
              ? sql`exists (select 1 from ${conversationMembers} m where m.conversation_id = ${c.id} and m.user_id = ${input.memberId})`
              : undefined,
            input.query
              ? or(
                  and(eq(c.kind, "group"), ilike(c.title, pattern)),
                  and(
                    eq(c.kind, "direct"),
                    sql`exists (select 1 from ${conversationMembers} m join ${users} u on u.id = m.user_id
                                 where m.conversation_id = ${c.id} and u.name ilike ${pattern})`,
                  ),
                )
              : undefined,
          ),
        )
        .orderBy(desc(c.lastMessageAt), asc(c.id))
        .limit(input.limit);
    }),

  /** Names for ids (e.g. filters restored from a shared URL); unknown ids are left out. */
  resolve: adminProcedure
    .input(
      z.object({
        userIds: z.array(id("userIds[]")).max(20, "At most 20 ids at a time.").default([]),
        conversationIds: z.array(id("conversationIds[]")).max(20, "At most 20 ids at a time.").default([]),
      }),
    )
    .query(async ({ ctx, input }) => {
      const [people, convs] = await Promise.all([
        input.userIds.length
          ? ctx.db
              .select({ id: users.id, name: users.name, email: users.email })
              .from(users)
              .where(inArray(users.id, input.userIds))
          : Promise.resolve([]),
        input.conversationIds.length
          ? ctx.db
              .select({ id: c.id, kind: c.kind, label: sql<string>`${conversationLabel}` })
              .from(c)
              .where(inArray(c.id, input.conversationIds))
          : Promise.resolve([]),
      ]);
      return { users: people, conversations: convs };
    }),
});
