"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { button, field } from "~/app/_components/styles";
import { TimeRangeFields } from "../../_components/time-range-fields";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { useAdminMe } from "../../_components/admin-shell";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { EntityPicker } from "../../_components/entity-picker";
import { reviewHref } from "../../_components/review-params";
import { useFormat } from "../../_components/format";
import { Card, Notice, PageHeader, useErrorText } from "../../_components/ui";
import { type BulkPreview } from "~/server/recall/bulk-preview";

interface Form {
  user: { id: string; label: string } | null;
  scope: "all" | "one";
  conversation: { id: string; label: string } | null;
  from?: Date;
  to?: Date;
  reason: string;
}

const empty: Form = { user: null, scope: "one", conversation: null, reason: "" };

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
  const ids = { user: useId(), conv: useId(), range: useId(), reason: useId(), scope: useId(), result: useId() };
  const [form, setForm] = useState<Form>(empty);
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

  const change = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    // Any change makes the count stale: preview again before recalling.
    preview.reset();
  };
  const errors = {
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
          <div className="grid gap-4 md:grid-cols-2">
            <div>
              <EntityPicker
                kind="user"
                label={t.admin.bulk.user}
                value={form.user?.id ?? null}
                onChange={(user) => change({ user, conversation: null })}
                invalid={touched && Boolean(errors.user)}
                describedBy={touched && errors.user ? ids.user : undefined}
              />
              {touched && errors.user ? (
                <p id={ids.user} className={field.error}>
                  {errors.user}
                </p>
              ) : null}
            </div>
            <fieldset>
              <legend className={field.label}>{t.admin.bulk.where}</legend>
              <div className="mt-2 flex flex-wrap gap-4 text-sm">
                <label className="inline-flex items-center gap-2">
                  <input
                    type="radio"
                    name={ids.scope}
                    checked={form.scope === "one"}
                    onChange={() => change({ scope: "one" })}
                  />
                  {t.admin.bulk.oneConversation}
                </label>
                <label className="inline-flex items-center gap-2">
                  <input
                    type="radio"
                    name={ids.scope}
                    checked={form.scope === "all"}
                    onChange={() => change({ scope: "all", conversation: null })}
                  />
                  {t.admin.bulk.everywhere}
                </label>
              </div>
            </fieldset>
            {form.scope === "one" ? (
              <div className="md:col-span-2">
                <EntityPicker
                  kind="conversation"
                  label={t.admin.bulk.conversation}
                  value={form.conversation?.id ?? null}
                  memberId={form.user?.id}
                  onChange={(conversation) => change({ conversation })}
                  invalid={touched && Boolean(errors.conversation)}
                  describedBy={touched && errors.conversation ? ids.conv : undefined}
                />
                {touched && errors.conversation ? (
                  <p id={ids.conv} className={field.error}>
                    {errors.conversation}
                  </p>
                ) : null}
              </div>
            ) : null}
            <TimeRangeFields
              from={form.from}
              to={form.to}
              fromLabel={t.admin.bulk.from}
              toLabel={t.admin.bulk.to}
              errorId={errors.range ? ids.range : undefined}
              onChange={change}
            />
            {errors.range ? (
              <p id={ids.range} role="alert" className={`${field.error} md:col-span-2`}>
                {errors.range}
              </p>
            ) : null}
            <div className="md:col-span-2">
              <label htmlFor={ids.reason} className={field.label}>
                {t.admin.bulk.reason}
              </label>
              <input
                id={ids.reason}
                type="text"
                value={form.reason}
                onChange={(e) => change({ reason: e.target.value })}
                aria-invalid={Boolean(errors.reason) || undefined}
                aria-describedby={errors.reason ? `${ids.reason}-error` : undefined}
                className={field.input}
              />
              {errors.reason ? (
                <p id={`${ids.reason}-error`} role="alert" className={field.error}>
                  {errors.reason}
                </p>
              ) : null}
            </div>
          </div>

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
          <div aria-live="polite" id={ids.result}>
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

/** What the recall rules refused, per reason, in the console's language (the server's sentence as a fallback). */
function SkippedList({ skipped }: { skipped: { code: string; message: string; count: number }[] }) {
  const t = useT();
  if (skipped.length === 0) return null;
  return (
    <ul className="mt-2 space-y-1 text-sm text-amber-800" aria-label="skipped">
      {skipped.map((s) => (
        <li key={s.code}>{t.admin.bulk.skipped(s.count, t.admin.bulk.skipReasons[s.code] ?? s.message)}</li>
      ))}
    </ul>
  );
}

/** Where the messages are (count per conversation) and a few of them (sender, conversation, time): never their text. */
function PreviewDetails({ preview, conversations }: { preview: BulkPreview; conversations: number }) {
  const t = useT();
  const f = useFormat();
  const ids = { per: useId(), sample: useId() };
  const hidden = conversations - preview.byConversation.length;
  return (
    <div className="mt-3 grid gap-4 md:grid-cols-2">
      <section aria-labelledby={ids.per}>
        <h3 id={ids.per} className="mb-1 text-sm font-semibold text-slate-700">
          {t.admin.bulk.perConversation}
        </h3>
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm">
          {preview.byConversation.map((c) => (
            <li key={c.id} className="flex items-baseline justify-between gap-3 px-3 py-1.5">
              <span className="min-w-0 truncate text-slate-800">{c.label}</span>
              <span className="shrink-0 font-medium text-slate-900 tabular-nums">{t.admin.bulk.messages(c.count)}</span>
            </li>
          ))}
        </ul>
        {hidden > 0 ? <p className="mt-1 text-xs text-slate-600">{t.admin.bulk.moreConversations(hidden)}</p> : null}
      </section>
      <section aria-labelledby={ids.sample}>
        <h3 id={ids.sample} className="mb-1 text-sm font-semibold text-slate-700">
          {t.admin.bulk.sample(preview.sample.length)}
        </h3>
        <div className="overflow-x-auto rounded-lg border border-slate-200">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t.admin.bulk.sample(preview.sample.length)}</caption>
            <thead className="bg-slate-50 text-xs text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-1.5 font-semibold">
                  {t.admin.recalled.sender}
                </th>
                <th scope="col" className="px-3 py-1.5 font-semibold">
                  {t.admin.recalled.conversation}
                </th>
                <th scope="col" className="px-3 py-1.5 font-semibold">
                  {t.admin.recalled.sentAt}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {preview.sample.map((m) => (
                <tr key={m.id}>
                  <td className="px-3 py-1.5">{preview.sender.name}</td>
                  <td className="max-w-[10rem] truncate px-3 py-1.5">{m.conversationLabel}</td>
                  <td className="px-3 py-1.5 whitespace-nowrap">
                    <time dateTime={m.sentAt.toISOString()}>{f.dateTime(m.sentAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
