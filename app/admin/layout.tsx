import { type Metadata } from "next";
import { redirect } from "next/navigation";
import { type ReactNode } from "react";
import { dictionaries } from "~/app/_i18n/dictionaries";
import { currentLocale, LOCALE_COOKIE } from "~/app/_i18n/server";
import { getSessionUser } from "~/server/auth/session";
import { AdminShell } from "./_components/admin-shell";
import { Forbidden } from "./_components/forbidden";

export async function generateMetadata(): Promise<Metadata> {
  const t = dictionaries[await currentLocale()];
  return { title: `${t.admin.title} · Recall` };
}

/**
 * Turns away signed-out visitors (to sign in) and non-admins (a 403 notice) before anything of
 * the console renders. getSessionUser reads the role from the database (as adminProcedure does),
 * and adminProcedure remains the real check on every call.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const session = await getSessionUser();
  if (!session) redirect("/sign-in?callbackUrl=%2Fadmin");
  if (session.user.role !== "admin") return <Forbidden />;
  return (
    <AdminShell me={{ id: session.user.id, name: session.user.name }} localeCookie={LOCALE_COOKIE}>
      {children}
    </AdminShell>
  );
}
