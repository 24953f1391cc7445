"use client";

import Link from "next/link";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";

export function Forbidden() {
  const t = useT();
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-4 px-6 text-center">
      <p className="text-sm font-semibold tracking-wide text-slate-500">403</p>
      <h1 className="text-2xl font-semibold text-slate-900">{t.admin.forbidden.title}</h1>
      <p className="text-slate-600">{t.admin.forbidden.body}</p>
      <Link href="/" className={button.primary}>
        {t.admin.forbidden.back}
      </Link>
    </main>
  );
}
