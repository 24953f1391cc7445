import { eq } from "drizzle-orm";
import { type NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { users } from "~/db/schema";
import { getDb } from "~/server/db";
import { getEnv } from "~/server/env";
import { getLimiter } from "~/server/security/limiter";
import { clientIp } from "~/server/security/client-ip";
import { dummyPasswordHash, verifyPassword } from "./password";
import { RATE_LIMITED_PREFIX } from "./sign-in-error";

const credentials = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
});

/** Built on first use (not at import) so `next build` needs no secret. */
export function getAuthOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw, req) {
          const parsed = credentials.safeParse(raw);
          if (!parsed.success) return null;
          const headers = new Headers(req?.headers as Record<string, string> | undefined);
          const limit = await (await getLimiter()).limiter.check("signin", { user: parsed.data.email, ip: clientIp(headers, getEnv().TRUST_PROXY_HOPS) });
          // The sign-in form shows "try again in N seconds"; the same for known and unknown emails.
          if (!limit.ok) throw new Error(`${RATE_LIMITED_PREFIX}${limit.retryAfterSeconds}`);
          const db = await getDb();
          const [user] = await db.select().from(users).where(eq(users.email, parsed.data.email));
          // Hash even for unknown emails so the response time does not reveal which accounts exist.
          const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await dummyPasswordHash()));
          if (!user || !ok) return null;
          return { id: user.id, name: user.name, email: user.email, role: user.role };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = (user as { role?: "user" | "admin" }).role ?? "user";
        }
        return token;
      },
      session({ session, token }) {
        if (session.user) {
          session.user.id = token.uid as string;
          session.user.role = token.role as "user" | "admin";
        }
        return session;
      },
    },
  };
}
