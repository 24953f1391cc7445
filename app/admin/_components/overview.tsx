"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { countTicks } from "./chart-axis";
import { useFormat } from "./format";
import { OpenReports } from "./open-reports";
import { localDayRange, reviewHref } from "./review-params";
import { Card, Empty, Loading, LoadError, PageHeader } from "./ui";

const statLink = `rounded text-slate-900 underline-offset-4 hover:text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600`;

export function Overview() {
  const t = useT();
  const trpc = useTRPC();
  const f = useFormat();
  const ids = { chart: useId(), kinds: useId(), top: useId(), vault: useId(), all: useId() };
  // The browser's offset, so the server's days are this viewer's days (and match the links below).
  const [utcOffsetMinutes] = useState(() => -new Date().getTimezoneOffset());
  const stats = useQuery(trpc.admin.stats.queryOptions({ utcOffsetMinutes }));

  // The page's heading is there while its numbers load, so the page always has its name.
  if (stats.isPending || stats.isError)
    return (
      <div>
        <PageHeader title={t.admin.overview.title} />
        {stats.isPending ? <Loading /> : <LoadError error={stats.error} onRetry={() => void stats.refetch()} />}
      </div>
    );
  const s = stats.data;
  const { attachments } = s;
  const since = s.since;
  const ticks = countTicks(Math.max(0, ...s.days.map((d) => d.count)));
  const top = ticks.at(-1)!;
  const middle = s.days[Math.floor(s.days.length / 2)]?.day;
  const kindRows = [
    { kind: "sender" as const, count: s.recent.byKind.sender },
    { kind: "group_moderator" as const, count: s.recent.byKind.group_moderator },
    { kind: "system_admin" as const, count: s.recent.byKind.system_admin },
  ];

  return (
    <div>
      <PageHeader title={t.admin.overview.title} />
      <div className="grid gap-4 md:grid-cols-3">
        <Card className="md:col-span-3" title={t.admin.overview.perDay} titleId={ids.chart}>
          <div className="mb-3 flex flex-wrap items-baseline gap-x-4 gap-y-1">
            <Link href={reviewHref({ from: since })} className={`text-3xl font-semibold ${statLink}`}>
              {f.number(s.recent.total)}
            </Link>
            <span className="text-sm text-slate-600">
              {t.admin.overview.recent} · {t.admin.overview.chartHint}
            </span>
          </div>
          <div className="flex gap-2">
            {/* Y axis: the count scale the bars are drawn against (the bars' own names carry each number). */}
            <div aria-hidden className="flex flex-col items-end">
              <span className="mb-1 text-xs text-slate-600">{t.admin.overview.yAxis}</span>
              <div className="relative h-40 w-8">
                {ticks.map((v) => (
                  <span
                    key={v}
                    className="absolute right-0 -translate-y-1/2 text-xs text-slate-600 tabular-nums"
                    style={{ top: `${100 - (v / top) * 100}%` }}
                  >
                    {f.number(v)}
                  </span>
                ))}
              </div>
            </div>
            <div className="min-w-0 flex-1">
              <div className="mb-1 h-4" />
              <div className="relative h-40">
                <div aria-hidden className="absolute inset-0">
                  {ticks.map((v) => (
                    <div
                      key={v}
                      className="absolute inset-x-0 border-t border-dashed border-slate-200"
                      style={{ top: `${100 - (v / top) * 100}%` }}
                    />
                  ))}
                </div>
                <ol
                  aria-labelledby={ids.chart}
                  className="relative flex h-full items-end gap-[3px] border-b border-l border-slate-400"
                  role="list"
                >
                  {s.days.map((d, i) => {
                    const { from, to } = localDayRange(d.day);
                    const label = t.admin.overview.dayBar(f.longDay(d.day), d.count);
                    // Tooltips open towards the middle, so the first and last days' stay inside the card.
                    const side = i < s.days.length / 2 ? "left-0" : "right-0";
                    return (
                      <li key={d.day} className="relative flex h-full min-w-0 flex-1 items-end">
                        <Link
                          href={reviewHref({ from, to })}
                          aria-label={label}
                          className="group flex h-full w-full items-end focus-visible:outline-2 focus-visible:outline-blue-600"
                        >
                          <span
                            className={`block w-full rounded-t-sm ${d.count > 0 ? "bg-blue-600 group-hover:bg-blue-800" : "bg-slate-200"}`}
                            style={{ height: d.count > 0 ? `${Math.max(3, (d.count / top) * 100)}%` : "2px" }}
                          />
                          {/* Shown on hover and on keyboard focus; the link's name already says it to screen readers. */}
                          <span
                            aria-hidden
                            className={`pointer-events-none absolute bottom-full ${side} z-10 mb-1 hidden rounded bg-slate-900 px-2 py-1 text-xs whitespace-nowrap text-white shadow group-hover:block group-focus-visible:block`}
                          >
                            {label}
                          </span>
                        </Link>
                      </li>
                    );
                  })}
                </ol>
              </div>
              <div aria-hidden className="mt-1 grid grid-cols-3 text-xs text-slate-600">
                <span>{f.day(s.days[0]?.day ?? "")}</span>
                <span className="text-center">{middle ? f.day(middle) : ""}</span>
                <span className="text-right">{f.day(s.days.at(-1)?.day ?? "")}</span>
              </div>
              <p aria-hidden className="text-center text-xs text-slate-600">
                {t.admin.overview.xAxis}
              </p>
            </div>
          </div>
        </Card>

        <OpenReports className="md:col-span-3" />
        <Card title={t.admin.overview.byKind} titleId={ids.kinds}>
          <dl className="space-y-2">
            {kindRows.map((k) => (
              <div key={k.kind} className="flex items-baseline justify-between gap-3">
                <dt className="text-sm text-slate-600">{t.admin.kinds[k.kind]}</dt>
                <dd>
                  <Link
                    href={reviewHref({ actorKind: k.kind, from: since })}
                    className={`text-lg font-semibold ${statLink}`}
                  >
                    {f.number(k.count)}
                  </Link>
                </dd>
              </div>
            ))}
          </dl>
        </Card>

        <Card title={t.admin.overview.top} titleId={ids.top}>
          {s.topConversations.length === 0 ? (
            <p className="text-sm text-slate-600">{t.admin.overview.noTop}</p>
          ) : (
            <ol className="space-y-2">
              {s.topConversations.map((c) => (
                <li key={c.id} className="flex items-baseline justify-between gap-3">
                  <span className="min-w-0 truncate text-sm text-slate-700">{c.label}</span>
                  <Link
                    href={reviewHref({ conversationId: c.id, from: since })}
                    className={`text-lg font-semibold ${statLink}`}
                    aria-label={`${c.label}: ${f.number(c.count)}`}
                  >
                    {f.number(c.count)}
                  </Link>
                </li>
              ))}
            </ol>
          )}
        </Card>

        <Card title={t.admin.overview.vault} titleId={ids.vault}>
          <dl className="space-y-2 text-sm">
            <div className="flex items-baseline justify-between gap-3">
              <dt className="text-slate-600">{t.admin.overview.vaultCount}</dt>
              <dd>
                <Link href={reviewHref({ state: "retained" })} className={`text-lg font-semibold ${statLink}`}>
                  {f.number(s.vault.count)}
                </Link>
              </dd>
            </div>
            <div className="flex items-baseline justify-between gap-3">
              <dt className="text-slate-600">{t.admin.overview.vaultSize}</dt>
              <dd className="font-medium text-slate-900">{f.bytes(s.vault.bytes)}</dd>
            </div>
            {attachments.vaultCount > 0 ? (
              <div className="flex items-baseline justify-between gap-3">
                <dt className="text-slate-600">{t.admin.overview.vaultAttachments}</dt>
                <dd className="text-right font-medium text-slate-900">
                  {t.admin.overview.vaultAttachmentsValue(
                    f.number(attachments.vaultCount),
                    f.bytes(attachments.vaultBytes),
                  )}
                </dd>
              </div>
            ) : null}
            <div className="flex items-baseline justify-between gap-3">
              <dt className="text-slate-600">{t.admin.overview.nextPurge}</dt>
              <dd className="text-right font-medium text-slate-900">
                {s.vault.nextPurgeAt ? f.dateTime(s.vault.nextPurgeAt) : t.admin.overview.nothingRetained}
              </dd>
            </div>
          </dl>
          {s.vault.retentionDays !== null ? (
            <p className="mt-3 text-xs text-slate-500">{t.admin.overview.retention(s.vault.retentionDays)}</p>
          ) : null}
        </Card>

        <Card className="md:col-span-3" title={t.admin.overview.byState} titleId={ids.all}>
          {s.allTime.total === 0 ? (
            <Empty>{t.admin.recalled.empty}</Empty>
          ) : (
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
              <StatTile label={t.admin.overview.allTime} href={reviewHref({})} value={f.number(s.allTime.total)} />
              {(["retained", "erased", "purged", "restored"] as const).map((state) => (
                <StatTile
                  key={state}
                  label={t.admin.states[state]}
                  href={reviewHref({ state })}
                  value={f.number(s.allTime.byState[state])}
                />
              ))}
              <StatTile
                label={t.admin.overview.unreviewed}
                href={reviewHref({ reviewed: false })}
                value={f.number(s.allTime.unreviewed)}
              />
            </dl>
          )}
          <div className="mt-4">
            <Link href={reviewHref({ reviewed: false })} className={button.secondary}>
              {t.admin.nav.recalled}
            </Link>
          </div>
        </Card>
      </div>
    </div>
  );
}

function StatTile({ label, value, href }: { label: string; value: string; href: string }) {
  return (
    <div className="rounded-lg bg-slate-50 px-3 py-2">
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd>
        <Link href={href} className={`text-xl font-semibold ${statLink}`}>
          {value}
        </Link>
      </dd>
    </div>
  );
}
