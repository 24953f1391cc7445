"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { Card, Notice, useErrorText } from "../../_components/ui";
import { type RecalledRecord } from "./record-facts";

export interface Original {
  body: string;
  at: Date;
}

/** The recalled text, shown only on request while it is retained (each viewing is audited). */
export function RecordOriginal({
  id,
  state,
  original,
  onOriginal,
}: {
  id: string;
  state: RecalledRecord["state"];
  original: Original | null;
  onOriginal: (original: Original | null) => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const ids = { title: useId(), audited: useId() };
  const view = useMutation(
    trpc.admin.recalled.original.mutationOptions({
      onSuccess: (r) => {
        onOriginal({ body: r.body, at: new Date() });
        void queryClient.invalidateQueries(trpc.admin.audit.pathFilter());
      },
    }),
  );
  return (
    <Card title={t.admin.detail.original} titleId={ids.title}>
      {state === "retained" ? (
        <div className="space-y-3">
          <p id={ids.audited} className="flex items-center gap-2 text-sm text-amber-900">
            <span aria-hidden>●</span>
            {t.admin.detail.viewingAudited}
          </p>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={button.secondary}
              aria-describedby={ids.audited}
              disabled={view.isPending}
              onClick={() => view.mutate({ messageId: id })}
            >
              {view.isPending ? t.admin.detail.showingOriginal : t.admin.detail.showOriginal}
            </button>
            {original ? (
              <button type="button" className={button.ghost} onClick={() => onOriginal(null)}>
                {t.admin.detail.hideOriginal}
              </button>
            ) : null}
          </div>
          {view.isError ? <Notice tone="error">{errorText(view.error)}</Notice> : null}
          <div aria-live="polite">
            {original ? (
              <blockquote className="rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 break-words whitespace-pre-wrap text-slate-900">
                {original.body}
              </blockquote>
            ) : null}
          </div>
        </div>
      ) : (
        <p className="text-sm text-slate-600">
          {state === "restored" ? t.admin.detail.originalRestored : t.admin.detail.originalGone}
        </p>
      )}
    </Card>
  );
}
