"use client";

import { type ReactNode, useId } from "react";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { Notice, useErrorText } from "./ui";

/**
 * Content an admin sees only on request because every look is audited ("Show original", "Show
 * reports", "Show edit history"): the notice that viewing is recorded, the button that fetches,
 * one that hides what was shown, the error if the fetch failed, and the content in a live region.
 */
export function AuditedReveal({
  showLabel,
  busyLabel,
  hideLabel,
  pending,
  shown,
  error,
  onShow,
  onHide,
  children,
}: {
  showLabel: string;
  busyLabel: string;
  hideLabel: string;
  pending: boolean;
  shown: boolean;
  error: unknown;
  onShow: () => void;
  onHide: () => void;
  children: ReactNode;
}) {
  const t = useT();
  const errorText = useErrorText();
  const auditedId = useId();
  return (
    <div className="space-y-3">
      <p id={auditedId} className="flex items-center gap-2 text-sm text-amber-900">
        <span aria-hidden>●</span>
        {t.admin.detail.viewingAudited}
      </p>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={button.secondary}
          aria-describedby={auditedId}
          disabled={pending}
          onClick={onShow}
        >
          {pending ? busyLabel : showLabel}
        </button>
        {shown ? (
          <button type="button" className={button.ghost} onClick={onHide}>
            {hideLabel}
          </button>
        ) : null}
      </div>
      {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
      <div aria-live="polite">{children}</div>
    </div>
  );
}
