import { type NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "~/server/db-handle";
import { endRealtimeConnections } from "~/server/realtime/publisher";
import { getEnv } from "~/server/env";
import { getLimiter } from "~/server/security/limiter";
import { clientIp } from "~/server/security/client-ip";
import { ACCOUNT_DISABLED, RATE_LIMITED_PREFIX } from "./sign-in-error";
import { endSessions } from "./current-user";
import { checkCredentials } from "./sign-in";

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
          const limit = await (
            await getLimiter()
          ).limiter.check("signin", { user: parsed.data.email, ip: clientIp(headers, getEnv().TRUST_PROXY_HOPS) });
          // The sign-in form shows "try again in N seconds"; the same for known and unknown emails.
          if (!limit.ok) throw new Error(`${RATE_LIMITED_PREFIX}${limit.retryAfterSeconds}`);
          const checked = await checkCredentials(await getDb(), parsed.data.email, parsed.data.password);
          if (!checked.ok && checked.reason === "disabled") throw new Error(ACCOUNT_DISABLED);
          return checked.ok ? checked.user : null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const signedIn = user as { role?: "user" | "admin"; epoch?: number };
          token.uid = user.id;
          token.role = signedIn.role ?? "user";
          // The session epoch this token speaks for: bumping users.session_epoch ends it.
          token.epoch = signedIn.epoch ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user) {
          session.user.id = token.uid as string;
          session.user.role = token.role as "user" | "admin";
          session.user.epoch = typeof token.epoch === "number" ? token.epoch : 0;
        }
        return session;
      },
    },
    events: {
      // Deleting the cookie alone would leave a copied cookie valid for 30 days: end the sessions
      // in the database too. Only a token that is still current may do it.
      async signOut({ token }) {
        const uid = typeof token?.uid === "string" ? token.uid : null;
        if (!uid) return;
        await endSessions(await getDb(), uid, typeof token.epoch === "number" ? token.epoch : 0);
        await endRealtimeConnections(uid);
      },
    },
  };
}
