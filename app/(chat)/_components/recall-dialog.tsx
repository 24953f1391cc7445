"use client";

import { type FormEvent, useId, useState } from "react";
import { Dialog } from "~/app/_components/dialog";
import { button, field } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { type MessageView } from "~/server/realtime/events";

/** A moderator recalling someone else's message: an optional reason, then confirm. */
export function RecallDialog({
  message,
  returnFocus,
  onConfirm,
  onClose,
}: {
  message: MessageView;
  returnFocus: HTMLElement | null;
  onConfirm: (reason: string | null) => Promise<boolean>;
  onClose: () => void;
}) {
  const t = useT();
  const id = useId();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const done = await onConfirm(reason.trim() || null);
    setBusy(false);
    if (done) onClose();
  };

  return (
    <Dialog
      title={t.recall.dialogTitle}
      description={t.recall.dialogBody(message.sender.name)}
      onClose={onClose}
      returnFocus={returnFocus}
    >
      <form onSubmit={submit} className="space-y-4">
        <div>
          <label htmlFor={`${id}-reason`} className={field.label}>
            {t.recall.reasonLabel}
          </label>
          <textarea
            id={`${id}-reason`}
            value={reason}
            maxLength={200}
            rows={3}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby={`${id}-count`}
            className={`${field.input} resize-none`}
          />
          <p id={`${id}-count`} className={`${field.hint} text-right tabular-nums`}>
            {t.recall.reasonCount(reason.length)}
          </p>
        </div>
        <div className="flex justify-end gap-2">
          <button type="button" className={button.secondary} onClick={onClose}>
            {t.app.cancel}
          </button>
          <button type="submit" disabled={busy} className={button.danger}>
            {busy ? t.recall.recalling : t.recall.confirm}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
