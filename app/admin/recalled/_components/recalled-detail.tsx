"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { type ReactNode, useId, useState } from "react";
import { button, field } from "~/app/_components/styles";
import { recallTip } from "~/app/(chat)/_lib/recall-tip";
import { systemLineText } from "~/app/(chat)/_lib/system-line";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { useFormat } from "../../_components/format";
import { Card, Empty, Loading, LoadError, Notice, StateBadge, useErrorText } from "../../_components/ui";
import { AuditEntries } from "../../audit/_components/audit-entries";
import { isUuid } from "~/server/ids";

const NOTE_MAX = 1000;
/** No member has this id: the preview is what a member other than the sender and the recaller sees. */
const ANOTHER_MEMBER = "";

export function RecalledDetail({ id }: { id: string }) {
  if (!isUuid(id)) return <NotFound />;
  return <Detail id={id} key={id} />;
}

function NotFound() {
  const t = useT();
  return (
    <div className="space-y-4">
      <BackLink />
      <Empty>{t.admin.detail.notFound}</Empty>
    </div>
  );
}

function BackLink() {
  const t = useT();
  return (
    <Link href="/admin/recalled" className={button.link}>
      ← {t.admin.detail.back}
    </Link>
  );
}

function Detail({ id }: { id: string }) {
  const t = useT();
  const trpc = useTRPC();
  const f = useFormat();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const ids = {
    facts: useId(),
    context: useId(),
    original: useId(),
    audited: useId(),
    actions: useId(),
    reviews: useId(),
    trail: useId(),
    note: useId(),
  };

  const detail = useQuery(trpc.admin.recalled.byId.queryOptions({ messageId: id }));
  const context = useQuery(trpc.admin.recalled.context.queryOptions({ messageId: id, radius: 3 }));
  const trail = useQuery(trpc.admin.audit.list.queryOptions({ targetMessageId: id, limit: 50 }));
  const refreshAll = () => queryClient.invalidateQueries(trpc.admin.pathFilter());

  const [original, setOriginal] = useState<{ body: string; at: Date } | null>(null);
  const view = useMutation(
    trpc.admin.recalled.original.mutationOptions({
      onSuccess: (r) => {
        setOriginal({ body: r.body, at: new Date() });
        void queryClient.invalidateQueries(trpc.admin.audit.pathFilter());
      },
    }),
  );
  const [dialog, setDialog] = useState<"restore" | "purge" | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const restore = useMutation(
    trpc.admin.recalled.restore.mutationOptions({
      onSuccess: () => {
        setDialog(null);
        setOriginal(null);
        setOutcome(t.admin.detail.restoredOk);
        void refreshAll();
      },
    }),
  );
  const purge = useMutation(
    trpc.admin.recalled.purge.mutationOptions({
      onSuccess: () => {
        setDialog(null);
        setOriginal(null);
        setOutcome(t.admin.detail.purgedOk);
        void refreshAll();
      },
    }),
  );
  const [note, setNote] = useState("");
  const review = useMutation(
    trpc.admin.recalled.review.mutationOptions({
      onSuccess: () => {
        setNote("");
        setOutcome(t.admin.detail.reviewedOk);
        void refreshAll();
      },
    }),
  );

  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    if (detail.error.data?.code === "NOT_FOUND") return <NotFound />;
    return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  const { record: r, reviews } = detail.data;
  const retained = r.state === "retained";
  const noteTooLong = note.trim().length > NOTE_MAX;

  const fact = (label: string, value: ReactNode) => (
    <div className="grid grid-cols-[9rem_1fr] gap-2 py-1.5 sm:grid-cols-[11rem_1fr]">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="min-w-0 text-sm break-words text-slate-900">{value}</dd>
    </div>
  );

  return (
    <div className="space-y-5">
      <BackLink />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold text-slate-900">{t.admin.detail.title}</h1>
        <StateBadge state={r.state} testId="record-state" />
      </div>
      {outcome ? <Notice>{outcome}</Notice> : null}

      <div className="grid gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-5">
          <Card title={t.admin.detail.facts} titleId={ids.facts}>
            <dl className="divide-y divide-slate-100">
              {fact(t.admin.detail.conversation, r.conversationLabel)}
              {fact(t.admin.detail.sender, r.sender.name)}
              {fact(t.admin.detail.sentAt, f.dateTime(r.createdAt))}
              {fact(t.admin.detail.recalledAt, f.dateTime(r.revokedAt))}
              {fact(
                t.admin.detail.revoker,
                r.revoker
                  ? `${r.revoker.name}${r.revokerKind ? ` (${t.admin.kinds[r.revokerKind]})` : ""}`
                  : t.admin.common.none,
              )}
              {fact(t.admin.detail.reason, r.reason ?? t.admin.common.none)}
              {fact(t.admin.detail.state, t.admin.stateHelp[r.state])}
              {r.retainedUntil ? fact(t.admin.detail.retainedUntil, f.dateTime(r.retainedUntil)) : null}
              {r.state !== "restored"
                ? fact(t.admin.detail.notice, r.silent ? t.admin.detail.silent : t.admin.detail.tip)
                : null}
            </dl>
          </Card>

          <Card title={t.admin.detail.original} titleId={ids.original}>
            {retained ? (
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
                    <button type="button" className={button.ghost} onClick={() => setOriginal(null)}>
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
                {r.state === "restored" ? t.admin.detail.originalRestored : t.admin.detail.originalGone}
              </p>
            )}
          </Card>

          <Card title={t.admin.detail.context} titleId={ids.context}>
            {context.isPending ? (
              <Loading />
            ) : context.isError ? (
              <LoadError error={context.error} onRetry={() => void context.refetch()} />
            ) : context.data.items.length <= 1 ? (
              <p className="text-sm text-slate-600">{t.admin.detail.contextEmpty}</p>
            ) : (
              <ol className="space-y-2">
                {context.data.items.map((m) => {
                  const self = m.id === id;
                  return (
                    <li
                      key={m.id}
                      aria-current={self ? "true" : undefined}
                      className={`rounded-lg px-3 py-2 text-sm ${self ? "border-2 border-blue-500 bg-blue-50" : "border border-slate-200 bg-white"}`}
                    >
                      {self ? (
                        <p className="mb-1 text-xs font-semibold tracking-wide text-blue-800 uppercase">
                          {t.admin.detail.thisMessage}
                        </p>
                      ) : null}
                      {"removed" in m ? (
                        <p className="text-slate-600 italic">{t.admin.detail.removedSilently}</p>
                      ) : m.recall ? (
                        // The chat's own tip, worded by the chat's function, as a member who is neither the sender nor the one who recalled sees it.
                        <TipLine>{recallTip(t, { sender: m.sender, recall: m.recall }, ANOTHER_MEMBER)}</TipLine>
                      ) : m.kind === "system" ? (
                        <TipLine>{systemLineText(t, m, ANOTHER_MEMBER)}</TipLine>
                      ) : (
                        <>
                          <p className="text-xs text-slate-600">
                            <span className="font-medium text-slate-700">{m.sender.name}</span> ·{" "}
                            {f.dateTime(m.createdAt)}
                          </p>
                          <p className="break-words whitespace-pre-wrap text-slate-900">{m.body}</p>
                        </>
                      )}
                    </li>
                  );
                })}
              </ol>
            )}
          </Card>
        </div>

        <div className="space-y-5">
          <Card title={t.admin.detail.actions} titleId={ids.actions}>
            <div className="space-y-4">
              <div>
                <button
                  type="button"
                  className={button.primary}
                  disabled={!retained}
                  onClick={() => setDialog("restore")}
                  aria-describedby={retained ? undefined : `${ids.actions}-restore`}
                >
                  {t.admin.detail.restore}
                </button>
                {!retained ? (
                  <p id={`${ids.actions}-restore`} className={field.hint}>
                    {t.admin.detail.restoreUnavailable[r.state as "erased" | "purged" | "restored"]}
                  </p>
                ) : null}
              </div>
              <div>
                <button
                  type="button"
                  className={button.danger}
                  disabled={!retained}
                  onClick={() => setDialog("purge")}
                  aria-describedby={retained ? undefined : `${ids.actions}-purge`}
                >
                  {t.admin.detail.purge}
                </button>
                {!retained ? (
                  <p id={`${ids.actions}-purge`} className={field.hint}>
                    {t.admin.detail.purgeUnavailable}
                  </p>
                ) : null}
              </div>
              <form
                className="space-y-2 border-t border-slate-100 pt-4"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (!noteTooLong) review.mutate({ messageId: id, note: note.trim() || null });
                }}
              >
                <h3 className="text-sm font-semibold text-slate-700">{t.admin.detail.reviewTitle}</h3>
                <label htmlFor={ids.note} className={field.label}>
                  {t.admin.detail.reviewNote}
                </label>
                <textarea
                  id={ids.note}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  rows={3}
                  aria-invalid={noteTooLong || undefined}
                  aria-describedby={`${ids.note}-hint`}
                  className={field.input}
                />
                <p
                  id={`${ids.note}-hint`}
                  className={noteTooLong ? field.error : field.hint}
                  role={noteTooLong ? "alert" : undefined}
                >
                  {noteTooLong
                    ? t.admin.detail.reviewNoteTooLong
                    : t.admin.detail.reviewNoteHint(NOTE_MAX - note.trim().length)}
                </p>
                {review.isError ? <Notice tone="error">{errorText(review.error)}</Notice> : null}
                <button type="submit" className={button.secondary} disabled={review.isPending || noteTooLong}>
                  {review.isPending ? t.admin.detail.markingReviewed : t.admin.detail.markReviewed}
                </button>
              </form>
            </div>
          </Card>

          <Card title={t.admin.detail.reviews} titleId={ids.reviews}>
            {reviews.length === 0 ? (
              <p className="text-sm text-slate-600">{t.admin.detail.noReviews}</p>
            ) : (
              <ul className="space-y-2">
                {reviews.map((rv) => (
                  <li key={rv.id} className="text-sm">
                    <p className="text-xs text-slate-500">{t.admin.detail.reviewedBy(rv.by.name, f.dateTime(rv.at))}</p>
                    {rv.note ? <p className="break-words whitespace-pre-wrap text-slate-900">{rv.note}</p> : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>

          <Card title={t.admin.detail.trail} titleId={ids.trail}>
            {trail.isPending ? (
              <Loading />
            ) : trail.isError ? (
              <LoadError error={trail.error} onRetry={() => void trail.refetch()} />
            ) : trail.data.items.length === 0 ? (
              <p className="text-sm text-slate-600">{t.admin.detail.trailEmpty}</p>
            ) : (
              <AuditEntries items={trail.data.items} compact />
            )}
          </Card>
        </div>
      </div>

      {dialog === "restore" ? (
        <ConfirmDialog
          title={t.admin.detail.restoreTitle}
          body={t.admin.detail.restoreBody}
          confirmLabel={t.admin.detail.restoreConfirm}
          busyLabel={t.admin.detail.restoring}
          busy={restore.isPending}
          error={restore.isError ? errorText(restore.error) : null}
          onConfirm={() => restore.mutate({ messageId: id })}
          onClose={() => {
            setDialog(null);
            restore.reset();
            if (restore.isError) void refreshAll();
          }}
        />
      ) : null}
      {dialog === "purge" ? (
        <ConfirmDialog
          danger
          title={t.admin.detail.purgeTitle}
          body={t.admin.detail.purgeBody}
          confirmLabel={t.admin.detail.purgeConfirm}
          busyLabel={t.admin.detail.purging}
          busy={purge.isPending}
          error={purge.isError ? errorText(purge.error) : null}
          onConfirm={() => purge.mutate({ messageId: id })}
          onClose={() => {
            setDialog(null);
            purge.reset();
            if (purge.isError) void refreshAll();
          }}
        />
      ) : null}
    </div>
  );
}

/** A one-line row (recall tip or system line), shaped like the chat's. */
function TipLine({ children }: { children: ReactNode }) {
  return (
    <p className="text-center">
      <span className="inline-block max-w-full rounded-full bg-slate-200/70 px-3 py-1 text-xs text-slate-700">
        {children}
      </span>
    </p>
  );
}
