"use client";

import { type FormEvent, useId, useState } from "react";
import { appCodeOf } from "~/app/_components/error-message";
import { Dialog } from "~/app/_components/dialog";
import { button, field } from "~/app/_components/styles";
import { useToast } from "~/app/_components/toast";
import { useLocale, useT } from "~/app/_i18n/provider";
import { useTRPCClient } from "~/app/_trpc/client";
import { type ReportCategory } from "~/db/schema";
import { type MessageView } from "~/server/realtime/events";
import { describeActionError } from "../_lib/action-errors";
import { reported } from "../_lib/reported-store";

const CATEGORIES: readonly ReportCategory[] = ["spam", "abuse", "personal_data", "other"];
const NOTE_MAX = 500;

/**
 * Reporting someone else's message to the moderators: a reason (required) and an optional note.
 * The menu then shows "Reported" for it on this device; the sender is never told who reported.
 */
export function ReportDialog({
  message,
  returnFocus,
  onClose,
}: {
  message: MessageView;
  returnFocus: HTMLElement | null;
  onClose: () => void;
}) {
  const t = useT();
  const locale = useLocale();
  const toast = useToast();
  const client = useTRPCClient();
  const id = useId();
  const [category, setCategory] = useState<ReportCategory | null>(null);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!category || busy) return;
    setBusy(true);
    setError(null);
    try {
      await client.message.report.mutate({ messageId: message.id, category, note: note.trim() || null });
      reported.set(message.id, true);
      toast.show(t.report.done, { id: `report-${message.id}` });
      onClose();
    } catch (err) {
      if (appCodeOf(err) === "ALREADY_REPORTED") reported.set(message.id, true);
      setError(describeActionError(err, "report", t, locale));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t.report.title}
      description={t.report.body(message.sender.name)}
      onClose={onClose}
      returnFocus={returnFocus}
    >
      <form onSubmit={submit} className="space-y-4">
        <div>
          <p id={`${id}-category`} className={field.label}>
            {t.report.category}
          </p>
          <div role="radiogroup" aria-labelledby={`${id}-category`} aria-required className="mt-2 space-y-1">
            {CATEGORIES.map((c) => (
              <label key={c} className="flex items-center gap-2 rounded-lg px-2 py-1.5 text-sm hover:bg-slate-50">
                <input
                  type="radio"
                  name={`${id}-category`}
                  value={c}
                  required
                  checked={category === c}
                  onChange={() => setCategory(c)}
                  className="h-4 w-4 accent-blue-600"
                />
                {t.report.categories[c]}
              </label>
            ))}
          </div>
        </div>
        <div>
          <label htmlFor={`${id}-note`} className={field.label}>
            {t.report.noteLabel}
          </label>
          <textarea
            id={`${id}-note`}
            value={note}
            maxLength={NOTE_MAX}
            rows={3}
            onChange={(e) => setNote(e.target.value)}
            aria-describedby={`${id}-count`}
            className={`${field.input} resize-none`}
          />
          <p id={`${id}-count`} className={`${field.hint} text-right tabular-nums`}>
            {t.report.noteCount(note.length)}
          </p>
        </div>
        {error ? (
          <p role="alert" className={field.error}>
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <button type="button" className={button.secondary} onClick={onClose}>
            {t.app.cancel}
          </button>
          <button type="submit" disabled={busy || !category} className={button.danger}>
            {busy ? t.report.submitting : t.report.submit}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
