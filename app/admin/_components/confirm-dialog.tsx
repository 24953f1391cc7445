"use client";

import { useRef } from "react";
import { Dialog } from "~/app/_components/dialog";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { Notice } from "./ui";

/**
 * A yes/no question before something consequential. Focus starts on Cancel, so Enter never
 * confirms by accident; Escape and the backdrop close it (the shared Dialog).
 */
export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  busyLabel,
  danger = false,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  body: string;
  confirmLabel: string;
  busyLabel: string;
  danger?: boolean;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const t = useT();
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog title={title} description={body} onClose={() => !busy && onClose()} initialFocus={cancelRef}>
      <div className="flex flex-col gap-3">
        {error ? <Notice tone="error">{error}</Notice> : null}
        {busy ? (
          <div role="status" className="flex items-center gap-3 text-sm text-slate-700">
            <progress aria-label={busyLabel} className="h-2 w-40 accent-blue-600" />
            <span>{busyLabel}</span>
          </div>
        ) : null}
        <div className="flex flex-wrap justify-end gap-2">
          <button ref={cancelRef} type="button" className={button.secondary} onClick={onClose} disabled={busy}>
            {t.admin.common.cancel}
          </button>
          <button
            type="button"
            className={danger ? button.danger : button.primary}
            onClick={onConfirm}
            disabled={busy}
            aria-busy={busy}
          >
            {busy ? busyLabel : confirmLabel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
