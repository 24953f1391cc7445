import { intlTag, type Locale } from "~/app/_i18n/locale";

/**
 * The console's one format for a moment in time ("Dec 2, 2026, 2:35 AM" / "2026年12月2日 02:35"),
 * used in every table, detail and sentence, so the same instant never reads two ways. Calendar
 * days (the chart's axis) are days, not moments, and have their own format in format.ts.
 */
export function consoleDateTime(locale: Locale, timeZone?: string): (d: Date) => string {
  const format = new Intl.DateTimeFormat(intlTag(locale), { dateStyle: "medium", timeStyle: "short", timeZone });
  return (d) => format.format(d);
}
