"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { useAdminMe } from "../../_components/admin-shell";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { reviewHref } from "../../_components/review-params";
import { Card, Notice, PageHeader, useErrorText } from "../../_components/ui";
import { type BulkErrors, BulkFields, type BulkForm } from "./bulk-fields";
import { PreviewDetails, SkippedList } from "./bulk-preview";

const empty: BulkForm = { user: null, scope: "one", conversation: null, reason: "" };

/**
 * Preview (a dry run counts what would be recalled), confirm, run, result. The engine recalls
 * everything in one transaction and writes one audit row; progress is shown while it runs.
 */
export function BulkRecall() {
  const t = useT();
  const trpc = useTRPC();
  const me = useAdminMe();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const resultId = useId();
  const [form, setForm] = useState<BulkForm>(empty);
  const [touched, setTouched] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const preview = useMutation(trpc.message.bulkRecall.mutationOptions());
  const run = useMutation(
    trpc.message.bulkRecall.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        void queryClient.invalidateQueries(trpc.admin.pathFilter());
      },
    }),
  );

  const change = (patch: Partial<BulkForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    // Any change makes the count stale: preview again before recalling.
    preview.reset();
  };
  const errors: BulkErrors = {
    user: !form.user ? t.admin.bulk.pickUser : null,
    conversation: form.scope === "one" && !form.conversation ? t.admin.bulk.pickConversation : null,
    range: form.from && form.to && form.from > form.to ? t.admin.common.rangeError : null,
    reason: form.reason.trim().length > 200 ? t.admin.bulk.reasonTooLong : null,
  };
  const valid = !Object.values(errors).some(Boolean);
  const input = {
    userId: form.user?.id ?? "",
    conversationId: form.scope === "one" ? (form.conversation?.id ?? null) : null,
    from: form.from ?? null,
    to: form.to ?? null,
    reason: form.reason.trim() || null,
  };
  const counted = preview.data;

  if (run.isSuccess) {
    return (
      <div>
        <PageHeader title={t.admin.bulk.title} />
        <Card>
          <div className="space-y-4">
            <Notice>{t.admin.bulk.done(run.data.count, run.data.conversations)}</Notice>
            <SkippedList skipped={run.data.skipped} />
            <div className="flex flex-wrap gap-2">
              <Link
                href={reviewHref({
                  senderId: input.userId,
                  revokerId: me.id,
                  conversationId: input.conversationId ?? undefined,
                })}
                className={button.primary}
              >
                {t.admin.bulk.review}
              </Link>
              <button
                type="button"
                className={button.secondary}
                onClick={() => {
                  run.reset();
                  preview.reset();
                  setForm(empty);
                  setTouched(false);
                }}
              >
                {t.admin.bulk.again}
              </button>
            </div>
          </div>
        </Card>
      </div>
    );
  }

  return (
    <div>
      <PageHeader title={t.admin.bulk.title} />
      <p className="mb-5 max-w-3xl text-sm text-slate-600">{t.admin.bulk.intro}</p>
      <Card>
        <form
          noValidate
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            setTouched(true);
            if (valid) preview.mutate({ ...input, dryRun: true });
          }}
        >
          <BulkFields form={form} change={change} errors={errors} touched={touched} />

          <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4">
            <button type="submit" className={button.secondary} disabled={preview.isPending}>
              {preview.isPending ? t.admin.bulk.previewing : t.admin.bulk.preview}
            </button>
            {counted && counted.count > 0 ? (
              <button type="button" className={button.danger} onClick={() => setConfirming(true)}>
                {t.admin.bulk.recall(counted.count)}
              </button>
            ) : null}
          </div>
          <div aria-live="polite" id={resultId}>
            {preview.isError ? <Notice tone="error">{errorText(preview.error)}</Notice> : null}
            {counted ? (
              <p className="rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 text-sm font-medium text-slate-900">
                {counted.count > 0
                  ? t.admin.bulk.previewResult(counted.count, counted.conversations)
                  : t.admin.bulk.nothing}
              </p>
            ) : null}
            {counted?.preview && counted.count > 0 ? (
              <PreviewDetails preview={counted.preview} conversations={counted.conversations} />
            ) : null}
            {counted ? <SkippedList skipped={counted.skipped} /> : null}
          </div>
        </form>
      </Card>

      {confirming && counted ? (
        <ConfirmDialog
          danger
          title={t.admin.bulk.confirmTitle}
          body={t.admin.bulk.confirmBody(counted.count, form.user?.label ?? "")}
          confirmLabel={t.admin.bulk.recall(counted.count)}
          busyLabel={t.admin.bulk.running(counted.count)}
          busy={run.isPending}
          error={run.isError ? errorText(run.error) : null}
          onConfirm={() => run.mutate({ ...input, dryRun: false })}
          onClose={() => {
            setConfirming(false);
            run.reset();
          }}
        />
      ) : null}
    </div>
  );
}
