import { type ReactNode } from "react";

/** The frame of the sign-in and sign-up pages. */
export function AuthCard({
  title,
  tagline,
  languageSwitch,
  children,
  footer,
}: {
  title: string;
  tagline: string;
  languageSwitch: ReactNode;
  children: ReactNode;
  footer: ReactNode;
}) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-between">
          <span className="inline-flex items-center gap-2 text-lg font-semibold text-slate-900">
            <span
              aria-hidden
              className="inline-flex h-8 w-8 items-center justify-center rounded-lg bg-blue-600 text-sm font-bold text-white"
            >
              R
            </span>
            Recall
          </span>
          {languageSwitch}
        </div>
        <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
          <p className="mt-1 text-sm text-slate-600">{tagline}</p>
          <div className="mt-6">{children}</div>
        </div>
        <p className="mt-4 text-center text-sm text-slate-600">{footer}</p>
      </div>
    </main>
  );
}
