"use client";

import { usePathname } from "next/navigation";
import { type ReactNode } from "react";
import { ToastProvider } from "~/app/_components/toast";
import { useT } from "~/app/_i18n/provider";
import { RealtimeProvider, useRealtime } from "~/app/_realtime/realtime-provider";
import { type ClientRealtimeConfig } from "~/server/realtime/config";
import { AutoResend } from "./auto-resend";
import { type Me, MeProvider } from "./me";
import { Sidebar } from "./sidebar";

/**
 * Two panes on desktop (list | conversation); on a phone one pane at a time: the list at `/`,
 * the conversation at `/c/[id]`. The list lives here, in the layout, so it keeps its state
 * (search, scroll) while conversations change.
 */
export function ChatShell({
  me,
  realtime,
  localeCookie,
  children,
}: {
  me: Me;
  realtime: ClientRealtimeConfig | null;
  localeCookie: string;
  children: ReactNode;
}) {
  const t = useT();
  const pathname = usePathname();
  const inConversation = pathname.startsWith("/c/");
  const activeId = inConversation ? decodeURIComponent(pathname.slice(3).split("/")[0] ?? "") : null;
  return (
    <MeProvider me={me}>
      <ToastProvider>
        <RealtimeProvider config={realtime} userId={me.id}>
          <AutoResend />
          {inConversation ? (
            <a
              href="#composer"
              className="sr-only z-50 rounded-lg bg-white px-3 py-2 text-sm font-semibold text-blue-700 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus-visible:outline-2 focus-visible:outline-blue-600"
            >
              {t.shell.skipToComposer}
            </a>
          ) : null}
          <div className="flex h-dvh overflow-hidden bg-slate-100">
            <aside
              className={`${inConversation ? "hidden md:flex" : "flex"} w-full min-w-0 flex-col border-r border-slate-200 bg-white md:w-80 md:shrink-0 lg:w-96`}
            >
              <Sidebar activeId={activeId} localeCookie={localeCookie} />
            </aside>
            <main className={`${inConversation ? "flex" : "hidden md:flex"} min-w-0 flex-1 flex-col`}>
              <ConnectionBanner />
              <div className="min-h-0 flex-1">{children}</div>
            </main>
          </div>
        </RealtimeProvider>
      </ToastProvider>
    </MeProvider>
  );
}

function ConnectionBanner() {
  const t = useT();
  const { status } = useRealtime();
  if (status !== "unavailable" && status !== "reconnecting") return null;
  return (
    <p role="status" className="bg-amber-50 px-4 py-1.5 text-center text-xs text-amber-900">
      {t.shell.realtimeOffline}
    </p>
  );
}
