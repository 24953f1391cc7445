import { and, asc, eq, ilike, isNull, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { conversationMembers, locale, users } from "~/db/schema";
import { endSessions } from "~/server/auth/current-user";
import { hashPassword } from "~/server/auth/password";
import { appError } from "~/server/errors";
import { endRealtimeConnections } from "~/server/realtime/publisher";
import { notBatched, protectedProcedure, publicProcedure, rateLimited, router } from "~/server/trpc";
import { displayName, limit, text } from "./inputs";
import { likePrefix } from "~/server/like-pattern";

export const signUpInput = z.object({
  name: displayName,
  email: z
    .email({ message: "Please enter a valid email address." })
    .max(254, "An email address can be at most 254 characters.")
    .transform((e) => e.trim().toLowerCase()),
  password: z
    .string()
    .min(8, "A password needs at least 8 characters.")
    .max(200, "A password can be at most 200 characters."),
});

export const userRouter = router({
  /**
   * The same answer whether or not the email was free, so sign-up cannot be used to learn who has
   * an account: the form then signs in, which succeeds only with the account's password.
   */
  signUp: publicProcedure
    .use(notBatched)
    .use(rateLimited("signup"))
    .input(signUpInput)
    .mutation(async ({ ctx, input }) => {
      const passwordHash = await hashPassword(input.password);
      await ctx.db
        .insert(users)
        .values({ name: input.name, email: input.email, passwordHash, role: "user" })
        .onConflictDoNothing({ target: users.email });
      return { ok: true as const };
    }),

  me: protectedProcedure.query(async ({ ctx }) => {
    const [me] = await ctx.db
      .select({ id: users.id, name: users.name, email: users.email, role: users.role, locale: users.locale })
      .from(users)
      .where(eq(users.id, ctx.me.id));
    if (!me) throw appError("UNAUTHORIZED", "NOT_FOUND", "Your account no longer exists. Sign in again.");
    return me;
  }),

  /** Ends every session of the caller, on every device, this one included. */
  signOutEverywhere: protectedProcedure.mutation(async ({ ctx }) => {
    await endSessions(ctx.db, ctx.me.id);
    await endRealtimeConnections(ctx.me.id);
    return { ok: true as const };
  }),

  setLocale: protectedProcedure
    .use(rateLimited("settings"))
    .input(z.object({ locale: z.enum(locale.enumValues, { message: "Language must be 'en' or 'zh'." }) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.update(users).set({ locale: input.locale }).where(eq(users.id, ctx.me.id));
      return { locale: input.locale };
    }),

  /**
   * People to start a conversation with: those who already share a conversation with the caller
   * (by name prefix, or all of them for an empty query), or the one account whose email is exactly
   * the query. Emails are returned only for that exact match, which the caller already knew, so
   * the directory cannot be harvested a letter at a time.
   */
  search: protectedProcedure
    .input(
      z.object({
        query: text("A search").pipe(z.string().max(100, "A search can be at most 100 characters.")),
        limit: limit(50, 20),
      }),
    )
    .query(async ({ ctx, input }) => {
      const exactEmail = input.query.toLowerCase();
      const sharesConversation = sql`exists (
        select 1 from ${conversationMembers} mine
        join ${conversationMembers} theirs on theirs.conversation_id = mine.conversation_id
        where mine.user_id = ${ctx.me.id} and theirs.user_id = ${users.id})`;
      const emailMatch = eq(users.email, exactEmail);
      return ctx.db
        .select({
          id: users.id,
          name: users.name,
          email: sql<string | null>`case when ${emailMatch} then ${users.email} end`,
        })
        .from(users)
        .where(
          and(
            ne(users.id, ctx.me.id),
            isNull(users.disabledAt),
            or(
              and(sharesConversation, input.query ? ilike(users.name, likePrefix(input.query)) : undefined),
              input.query.includes("@") ? emailMatch : undefined,
            ),
          ),
        )
        .orderBy(asc(users.name))
        .limit(input.limit);
    }),
});
