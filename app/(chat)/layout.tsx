import { redirect } from "next/navigation";
import { type ReactNode } from "react";
import { LOCALE_COOKIE } from "~/app/_i18n/server";
import { getSessionUser } from "~/server/auth/session";
import { clientRealtimeConfig } from "~/server/realtime/config";
import { ChatShell } from "./_components/chat-shell";

/** Signed-in area: the session is checked on every request; tRPC procedures check again. */
export default async function ChatLayout({ children }: { children: ReactNode }) {
  const session = await getSessionUser();
  if (!session) redirect("/sign-in");
  return (
    <ChatShell me={session.user} realtime={clientRealtimeConfig()} localeCookie={LOCALE_COOKIE}>
      {children}
    </ChatShell>
  );
}
