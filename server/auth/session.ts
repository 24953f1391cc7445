import { eq } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { cache } from "react";
import { type Locale, users } from "~/db/schema";
import { type SessionClaimsOf, sessionUser } from "~/server/context";
import { getDb } from "~/server/db-handle";
import { currentUser } from "./current-user";
import { getAuthOptions } from "./options";

/**
 * What the session cookie claims, unchecked: for the tRPC context, whose protectedProcedure does
 * the one database check per call, and the audit export, which does the same check itself.
 * Everything else uses getSessionUser. Decoded once per server render (React's `cache`): the root
 * layout (language), the chat layout and the page's prefetch all ask for it.
 */
export const getSessionClaims = cache(async (): Promise<SessionClaimsOf | null> => {
  // Reading the request first marks the caller dynamic, so `next build` never prerenders a page
  // that needs the session (and never needs the runtime secret).
  await headers();
  return sessionUser(await getServerSession(getAuthOptions()));
});

/**
 * The signed-in user in a server component or route handler, as the database says now; null when
 * signed out, signed out elsewhere, disabled or deleted.
 */
export async function getSessionUser(): Promise<SessionClaimsOf | null> {
  const claims = await getSessionClaims();
  if (!claims) return null;
  const user = await currentUser(await getDb(), { id: claims.user.id, epoch: claims.epoch });
  return user ? { user, epoch: claims.epoch } : null;
}

/** The signed-in caller's saved language, if they chose one (the cookie claims are enough: it only picks a language). */
export async function savedLocale(): Promise<Locale | null> {
  const claims = await getSessionClaims();
  if (!claims) return null;
  const [row] = await (await getDb()).select({ locale: users.locale }).from(users).where(eq(users.id, claims.user.id));
  return row?.locale ?? null;
}
