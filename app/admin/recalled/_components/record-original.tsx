"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { type AttachmentView } from "~/server/attachments/view";
import { AuditedReveal } from "../../_components/audited-reveal";
import { Card } from "../../_components/ui";
import { OriginalAttachments } from "./original-attachments";
import { type RecalledRecord } from "./record-facts";

export interface Original {
  body: string;
  attachments: AttachmentView[];
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
        onOriginal({ body: r.body, attachments: r.attachments, at: new Date() });
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
            <div className="space-y-3">
              {original.body !== "" || original.attachments.length === 0 ? (
                <blockquote className="rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 break-words whitespace-pre-wrap text-slate-900">
                  {original.body}
                </blockquote>
              ) : null}
              <OriginalAttachments attachments={original.attachments} />
            </div>
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
