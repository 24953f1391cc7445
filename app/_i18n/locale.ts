export const locales = ["en", "zh"] as const;
export type Locale = (typeof locales)[number];

/** The BCP 47 tag Intl formats dates and numbers with, the same in the chat and the console. */
export function intlTag(locale: Locale): "zh-CN" | "en-US" {
  return locale === "zh" ? "zh-CN" : "en-US";
}

/** Picks a supported locale from an Accept-Language header ("zh-CN,zh;q=0.9,en;q=0.8"). */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return "en";
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag: (tag ?? "").toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((l) => l.tag && !Number.isNaN(l.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith("zh")) return "zh";
    if (tag.startsWith("en")) return "en";
  }
  return "en";
}
