import { eq } from "drizzle-orm";
import { cookies, headers } from "next/headers";
import { users } from "~/db/schema";
import { getSessionClaims } from "~/server/auth/session";
import { getDb } from "~/server/db";
import { type Locale, localeFromAcceptLanguage, locales } from "./locale";

export const LOCALE_COOKIE = "recall-locale";

/** The user's saved locale, else the cookie set by the switch, else the browser's languages. */
export async function currentLocale(): Promise<Locale> {
  const session = await getSessionClaims();
  if (session) {
    const db = await getDb();
    const [row] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, session.user.id));
    if (row?.locale) return row.locale;
  }
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (cookie && (locales as readonly string[]).includes(cookie)) return cookie as Locale;
  return localeFromAcceptLanguage((await headers()).get("accept-language"));
}
