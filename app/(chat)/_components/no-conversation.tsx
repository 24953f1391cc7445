"use client";

import { ChatIcon } from "~/app/_components/icons";
import { useT } from "~/app/_i18n/provider";

export function NoConversation() {
  const t = useT();
  return (
    <div className="flex h-full flex-col items-center justify-center gap-3 p-8 text-center text-slate-600">
      <span aria-hidden className="flex h-14 w-14 items-center justify-center rounded-2xl bg-slate-200 text-slate-600">
        <ChatIcon className="h-7 w-7" />
      </span>
      <p className="max-w-xs text-sm">{t.shell.chooseConversation}</p>
    </div>
  );
}
