"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { type Locale } from "~/app/_i18n/locale";
import { useLocale, useT } from "~/app/_i18n/provider";

/**
 * English / 中文. Always writes the cookie (read when signed out); `onPersist` also saves the
 * choice to the account. Then the server components render again in the new language.
 */
export function LanguageSwitch({
  cookieName,
  onPersist,
}: {
  cookieName: string;
  onPersist?: (locale: Locale) => Promise<unknown>;
}) {
  const t = useT();
  const locale = useLocale();
  const router = useRouter();
  const [busy, startTransition] = useTransition();

  const choose = (next: Locale) => {
    if (next === locale) return;
    writeCookie(cookieName, next);
    startTransition(async () => {
      try {
        await onPersist?.(next);
      } finally {
        router.refresh();
      }
    });
  };

  const options: { value: Locale; label: string; lang: string }[] = [
    { value: "en", label: t.shell.english, lang: "en" },
    { value: "zh", label: t.shell.chinese, lang: "zh-CN" },
  ];

  return (
    <div
      role="group"
      aria-label={t.shell.language}
      aria-busy={busy}
      className="inline-flex rounded-lg border border-slate-300 bg-white p-0.5 text-sm"
    >
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          lang={o.lang}
          aria-pressed={locale === o.value}
          disabled={busy}
          onClick={() => choose(o.value)}
          className={`rounded-md px-3 py-1 focus-visible:outline-2 focus-visible:outline-blue-600 ${
            locale === o.value ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"
          }`}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

function writeCookie(name: string, value: string) {
  document.cookie = `${name}=${value}; path=/; max-age=31536000; samesite=lax`;
}
