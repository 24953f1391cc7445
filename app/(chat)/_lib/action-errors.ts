import { appCodeOf, describeError } from "~/app/_components/error-message";
import { type Dictionary } from "~/app/_i18n/dictionaries";
import { type Locale } from "~/app/_i18n/locale";

/**
 * Why an edit or a report was refused, in the reader's language. The codes these actions share
 * with recall (WINDOW_EXPIRED, SYSTEM_MESSAGE, …) would read as recall errors through the general
 * table, so each action's own sentences win, in every language; anything else (rate limits, bad
 * input, the network) is described as everywhere else.
 */
export function describeActionError(error: unknown, action: "edit" | "report", t: Dictionary, locale: Locale): string {
  const own: Partial<Record<string, string>> = t[action].errors;
  const code = appCodeOf(error);
  return (code && own[code]) || describeError(error, t, locale);
}
