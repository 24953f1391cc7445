"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { AuditedReveal } from "../../_components/audited-reveal";
import { Card } from "../../_components/ui";
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
  const titleId = useId();
  const view = useMutation(
    trpc.admin.recalled.original.mutationOptions({
      onSuccess: (r) => {
        onOriginal({ body: r.body, at: new Date() });
        void queryClient.invalidateQueries(trpc.admin.audit.pathFilter());
      },
    }),
  );
  return (
    <Card title={t.admin.detail.original} titleId={titleId}>
      {state === "retained" ? (
        <AuditedReveal
          showLabel={t.admin.detail.showOriginal}
          busyLabel={t.admin.detail.showingOriginal}
          hideLabel={t.admin.detail.hideOriginal}
          pending={view.isPending}
          shown={original !== null}
          error={view.isError ? view.error : null}
          onShow={() => view.mutate({ messageId: id })}
          onHide={() => onOriginal(null)}
        >
          {original ? (
            <blockquote className="rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 break-words whitespace-pre-wrap text-slate-900">
              {original.body}
            </blockquote>
          ) : null}
        </AuditedReveal>
      ) : (
        <p className="text-sm text-slate-600">
          {state === "restored" ? t.admin.detail.originalRestored : t.admin.detail.originalGone}
        </p>
      )}
    </Card>
  );
}
