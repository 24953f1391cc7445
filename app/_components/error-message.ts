import { type Dictionary } from "~/app/_i18n/dictionaries";
import { type Locale } from "~/app/_i18n/locale";

interface ErrorLike {
  message?: unknown;
  data?: { appCode?: unknown; code?: unknown; fieldErrors?: unknown } | null;
}

export type AppCode = keyof Omit<Dictionary["errors"], "network">;

export function appCodeOf(error: unknown): AppCode | null {
  const code = (error as ErrorLike | null)?.data?.appCode;
  return typeof code === "string" ? (code as AppCode) : null;
}

/**
 * What to tell the user about a failed call. English readers get the server's own sentence (it
 * names specifics, e.g. the recall window); other languages get the appCode's translation, and
 * fall back to the server's English sentence when there is none.
 */
export function describeError(error: unknown, t: Dictionary, locale: Locale): string {
  const e = error as ErrorLike | null;
  const serverMessage = typeof e?.message === "string" && e.message.trim() ? e.message : null;
  const code = appCodeOf(error);
  const translated = code && code in t.errors ? t.errors[code] : null;
  if (!e?.data && serverMessage && /fetch|network|load failed/i.test(serverMessage)) return t.errors.network;
  if (locale === "en" && serverMessage && e?.data) return serverMessage;
  return translated ?? serverMessage ?? t.app.error;
}

/** Validation messages per input field ("email" → "Please enter a valid email address."). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const list = (error as ErrorLike | null)?.data?.fieldErrors;
  const out: Record<string, string> = {};
  if (!Array.isArray(list)) return out;
  for (const item of list as { path?: unknown; message?: unknown }[]) {
    if (typeof item.path === "string" && typeof item.message === "string" && !(item.path in out))
      out[item.path] = item.message;
  }
  return out;
}
