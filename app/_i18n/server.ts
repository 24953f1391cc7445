import { cookies, headers } from "next/headers";
import { savedLocale } from "~/server/auth/session";
import { type Locale, localeFromAcceptLanguage, locales } from "./locale";

export const LOCALE_COOKIE = "recall-locale";

/** The user's saved locale, else the cookie set by the switch, else the browser's languages. */
export async function currentLocale(): Promise<Locale> {
  const saved = await savedLocale();
  if (saved) return saved;
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (cookie && (locales as readonly string[]).includes(cookie)) return cookie as Locale;
  return localeFromAcceptLanguage((await headers()).get("accept-language"));
}
