"use client";

import { type ReactNode } from "react";
import { describeError } from "~/app/_components/error-message";
import { button } from "~/app/_components/styles";
import { useLocale, useT } from "~/app/_i18n/provider";
import { type RecordState } from "./review-params";

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mb-5 flex flex-wrap items-end justify-between gap-3">
      <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
      {children}
    </div>
  );
}

export function Card({
  title,
  titleId,
  children,
  className = "",
}: {
  title?: string;
  titleId?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section
      aria-labelledby={title ? titleId : undefined}
      className={`rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5 ${className}`}
    >
      {title ? (
        <h2 id={titleId} className="mb-3 text-sm font-semibold text-slate-700">
          {title}
        </h2>
      ) : null}
      {children}
    </section>
  );
}

const stateStyle: Record<RecordState, string> = {
  retained: "bg-blue-50 text-blue-800 ring-blue-200",
  erased: "bg-slate-100 text-slate-700 ring-slate-300",
  purged: "bg-amber-50 text-amber-900 ring-amber-200",
  restored: "bg-emerald-50 text-emerald-800 ring-emerald-200",
};

export function StateBadge({ state, testId }: { state: RecordState; testId?: string }) {
  const t = useT();
  return (
    <span
      data-testid={testId}
      title={t.admin.stateHelp[state]}
      className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${stateStyle[state]}`}
    >
      {t.admin.states[state]}
    </span>
  );
}

export function Badge({ children }: { children: ReactNode }) {
  return (
    <span className="inline-flex rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-200 ring-inset">
      {children}
    </span>
  );
}

export function Loading({ label }: { label?: string }) {
  const t = useT();
  return (
    <p role="status" aria-busy="true" className="flex items-center gap-2 py-6 text-sm text-slate-600">
      <span aria-hidden className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-blue-600" />
      {label ?? t.admin.common.loading}
    </p>
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center gap-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
    >
      <span>
        {t.admin.common.failed} {describeError(error, t, locale)}
      </span>
      {onRetry ? (
        <button type="button" className={button.secondary} onClick={onRetry}>
          {t.admin.common.retry}
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-600">
      {children}
    </p>
  );
}

/** A polite live region for the outcome of an action. */
export function Notice({ tone = "ok", children }: { tone?: "ok" | "error"; children: ReactNode }) {
  return tone === "error" ? (
    <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {children}
    </p>
  ) : (
    <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
      {children}
    </p>
  );
}

export function useErrorText() {
  const t = useT();
  const locale = useLocale();
  return (error: unknown) => describeError(error, t, locale);
}

/** One labelled fact of a facts card's `<dl>` (recalled records, reports). */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 py-1.5 sm:grid-cols-[11rem_1fr]">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="min-w-0 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}
