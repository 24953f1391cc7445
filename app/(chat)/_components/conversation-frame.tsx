import Link from "next/link";
import { type ReactNode } from "react";

/** The conversation pane: a header, the log and the composer stacked to the full height. */
export function Frame({ children }: { children: ReactNode }) {
  return <section className="flex h-full min-h-0 flex-col bg-slate-50">{children}</section>;
}

/** The conversation's title bar, with a back link on phones (where the list is a separate page). */
export function Header({
  back,
  title,
  subtitle,
  avatar,
  action,
}: {
  back: string;
  title: string;
  subtitle?: string;
  avatar?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <header className="flex items-center gap-2 border-b border-slate-200 bg-white px-2 py-2 sm:px-4">
      <Link
        href="/"
        aria-label={back}
        className="inline-flex h-9 w-9 items-center justify-center rounded-full text-xl text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 md:hidden"
      >
        <span aria-hidden>←</span>
      </Link>
      {avatar}
      <div className="min-w-0 flex-1">
        <h1 className="truncate text-base font-semibold text-slate-900">{title}</h1>
        {subtitle ? <p className="truncate text-xs text-slate-500">{subtitle}</p> : null}
      </div>
      {action}
    </header>
  );
}
