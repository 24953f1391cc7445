"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { useId } from "react";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { type AppRouter } from "~/server/root";
import { type AdminMe } from "../../_components/admin-shell";
import { AuditedReveal } from "../../_components/audited-reveal";
import { useFormat } from "../../_components/format";
import { Badge, Card } from "../../_components/ui";

export type ReportEntry = inferRouterOutputs<AppRouter>["admin"]["reports"]["detail"]["reports"][number];
/** What "Show reports" read (audited): the reports and the conversation around the message. */
export type ShownReports = inferRouterOutputs<AppRouter>["admin"]["reports"]["detail"];
export type Resolution = "recall" | "dismiss" | "review";

const closedAs = { recall: "actioned", dismiss: "dismissed", review: "reviewed" } as const;

/** The reports as the server has them after `resolution` closed every open one (no second audited read). */
export function closeOpen(reports: ReportEntry[], resolution: Resolution, me: AdminMe, at: Date): ReportEntry[] {
  return reports.map((r) =>
    r.status === "open"
      ? { ...r, status: closedAs[resolution], resolvedBy: { id: me.id, name: me.name }, resolvedAt: at }
      : r,
  );
}

/**
 * The reports, each with its reporter and the text they saw, shown only on request: every look
 * writes a `view_report` audit row (like "Show original").
 */
export function ReportEntries({
  id,
  reports,
  onReports,
}: {
  id: string;
  reports: ReportEntry[] | null;
  onReports: (reports: ReportEntry[] | null, context?: ShownReports) => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const titleId = useId();
  const view = useMutation(
    trpc.admin.reports.detail.mutationOptions({
      onSuccess: (data) => {
        onReports(data.reports, data);
        void queryClient.invalidateQueries(trpc.admin.audit.pathFilter());
      },
    }),
  );
  return (
    <Card title={t.admin.reports.list} titleId={titleId}>
      <AuditedReveal
        showLabel={t.admin.reports.showReports}
        busyLabel={t.admin.reports.showingReports}
        hideLabel={t.admin.reports.hideReports}
        pending={view.isPending}
        shown={reports !== null}
        error={view.isError ? view.error : null}
        onShow={() => view.mutate({ messageId: id })}
        onHide={() => onReports(null)}
      >
        {reports ? (
          <ol className="space-y-3">
            {reports.map((r) => (
              <Entry key={r.id} r={r} />
            ))}
          </ol>
        ) : null}
      </AuditedReveal>
    </Card>
  );
}

function Entry({ r }: { r: ReportEntry }) {
  const t = useT();
  const f = useFormat();
  const s = t.admin.reports;
  return (
    <li className="space-y-1.5 rounded-lg border border-slate-200 px-3 py-2 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-slate-900">{r.reporter.name}</span>
        <span className="text-xs text-slate-600">
          <time dateTime={r.createdAt.toISOString()}>{f.dateTime(r.createdAt)}</time>
        </span>
        <Badge>{s.categories[r.category]}</Badge>
        <Badge>{s.reportStatuses[r.status]}</Badge>
      </div>
      {r.note ? (
        <p className="break-words whitespace-pre-wrap text-slate-800">
          <span className="text-slate-600">{s.note}: </span>
          {r.note}
        </p>
      ) : null}
      <p className="text-xs text-slate-600">{s.saw}</p>
      <blockquote className="rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 break-words whitespace-pre-wrap text-slate-900">
        {r.body}
      </blockquote>
      {r.resolvedAt ? (
        <p className="text-xs text-slate-600">
          {s.resolvedBy(r.resolvedBy?.name ?? t.admin.common.deletedUser, f.dateTime(r.resolvedAt))}
        </p>
      ) : null}
    </li>
  );
}
