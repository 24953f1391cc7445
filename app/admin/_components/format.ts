"use client";

import { useMemo } from "react";
import { intlTag } from "~/app/_i18n/locale";
import { useLocale } from "~/app/_i18n/provider";
import { consoleDateTime } from "./date-format";

/** Dates, numbers and sizes in the viewer's language and time zone; one format for every moment (date-format.ts). */
export function useFormat() {
  const locale = useLocale();
  return useMemo(() => {
    const tag = intlTag(locale);
    // "2025-11-03" strings are calendar days: format them without shifting time zones.
    const day = new Intl.DateTimeFormat(tag, { month: "short", day: "numeric", timeZone: "UTC" });
    const longDay = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: "UTC" });
    const number = new Intl.NumberFormat(tag);
    const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
    return {
      dateTime: consoleDateTime(locale),
      day: (iso: string) => day.format(new Date(`${iso}T00:00:00Z`)),
      longDay: (iso: string) => longDay.format(new Date(`${iso}T00:00:00Z`)),
      number: (n: number) => number.format(n),
      bytes: (n: number) => {
        let i = 0;
        while (n >= 1024 && i < units.length - 1) {
          n /= 1024;
          i++;
        }
        // "138 bytes" / "1.2 kB": the short form of "byte" reads oddly in English.
        return new Intl.NumberFormat(tag, {
          style: "unit",
          unit: units[i],
          unitDisplay: i === 0 ? "long" : "short",
          maximumFractionDigits: i === 0 ? 0 : 1,
        }).format(n);
      },
    };
  }, [locale]);
}
