"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { button, field } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { Card, useErrorText } from "../../_components/ui";
import { type RecalledRecord } from "./record-facts";
import { ReviewForm } from "./review-form";

type Change = "restore" | "purge";

/**
 * Restore and purge: the same steps (ask, run, report, refresh), each with its own words.
 * `onChanged` gets the sentence to show once the content has changed.
 */
export function useRecordChanges(id: string, onChanged: (text: string) => void) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<Change | null>(null);
  const refreshAll = () => queryClient.invalidateQueries(trpc.admin.pathFilter());
  const finish = (text: string) => ({
    onSuccess: () => {
      setAsking(null);
      onChanged(text);
      void refreshAll();
    },
  });
  const restore = useMutation(trpc.admin.recalled.restore.mutationOptions(finish(t.admin.detail.restoredOk)));
  const purge = useMutation(trpc.admin.recalled.purge.mutationOptions(finish(t.admin.detail.purgedOk)));
  return { asking, ask: setAsking, close: () => setAsking(null), running: { restore, purge }, refreshAll };
}

export type RecordChanges = ReturnType<typeof useRecordChanges>;

/** The actions card: restore or purge (while the content is retained) and mark reviewed. */
export function RecordActions({
  id,
  state,
  onAsk,
  onReviewed,
}: {
  id: string;
  state: RecalledRecord["state"];
  onAsk: (change: Change) => void;
  onReviewed: (text: string) => void;
}) {
  const t = useT();
  const titleId = useId();
  const retained = state === "retained";
  const changes = [
    {
      change: "restore",
      className: button.primary,
      label: t.admin.detail.restore,
      unavailable: t.admin.detail.restoreUnavailable[state as "erased" | "purged" | "restored"],
    },
    {
      change: "purge",
      className: button.danger,
      label: t.admin.detail.purge,
      unavailable: t.admin.detail.purgeUnavailable,
    },
  ] as const;
  return (
    <Card title={t.admin.detail.actions} titleId={titleId}>
      <div className="space-y-4">
        {changes.map((c) => (
          <div key={c.change}>
            <button
              type="button"
              className={c.className}
              disabled={!retained}
              onClick={() => onAsk(c.change)}
              aria-describedby={retained ? undefined : `${titleId}-${c.change}`}
            >
              {c.label}
            </button>
            {!retained ? (
              <p id={`${titleId}-${c.change}`} className={field.hint}>
                {c.unavailable}
              </p>
            ) : null}
          </div>
        ))}
        <ReviewForm id={id} onReviewed={onReviewed} />
      </div>
    </Card>
  );
}

/** The confirm dialog of the change being asked about, if any. */
export function RecordChangeDialog({ id, changes }: { id: string; changes: RecordChanges }) {
  const t = useT();
  const errorText = useErrorText();
  const { asking } = changes;
  if (!asking) return null;
  const words = {
    restore: {
      title: t.admin.detail.restoreTitle,
      body: t.admin.detail.restoreBody,
      confirm: t.admin.detail.restoreConfirm,
      busy: t.admin.detail.restoring,
    },
    purge: {
      title: t.admin.detail.purgeTitle,
      body: t.admin.detail.purgeBody,
      confirm: t.admin.detail.purgeConfirm,
      busy: t.admin.detail.purging,
    },
  }[asking];
  const running = changes.running[asking];
  return (
    <ConfirmDialog
      danger={asking === "purge"}
      title={words.title}
      body={words.body}
      confirmLabel={words.confirm}
      busyLabel={words.busy}
      busy={running.isPending}
      error={running.isError ? errorText(running.error) : null}
      onConfirm={() => running.mutate({ messageId: id })}
      onClose={() => {
        changes.close();
        running.reset();
        if (running.isError) void changes.refreshAll();
      }}
    />
  );
}
