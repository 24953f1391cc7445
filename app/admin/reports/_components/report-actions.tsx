"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { appCodeOf } from "~/app/_components/error-message";
import { button, field } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { LabelledField } from "../../_components/labelled-field";
import { Card, useErrorText } from "../../_components/ui";
import { type Resolution } from "./report-entries";
import { type ReportedMessage } from "./report-table";

const REASON_MAX = 200;

/**
 * Recall (with a reason members see), dismiss, or mark reviewed: each asked first, then run, its
 * outcome reported through `onResolved` and every console list refreshed. A button is off only
 * when the queue's row says it has nothing to do; a race still ends in a clear ALREADY_DONE.
 */
export function ReportActions({
  id,
  row,
  onResolved,
}: {
  id: string;
  row: ReportedMessage | null;
  onResolved: (resolution: Resolution, text: string) => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const titleId = useId();
  const [reason, setReason] = useState("");
  const [asking, setAsking] = useState<Resolution | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.admin.pathFilter());
  const resolve = useMutation(
    trpc.admin.reports.resolve.mutationOptions({
      onSuccess: (res, input) => {
        setAsking(null);
        setReason("");
        const done = t.admin.reports.done;
        const text = input.action === "recall" ? done.recall(res.closed, res.recalled) : done[input.action](res.closed);
        onResolved(input.action, text);
        void refresh();
      },
    }),
  );

  const r = t.admin.reports;
  const reasonTooLong = reason.trim().length > REASON_MAX;
  const open = row === null || row.openReports > 0;
  const actions = [
    {
      action: "recall",
      className: button.danger,
      available: open || row?.state !== "recalled",
      why: r.recallUnavailable,
    },
    { action: "dismiss", className: button.secondary, available: open, why: r.noneOpen },
    { action: "review", className: button.secondary, available: open, why: r.noneOpen },
  ] as const;
  const words = asking ? r.ask[asking] : null;

  return (
    <Card title={r.actions} titleId={titleId}>
      <div className="space-y-4">
        <LabelledField label={r.reason}>
          {(fieldId) => (
            <>
              <input
                id={fieldId}
                type="text"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                aria-invalid={reasonTooLong || undefined}
                aria-describedby={`${fieldId}-hint`}
                className={field.input}
              />
              <p id={`${fieldId}-hint`} className={reasonTooLong ? field.error : field.hint}>
                {reasonTooLong ? r.reasonTooLong : r.reasonHint}
              </p>
            </>
          )}
        </LabelledField>
        {actions.map((a) => {
          const disabled = !a.available || (a.action === "recall" && reasonTooLong);
          return (
            <div key={a.action}>
              <button
                type="button"
                className={a.className}
                disabled={disabled}
                aria-describedby={a.available ? undefined : `${titleId}-${a.action}`}
                onClick={() => {
                  resolve.reset();
                  setAsking(a.action);
                }}
              >
                {r[a.action]}
              </button>
              {a.available ? null : (
                <p id={`${titleId}-${a.action}`} className={field.hint}>
                  {a.why}
                </p>
              )}
            </div>
          );
        })}
      </div>
      {asking && words ? (
        <ConfirmDialog
          danger={asking === "recall"}
          title={words.title}
          body={words.body}
          confirmLabel={words.confirm}
          busyLabel={words.busy}
          busy={resolve.isPending}
          error={
            resolve.isError
              ? appCodeOf(resolve.error) === "ALREADY_DONE"
                ? r.alreadyDone
                : errorText(resolve.error)
              : null
          }
          onConfirm={() =>
            resolve.mutate({
              messageId: id,
              action: asking,
              reason: asking === "recall" ? reason.trim() || null : null,
            })
          }
          onClose={() => {
            setAsking(null);
            // After a refusal (e.g. another admin resolved them first), show the reports as they are now.
            if (resolve.isError) void refresh();
            resolve.reset();
          }}
        />
      ) : null}
    </Card>
  );
}
