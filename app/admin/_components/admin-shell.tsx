"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { createContext, type ReactNode, useContext } from "react";
import { LanguageSwitch } from "~/app/_components/language-switch";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";

export interface AdminMe {
  id: string;
  name: string;
}

const MeContext = createContext<AdminMe | null>(null);

export function useAdminMe(): AdminMe {
  const me = useContext(MeContext);
  if (!me) throw new Error("useAdminMe outside the admin console");
  return me;
}

export function AdminShell({ me, localeCookie, children }: { me: AdminMe; localeCookie: string; children: ReactNode }) {
  const t = useT();
  const trpc = useTRPC();
  const pathname = usePathname();
  const setLocale = useMutation(trpc.user.setLocale.mutationOptions());
  const links = [
    { href: "/admin", label: t.admin.nav.overview, exact: true },
    { href: "/admin/recalled", label: t.admin.nav.recalled },
    { href: "/admin/reports", label: t.admin.nav.reports },
    { href: "/admin/bulk", label: t.admin.nav.bulk },
    { href: "/admin/settings", label: t.admin.nav.settings },
    { href: "/admin/audit", label: t.admin.nav.audit },
    { href: "/admin/users", label: t.admin.nav.users },
  ];
  const current = (href: string, exact?: boolean) =>
    exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);

  return (
    <MeContext.Provider value={me}>
      <div className="flex min-h-dvh flex-col">
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 pt-3 sm:px-6">
            <Link
              href="/admin"
              className="rounded text-base font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600"
            >
              {t.admin.brand}
            </Link>
            <div className="ml-auto flex items-center gap-3">
              <span className="hidden text-sm text-slate-600 sm:inline">{me.name}</span>
              <LanguageSwitch cookieName={localeCookie} onPersist={(locale) => setLocale.mutateAsync({ locale })} />
              <Link
                href="/"
                className="rounded-lg px-2 py-1.5 text-sm text-blue-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600"
              >
                {t.admin.nav.backToChat}
              </Link>
            </div>
          </div>
          {/* Tabs wrap onto a second line on a phone rather than scroll out of sight. */}
          <nav aria-label={t.admin.nav.label} className="mx-auto max-w-6xl px-2 sm:px-4">
            <ul className="flex flex-wrap gap-x-1 pt-2">
              {links.map((l) => {
                const active = current(l.href, l.exact);
                return (
                  <li key={l.href}>
                    <Link
                      href={l.href}
                      aria-current={active ? "page" : undefined}
                      className={`block border-b-2 px-3 pt-1.5 pb-2.5 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-blue-600 ${
                        active
                          ? "border-blue-600 text-blue-700"
                          : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
                      }`}
                    >
                      {l.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        </header>
        <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6">{children}</main>
      </div>
    </MeContext.Provider>
  );
}
