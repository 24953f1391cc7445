"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { type ReactNode, useId } from "react";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { useFormat } from "../../_components/format";
import { Badge, Card, Fact } from "../../_components/ui";
import { MessageStateBadge, type ReportedMessage } from "./report-table";

/** The queue's row for this message, without its text. undefined while loading; null when it has no reports. */
export function useReportedMessage(id: string): ReportedMessage | null | undefined {
  const trpc = useTRPC();
  const row = useQuery(trpc.admin.reports.list.queryOptions({ status: "all", messageId: id, limit: 1 }));
  return row.isPending ? undefined : (row.data?.items[0] ?? null);
}

/**
 * Where and by whom the message was sent, how often and how it was reported, and what it is now;
 * `hasRecord`: it is recalled, so it has a page in the recalled-message review too.
 */
export function ReportFacts({ row, id, hasRecord }: { row: ReportedMessage | null; id: string; hasRecord: boolean }) {
  const t = useT();
  const f = useFormat();
  const titleId = useId();
  const r = t.admin.reports;
  const fact = (label: string, value: ReactNode) => <Fact label={label}>{value}</Fact>;
  return (
    <Card title={r.facts} titleId={titleId}>
      {row ? (
        <dl className="divide-y divide-slate-100">
          {fact(r.conversation, row.conversationLabel)}
          {fact(r.sender, row.sender.name)}
          {fact(r.reports, r.openOfTotalLong(row.openReports, row.reports))}
          {fact(
            r.categoriesColumn,
            <span className="flex flex-wrap gap-1">
              {row.categories.map((c) => (
                <Badge key={c}>{r.categories[c]}</Badge>
              ))}
            </span>,
          )}
          {fact(r.firstReported, f.dateTime(row.firstReportedAt))}
          {fact(r.lastReported, f.dateTime(row.lastReportedAt))}
          {fact(r.message, <MessageStateBadge state={row.state} />)}
        </dl>
      ) : (
        <p className="text-sm text-slate-600">{r.factsUnknown}</p>
      )}
      {hasRecord ? (
        <p className="mt-3">
          <Link href={`/admin/recalled/${id}`} className={button.link}>
            {r.openRecord}
          </Link>
        </p>
      ) : null}
    </Card>
  );
}
