"use client";

import { type inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { type AppRouter } from "~/server/root";
import { useFormat } from "../../_components/format";
import { SimpleTable } from "../../_components/simple-table";
import { Badge } from "../../_components/ui";

export type ReportedMessage = inferRouterOutputs<AppRouter>["admin"]["reports"]["list"]["items"][number];

const td = "px-2 py-2 lg:px-3";

const stateStyle: Record<ReportedMessage["state"], string> = {
  live: "bg-slate-100 text-slate-700 ring-slate-300",
  edited: "bg-amber-50 text-amber-900 ring-amber-200",
  recalled: "bg-blue-50 text-blue-800 ring-blue-200",
};

/** The reported message as it is now: live, edited since it was sent, or recalled. */
export function MessageStateBadge({ state }: { state: ReportedMessage["state"] }) {
  const t = useT();
  return (
    <span
      data-testid="message-state"
      className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${stateStyle[state]}`}
    >
      {t.admin.reports.messageStates[state]}
    </span>
  );
}

/** One row per reported message, the latest report first; each row links to the message's reports. */
export function ReportTable({ items }: { items: ReportedMessage[] }) {
  const t = useT();
  const f = useFormat();
  const r = t.admin.reports;
  return (
    <SimpleTable
      frameClassName="relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm"
      className="w-full min-w-[40rem] text-left text-sm"
      caption={r.tableLabel}
      headClassName="border-b border-slate-200 bg-slate-50 text-xs text-slate-600"
      columnClassName="px-2 py-2 font-semibold lg:px-3"
      columns={[r.lastReported, r.conversation, r.sender, r.categoriesColumn, r.reports, r.message]}
      bodyClassName="divide-y divide-slate-100"
    >
      {items.map((m) => (
        <tr key={m.messageId} className="align-top hover:bg-slate-50">
          <td className={`${td} whitespace-nowrap`}>
            <Link
              href={`/admin/reports/${m.messageId}`}
              aria-label={r.openLabel(m.sender.name, m.conversationLabel, f.dateTime(m.lastReportedAt))}
              className={button.link}
            >
              <time dateTime={m.lastReportedAt.toISOString()}>{f.dateTime(m.lastReportedAt)}</time>
            </Link>
          </td>
          <td className={`${td} max-w-[8rem] truncate lg:max-w-[14rem]`} title={m.conversationLabel}>
            {m.conversationLabel}
          </td>
          <td className={td}>{m.sender.name}</td>
          <td className={td}>
            <div className="flex flex-wrap gap-1">
              {m.categories.map((c) => (
                <Badge key={c}>{r.categories[c]}</Badge>
              ))}
            </div>
          </td>
          <td className={`${td} whitespace-nowrap tabular-nums`} title={r.openOfTotalLong(m.openReports, m.reports)}>
            <span aria-hidden>{r.openOfTotal(m.openReports, m.reports)}</span>
            <span className="sr-only">{r.openOfTotalLong(m.openReports, m.reports)}</span>
          </td>
          <td className={td}>
            <MessageStateBadge state={m.state} />
          </td>
        </tr>
      ))}
    </SimpleTable>
  );
}
