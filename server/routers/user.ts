import { and, asc, eq, ilike, ne, or } from "drizzle-orm";
import { z } from "zod";
import { locale, users } from "~/db/schema";
import { hashPassword } from "~/server/auth/password";
import { appError } from "~/server/errors";
import { notBatched, protectedProcedure, publicProcedure, rateLimited, router } from "~/server/trpc";
import { displayName, limit, text } from "./inputs";
import { likePrefix } from "~/server/like-pattern";

export const signUpInput = z.object({
  name: displayName,
  email: z
    .email({ message: "Please enter a valid email address." })
    .max(254, "An email address can be at most 254 characters.")
    .transform((e) => e.trim().toLowerCase()),
  password: z.string().min(8, "A password needs at least 8 characters.").max(200, "A password can be at most 200 characters."),
});

export const userRouter = router({
  signUp: publicProcedure.use(notBatched).use(rateLimited("signup")).input(signUpInput).mutation(async ({ ctx, input }) => {
    const passwordHash = await hashPassword(input.password);
    const [created] = await ctx.db
      .insert(users)
      .values({ name: input.name, email: input.email, passwordHash, role: "user" })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id, name: users.name, email: users.email });
    if (!created) throw appError("CONFLICT", "EMAIL_TAKEN", "An account with this email already exists. Sign in instead.");
    return created;
  }),

  me: protectedProcedure.query(async ({ ctx }) => {
    const [me] = await ctx.db
      .select({ id: users.id, name: users.name, email: users.email, role: users.role, locale: users.locale })
      .from(users)
      .where(eq(users.id, ctx.me.id));
    if (!me) throw appError("UNAUTHORIZED", "NOT_FOUND", "Your account no longer exists. Sign in again.");
    return me;
  }),

  setLocale: protectedProcedure
    .use(rateLimited("settings"))
    .input(z.object({ locale: z.enum(locale.enumValues, { message: "Language must be 'en' or 'zh'." }) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.update(users).set({ locale: input.locale }).where(eq(users.id, ctx.me.id));
      return { locale: input.locale };
    }),

  /** People to start a conversation with: name or email prefix match. */
  search: protectedProcedure
    .input(z.object({ query: text("A search").pipe(z.string().max(100, "A search can be at most 100 characters.")), limit: limit(50, 20) }))
    .query(async ({ ctx, input }) => {
      const pattern = likePrefix(input.query);
      return ctx.db
        .select({ id: users.id, name: users.name, email: users.email })
        .from(users)
        .where(and(ne(users.id, ctx.me.id), input.query ? or(ilike(users.name, pattern), ilike(users.email, pattern)) : undefined))
        .orderBy(asc(users.name))
        .limit(input.limit);
    }),
});
