import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { type ReactNode } from "react";
import { LOCALE_COOKIE } from "~/app/_i18n/server";
import { getSessionUser } from "~/server/auth/session";
import { clientRealtimeConfig, pageHostname } from "~/server/realtime/config";
import { ChatShell } from "./_components/chat-shell";

/** Signed-in area: the session is checked on every request; tRPC procedures check again. */
export default async function ChatLayout({ children }: { children: ReactNode }) {
  const session = await getSessionUser();
  if (!session) redirect("/sign-in");
  const realtime = clientRealtimeConfig(pageHostname((await headers()).get("host")));
  return (
    <ChatShell me={session.user} realtime={realtime} localeCookie={LOCALE_COOKIE}>
      {children}
    </ChatShell>
  );
}
