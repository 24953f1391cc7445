"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { button, field } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { Notice, useErrorText } from "../../_components/ui";

const NOTE_MAX = 1000;

/** Mark the message reviewed, with an optional note. `onReviewed` reports it and refreshes the page's data. */
export function ReviewForm({ id, onReviewed }: { id: string; onReviewed: (text: string) => void }) {
  const t = useT();
  const trpc = useTRPC();
  const errorText = useErrorText();
  const noteId = useId();
  const [note, setNote] = useState("");
  const review = useMutation(
    trpc.admin.recalled.review.mutationOptions({
      onSuccess: () => {
        setNote("");
        onReviewed(t.admin.detail.reviewedOk);
      },
    }),
  );
  const noteTooLong = note.trim().length > NOTE_MAX;
  return (
    <form
      className="space-y-2 border-t border-slate-100 pt-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (!noteTooLong) review.mutate({ messageId: id, note: note.trim() || null });
      }}
    >
      <h3 className="text-sm font-semibold text-slate-700">{t.admin.detail.reviewTitle}</h3>
      <label htmlFor={noteId} className={field.label}>
        {t.admin.detail.reviewNote}
      </label>
      <textarea
        id={noteId}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        rows={3}
        aria-invalid={noteTooLong || undefined}
        aria-describedby={`${noteId}-hint`}
        className={field.input}
      />
      <p
        id={`${noteId}-hint`}
        className={noteTooLong ? field.error : field.hint}
        role={noteTooLong ? "alert" : undefined}
      >
        {noteTooLong ? t.admin.detail.reviewNoteTooLong : t.admin.detail.reviewNoteHint(NOTE_MAX - note.trim().length)}
      </p>
      {review.isError ? <Notice tone="error">{errorText(review.error)}</Notice> : null}
      <button type="submit" className={button.secondary} disabled={review.isPending || noteTooLong}>
        {review.isPending ? t.admin.detail.markingReviewed : t.admin.detail.markReviewed}
      </button>
    </form>
  );
}
