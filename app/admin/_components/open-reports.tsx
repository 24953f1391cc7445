"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId } from "react";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { useFormat } from "./format";
import { Card } from "./ui";

/** Counted from the queue's first page: past it the overview says "more than". */
const COUNT_MAX = 100;

/** The overview's count of reported messages with an open report, linking to the queue. */
export function OpenReports({ className }: { className?: string }) {
  const t = useT();
  const trpc = useTRPC();
  const f = useFormat();
  const titleId = useId();
  const open = useQuery(trpc.admin.reports.list.queryOptions({ status: "open", limit: COUNT_MAX }));
  if (!open.data) return null;
  const n = open.data.items.length;
  const more = open.data.nextCursor !== null;
  return (
    <Card className={className} title={t.admin.overview.openReports} titleId={titleId}>
      <p className="flex flex-wrap items-baseline gap-x-3">
        <Link
          href="/admin/reports"
          className="rounded text-3xl font-semibold text-slate-900 underline-offset-4 hover:text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600"
          aria-label={t.admin.overview.openReportsCount(n, more)}
        >
          {f.number(n)}
          {more ? "+" : ""}
        </Link>
        <span aria-hidden className="text-sm text-slate-600">
          {t.admin.overview.openReportsCount(n, more)}
        </span>
      </p>
    </Card>
  );
}
