"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { useAdminMe } from "../../_components/admin-shell";
import { EditHistory } from "../../_components/edit-history";
import { Card, Empty, Loading, Notice } from "../../_components/ui";
import { MessageTrail } from "../../audit/_components/message-trail";
import { RecordContext } from "../../recalled/_components/record-context";
import { isUuid } from "~/server/ids";
import { ReportActions } from "./report-actions";
import { closeOpen, type ReportEntry, ReportEntries, type ShownReports } from "./report-entries";
import { ReportFacts, useReportedMessage } from "./report-facts";
import { MessageStateBadge } from "./report-table";

export function ReportDetail({ id }: { id: string }) {
  const t = useT();
  if (!isUuid(id))
    return (
      <div className="space-y-4">
        <BackLink />
        <Empty>{t.admin.reports.notFound}</Empty>
      </div>
    );
  return <Detail id={id} key={id} />;
}

function BackLink() {
  const t = useT();
  return (
    <Link href="/admin/reports" className={button.link}>
      ← {t.admin.reports.back}
    </Link>
  );
}

function Detail({ id }: { id: string }) {
  const t = useT();
  const trpc = useTRPC();
  const me = useAdminMe();
  const row = useReportedMessage(id);
  const [reports, setReports] = useState<ReportEntry[] | null>(null);
  const [shown, setShown] = useState<ShownReports | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);

  // A recalled message is shown in context as members see it (no text); the queue's row says
  // whether it is recalled, and when the row is not at hand the context query finds out.
  const context = useQuery({
    ...trpc.admin.recalled.context.queryOptions({ messageId: id, radius: 3 }),
    enabled: row === null || row?.state === "recalled",
    retry: false,
  });
  const notRecalled = context.isError && context.error.data?.code === "NOT_FOUND";

  if (row === undefined) return <Loading />;
  const recalled = row ? row.state === "recalled" : !notRecalled;

  return (
    <div className="space-y-5">
      <BackLink />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold text-slate-900">{t.admin.reports.detailTitle}</h1>
        {row ? <MessageStateBadge state={row.state} /> : null}
      </div>
      <div aria-live="polite">{outcome ? <Notice>{outcome}</Notice> : null}</div>

      <div className="grid gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-5">
          <ReportFacts row={row} id={id} hasRecord={row?.state === "recalled" || context.isSuccess} />
          {recalled ? (
            <RecordContext id={id} context={context} />
          ) : shown && reports ? (
            <RecordContext id={id} context={loaded({ ...shown, items: shown.context })} />
          ) : (
            <ReportedText />
          )}
          <ReportEntries
            id={id}
            reports={reports}
            onReports={(next, detail) => {
              setReports(next);
              setShown(detail ?? null);
            }}
          />
          {/* A message never edited has no history; a recalled one may have been edited before. A change
              of state (this page's recall) hides a history shown before it, which no longer says what is current. */}
          {row?.state !== "live" ? <EditHistory key={row?.state} messageId={id} /> : null}
        </div>
        <div className="space-y-5">
          <ReportActions
            id={id}
            row={row}
            onResolved={(resolution, text) => {
              setOutcome(text);
              setReports((shown) => shown && closeOpen(shown, resolution, me, new Date()));
            }}
          />
          <MessageTrail messageId={id} />
        </div>
      </div>
    </div>
  );
}

/** Already read: the audited "Show reports" answer, shown through the same context card as a recalled record. */
function loaded<T>(data: T) {
  return { isPending: false, isError: false, error: null, data, refetch: () => undefined };
}

/** A message that is not recalled: its text (and the messages around it) show with the audited reports. */
function ReportedText() {
  const t = useT();
  const titleId = useId();
  return (
    <Card title={t.admin.reports.inContext} titleId={titleId}>
      <p className="text-sm text-slate-600">{t.admin.reports.liveHidden}</p>
    </Card>
  );
}
