"use client";

import { useT } from "~/app/_i18n/provider";

export function NoConversation() {
  const t = useT();
  return (
    <div className="flex h-full flex-col items-center justify-center gap-3 p-8 text-center text-slate-500">
      <span aria-hidden className="flex h-14 w-14 items-center justify-center rounded-2xl bg-slate-200 text-2xl">
        💬
      </span>
      <p className="max-w-xs text-sm">{t.shell.chooseConversation}</p>
    </div>
  );
}
