"use client";

import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";

/**
 * A loading line that screen readers announce. Not role="status": that role is kept for toasts,
 * so "the status message" on a page is always the outcome of an action.
 */
export function Loading({ label, className = "" }: { label?: string; className?: string }) {
  const t = useT();
  return (
    <p aria-live="polite" className={`flex items-center justify-center gap-2 p-4 text-sm text-slate-500 ${className}`}>
      <span aria-hidden className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-blue-600" />
      {label ?? t.app.loading}
    </p>
  );
}

export function ErrorState({
  message,
  onRetry,
  className = "",
}: {
  message: string;
  onRetry?: () => void;
  className?: string;
}) {
  const t = useT();
  return (
    <div
      role="alert"
      className={`flex flex-col items-center gap-3 p-6 text-center text-sm text-slate-700 ${className}`}
    >
      <p>{message}</p>
      {onRetry ? (
        <button type="button" className={button.secondary} onClick={onRetry}>
          {t.app.retry}
        </button>
      ) : null}
    </div>
  );
}

export function ListSkeleton({ rows = 6 }: { rows?: number }) {
  const t = useT();
  return (
    <div aria-busy="true" aria-label={t.app.loading} className="space-y-1 p-2">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex animate-pulse items-center gap-3 rounded-lg p-2">
          <div className="h-10 w-10 rounded-full bg-slate-200" />
          <div className="flex-1 space-y-2">
            <div className="h-3 w-1/2 rounded bg-slate-200" />
            <div className="h-3 w-3/4 rounded bg-slate-100" />
          </div>
        </div>
      ))}
    </div>
  );
}
