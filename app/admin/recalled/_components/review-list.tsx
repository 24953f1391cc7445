"use client";

import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useMemo, useState } from "react";
import { button, field } from "~/app/_components/styles";
import { TimeRangeFields } from "../../_components/time-range-fields";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { EntityPicker } from "../../_components/entity-picker";
import { useFormat } from "../../_components/format";
import {
  actorKinds,
  recordStates,
  reviewFilterFromParams,
  reviewFilterToParams,
  type ReviewFilter,
} from "../../_components/review-params";
import { Badge, Empty, Loading, LoadError, PageHeader, StateBadge } from "../../_components/ui";
import { useUrlParams } from "../../_components/url-state";
import { REVIEW_MANY_MAX } from "~/server/admin/record-kinds";
import { groupRecords } from "./recall-groups";

const PAGE = 25;
const th = "px-2 py-2 font-semibold lg:px-3";

/** The set with `id` added, or removed when it was there. */
function toggled(s: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(s);
  if (!next.delete(id)) next.add(id);
  return next;
}
const td = "px-2 py-2 lg:px-3";

export function ReviewList() {
  const t = useT();
  const trpc = useTRPC();
  const f = useFormat();
  const ids = { filters: useId(), range: useId() };
  const [params, update] = useUrlParams();
  const filter = useMemo(() => reviewFilterFromParams(params), [params]);
  const set = (changes: Partial<ReviewFilter>) => {
    const next = reviewFilterToParams({ ...filter, ...changes });
    update(
      Object.fromEntries(
        ["conversation", "sender", "revoker", "kind", "reason", "from", "to", "state", "reviewed", "sort", "dir"].map(
          (k) => [k, next.get(k)],
        ),
      ),
    );
  };

  // The reason box types freely; the URL (and the query) follow after a pause.
  const [reason, setReason] = useState(filter.reason ?? "");
  const [seenReason, setSeenReason] = useState(filter.reason ?? "");
  if ((filter.reason ?? "") !== seenReason) {
    setSeenReason(filter.reason ?? "");
    setReason(filter.reason ?? "");
  }
  useEffect(() => {
    if (reason.trim() === (filter.reason ?? "")) return;
    const timer = window.setTimeout(() => update({ reason: reason.trim() || null }), 350);
    return () => window.clearTimeout(timer);
  }, [reason, filter.reason, update]);

  const rangeInvalid = Boolean(filter.from && filter.to && filter.from > filter.to);
  const { sort = "recalledAt", dir = "desc", ...where } = filter;
  const list = useInfiniteQuery(
    trpc.admin.recalled.list.infiniteQueryOptions(
      { ...where, sort, dir, limit: PAGE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined, enabled: !rangeInvalid },
    ),
  );
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.total ?? null;

  // Bulk "mark reviewed": the selection holds ids of rows on screen; the server re-checks each.
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [bulkNote, setBulkNote] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const visibleSelected = items.filter((r) => selected.has(r.id)).map((r) => r.id);
  const allSelected = items.length > 0 && visibleSelected.length === items.length;
  const toggle = (id: string) => setSelected((s) => toggled(s, id));
  const toggleAll = (groupIds: string[], on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const id of groupIds) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  const runs = groupRecords(items);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const tooMany = visibleSelected.length > REVIEW_MANY_MAX;
  const reviewMany = useMutation(
    trpc.admin.recalled.reviewMany.mutationOptions({
      onSuccess: (res) => {
        setSelected(new Set());
        setBulkNote({ tone: "ok", text: t.admin.recalled.bulkReviewed(res.reviewed) });
        void list.refetch();
      },
      onError: (error) => setBulkNote({ tone: "error", text: error.message }),
    }),
  );
  const anyFilter = Object.entries(where).some(([, v]) => v !== undefined);

  const row = (r: (typeof items)[number]) => (
    <tr key={r.id} className="align-top hover:bg-slate-50">
      <td className={td}>
        <input
          type="checkbox"
          aria-label={t.admin.recalled.selectRow(r.sender.name, f.dateTime(r.revokedAt))}
          checked={selected.has(r.id)}
          onChange={() => toggle(r.id)}
          className="h-4 w-4"
        />
      </td>
      <td className={`${td} whitespace-nowrap`}>
        <Link
          href={`/admin/recalled/${r.id}`}
          aria-label={t.admin.recalled.openLabel(r.sender.name, f.dateTime(r.revokedAt))}
          className={button.link}
        >
          <time dateTime={r.revokedAt.toISOString()}>{f.dateTime(r.revokedAt)}</time>
        </Link>
        <div className="text-xs text-slate-500 lg:hidden">
          {t.admin.recalled.sentAt}: <time dateTime={r.createdAt.toISOString()}>{f.dateTime(r.createdAt)}</time>
        </div>
      </td>
      <td className={`${td} hidden whitespace-nowrap text-slate-600 lg:table-cell`}>
        <time dateTime={r.createdAt.toISOString()}>{f.dateTime(r.createdAt)}</time>
      </td>
      <td className={`${td} max-w-[7rem] truncate lg:max-w-[12rem]`} title={r.conversationLabel}>
        {r.conversationLabel}
      </td>
      <td className={td}>{r.sender.name}</td>
      <td className={td}>
        <div className="whitespace-nowrap">{r.revoker?.name ?? t.admin.common.none}</div>
        {r.revokerKind ? (
          <div className="text-xs whitespace-nowrap text-slate-500">{t.admin.kinds[r.revokerKind]}</div>
        ) : null}
      </td>
      <td className={`${td} max-w-[11rem] text-slate-700 lg:max-w-[16rem]`}>
        <span className="line-clamp-2 break-words">{r.reason ?? t.admin.common.none}</span>
      </td>
      <td className={td}>
        <StateBadge state={r.state} />
      </td>
      <td className={td}>
        {r.review ? (
          <>
            <Badge>{t.admin.recalled.reviewedBadge}</Badge>
            <div className="text-xs whitespace-nowrap text-slate-600">
              {r.review.by} · <time dateTime={r.review.at.toISOString()}>{f.dateTime(r.review.at)}</time>
            </div>
          </>
        ) : (
          <span className="text-xs text-slate-600">{t.admin.recalled.notReviewed}</span>
        )}
      </td>
    </tr>
  );

  const sortHeader = (column: "recalledAt" | "sentAt", label: string, className = "") => {
    const activeSort = sort === column;
    const nextDir = activeSort && dir === "desc" ? "asc" : "desc";
    return (
      <th
        scope="col"
        aria-sort={activeSort ? (dir === "asc" ? "ascending" : "descending") : "none"}
        className={`px-2 py-2 lg:px-3 ${className}`}
      >
        <button
          type="button"
          onClick={() => set({ sort: column, dir: nextDir })}
          aria-label={nextDir === "asc" ? t.admin.recalled.sortAsc(label) : t.admin.recalled.sortDesc(label)}
          className="inline-flex items-center gap-1 rounded font-semibold hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600"
        >
          {label}
          <span aria-hidden className={activeSort ? "text-blue-700" : "text-slate-300"}>
            {activeSort && dir === "asc" ? "▲" : "▼"}
          </span>
        </button>
      </th>
    );
  };

  return (
    <div>
      <PageHeader title={t.admin.recalled.title}>
        {total !== null ? <p className="text-sm text-slate-600">{t.admin.common.count(total)}</p> : null}
      </PageHeader>

      <form
        role="search"
        aria-labelledby={ids.filters}
        onSubmit={(e) => {
          e.preventDefault();
          update({ reason: reason.trim() || null });
        }}
        className="mb-5 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      >
        <h2 id={ids.filters} className="sr-only">
          {t.admin.recalled.filters}
        </h2>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <EntityPicker
            kind="conversation"
            label={t.admin.recalled.conversation}
            value={filter.conversationId ?? null}
            onChange={(v) => set({ conversationId: v?.id })}
          />
          <EntityPicker
            kind="user"
            label={t.admin.recalled.sender}
            value={filter.senderId ?? null}
            onChange={(v) => set({ senderId: v?.id })}
          />
          <EntityPicker
            kind="user"
            label={t.admin.recalled.revoker}
            value={filter.revokerId ?? null}
            onChange={(v) => set({ revokerId: v?.id })}
          />
          <label className={field.label}>
            {t.admin.recalled.reason}
            <input
              type="search"
              value={reason}
              maxLength={200}
              onChange={(e) => setReason(e.target.value)}
              className={field.input}
            />
          </label>
          <label className={field.label}>
            {t.admin.recalled.kind}
            <select
              value={filter.actorKind ?? ""}
              onChange={(e) => set({ actorKind: (e.target.value || undefined) as ReviewFilter["actorKind"] })}
              className={field.input}
            >
              <option value="">{t.admin.common.any}</option>
              {actorKinds.map((k) => (
                <option key={k} value={k}>
                  {t.admin.kinds[k]}
                </option>
              ))}
            </select>
          </label>
          <div className="grid grid-cols-2 gap-3">
            <label className={field.label}>
              {t.admin.recalled.state}
              <select
                value={filter.state ?? ""}
                onChange={(e) => set({ state: (e.target.value || undefined) as ReviewFilter["state"] })}
                className={field.input}
              >
                <option value="">{t.admin.common.any}</option>
                {recordStates.map((s) => (
                  <option key={s} value={s}>
                    {t.admin.states[s]}
                  </option>
                ))}
              </select>
            </label>
            <label className={field.label}>
              {t.admin.recalled.review}
              <select
                value={filter.reviewed === undefined ? "" : filter.reviewed ? "yes" : "no"}
                onChange={(e) => set({ reviewed: e.target.value === "" ? undefined : e.target.value === "yes" })}
                className={field.input}
              >
                <option value="">{t.admin.common.any}</option>
                <option value="yes">{t.admin.recalled.reviewed}</option>
                <option value="no">{t.admin.recalled.notReviewed}</option>
              </select>
            </label>
          </div>
          <TimeRangeFields
            from={filter.from}
            to={filter.to}
            fromLabel={t.admin.recalled.from}
            toLabel={t.admin.recalled.to}
            errorId={rangeInvalid ? ids.range : undefined}
            onChange={set}
          />
          <label className={`${field.label} lg:hidden`}>
            {t.admin.recalled.sortLabel}
            <select
              value={`${sort}:${dir}`}
              onChange={(e) => {
                const [nextSort, nextDir] = e.target.value.split(":") as ["recalledAt" | "sentAt", "asc" | "desc"];
                set({ sort: nextSort, dir: nextDir });
              }}
              className={field.input}
            >
              {(["recalledAt", "sentAt"] as const).flatMap((column) =>
                (["desc", "asc"] as const).map((d) => {
                  const label = column === "recalledAt" ? t.admin.recalled.recalledAt : t.admin.recalled.sentAt;
                  return (
                    <option key={`${column}:${d}`} value={`${column}:${d}`}>
                      {d === "desc" ? t.admin.recalled.sortDesc(label) : t.admin.recalled.sortAsc(label)}
                    </option>
                  );
                }),
              )}
            </select>
          </label>
          <div className="flex items-end">
            <button
              type="button"
              className={button.secondary}
              disabled={!anyFilter && !reason}
              onClick={() => {
                setReason("");
                update(
                  Object.fromEntries(
                    ["conversation", "sender", "revoker", "kind", "reason", "from", "to", "state", "reviewed"].map(
                      (k) => [k, null],
                    ),
                  ),
                );
              }}
            >
              {t.admin.recalled.clearFilters}
            </button>
          </div>
        </div>
        {rangeInvalid ? (
          <p id={ids.range} role="alert" className={field.error}>
            {t.admin.common.rangeError}
          </p>
        ) : null}
      </form>

      {rangeInvalid ? null : list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Empty>{t.admin.recalled.empty}</Empty>
      ) : (
        <>
          <div className="mb-2 flex flex-wrap items-center gap-3">
            <button
              type="button"
              className={button.secondary}
              disabled={visibleSelected.length === 0 || tooMany || reviewMany.isPending}
              aria-describedby={tooMany ? `${ids.filters}-too-many` : undefined}
              onClick={() => reviewMany.mutate({ messageIds: visibleSelected })}
            >
              {t.admin.recalled.markSelectedReviewed(visibleSelected.length)}
            </button>
            {tooMany ? (
              <p id={`${ids.filters}-too-many`} className="text-sm text-red-700">
                {t.admin.recalled.tooManySelected(REVIEW_MANY_MAX)}
              </p>
            ) : null}
            {bulkNote ? (
              <p
                role={bulkNote.tone === "error" ? "alert" : "status"}
                className={`text-sm ${bulkNote.tone === "error" ? "text-red-700" : "text-emerald-800"}`}
              >
                {bulkNote.text}
              </p>
            ) : null}
            <p className="text-xs text-slate-600 md:hidden">{t.admin.common.scrollHint}</p>
          </div>
          <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
            <table className="w-full min-w-[40rem] text-left text-sm">
              <caption className="sr-only">{t.admin.recalled.tableLabel}</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
                <tr>
                  <th scope="col" className={th}>
                    <input
                      type="checkbox"
                      aria-label={t.admin.recalled.selectAll}
                      checked={allSelected}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((r) => r.id)))}
                      className="h-4 w-4"
                    />
                  </th>
                  {sortHeader("recalledAt", t.admin.recalled.recalledAt)}
                  {sortHeader("sentAt", t.admin.recalled.sentAt, "hidden lg:table-cell")}
                  <th scope="col" className={th}>
                    {t.admin.recalled.conversation}
                  </th>
                  <th scope="col" className={th}>
                    {t.admin.recalled.sender}
                  </th>
                  <th scope="col" className={th}>
                    {t.admin.recalled.revoker}
                  </th>
                  <th scope="col" className={th}>
                    {t.admin.detail.reason}
                  </th>
                  <th scope="col" className={th}>
                    {t.admin.recalled.state}
                  </th>
                  <th scope="col" className={th}>
                    {t.admin.recalled.reviewed}
                  </th>
                </tr>
              </thead>
              {runs.map((run) => {
                if (run.kind === "one")
                  return (
                    <tbody key={run.record.id} className="border-t border-slate-100">
                      {row(run.record)}
                    </tbody>
                  );
                const rows = run.records;
                const first = rows[0]!;
                const groupIds = rows.map((x) => x.id);
                const chosen = groupIds.filter((id) => selected.has(id)).length;
                const open = expanded.has(run.key);
                const reviewedCount = rows.filter((x) => x.review).length;
                const conversations = new Set(rows.map((x) => x.conversationId)).size;
                // The last group on screen may go on in the next page.
                const more = run === runs.at(-1) && list.hasNextPage;
                const label = t.admin.recalled.group(rows.length, more, first.sender.name, f.dateTime(first.revokedAt));
                return (
                  <tbody key={run.key} className="divide-y divide-slate-100 border-t border-slate-200">
                    <tr className="bg-slate-50 align-top">
                      <td className={td}>
                        <input
                          type="checkbox"
                          aria-label={t.admin.recalled.selectGroup(label)}
                          checked={chosen === rows.length}
                          ref={(el) => {
                            if (el) el.indeterminate = chosen > 0 && chosen < rows.length;
                          }}
                          onChange={() => toggleAll(groupIds, chosen < rows.length)}
                          className="h-4 w-4"
                        />
                      </td>
                      <td className={`${td} whitespace-nowrap`}>
                        <time dateTime={first.revokedAt.toISOString()}>{f.dateTime(first.revokedAt)}</time>
                        <div className="text-xs font-medium text-slate-700">
                          {t.admin.recalled.together(rows.length, more)}
                        </div>
                        <button
                          type="button"
                          aria-expanded={open}
                          aria-label={open ? t.admin.recalled.hideEach(label) : t.admin.recalled.showEach(label)}
                          onClick={() => setExpanded((s) => toggled(s, run.key))}
                          className={`${button.link} text-xs`}
                        >
                          {open ? t.admin.recalled.hide : t.admin.recalled.show}
                        </button>
                      </td>
                      <td className={`${td} hidden lg:table-cell`} />
                      <td
                        className={`${td} max-w-[7rem] truncate lg:max-w-[12rem]`}
                        title={conversations === 1 ? first.conversationLabel : undefined}
                      >
                        {conversations === 1 ? first.conversationLabel : t.admin.recalled.conversations(conversations)}
                      </td>
                      <td className={td}>{first.sender.name}</td>
                      <td className={td}>
                        <div className="whitespace-nowrap">{first.revoker?.name ?? t.admin.common.none}</div>
                        {first.revokerKind ? (
                          <div className="text-xs whitespace-nowrap text-slate-600">
                            {t.admin.kinds[first.revokerKind]}
                          </div>
                        ) : null}
                      </td>
                      <td className={`${td} max-w-[11rem] text-slate-700 lg:max-w-[16rem]`}>
                        <span className="line-clamp-2 break-words">{first.reason ?? t.admin.common.none}</span>
                      </td>
                      <td className={td}>
                        <StateBadge state={first.state} />
                      </td>
                      <td className={td}>
                        {reviewedCount === rows.length ? (
                          <Badge>{t.admin.recalled.reviewedBadge}</Badge>
                        ) : (
                          <span className="text-xs text-slate-600">
                            {reviewedCount === 0
                              ? t.admin.recalled.notReviewed
                              : t.admin.recalled.someReviewed(reviewedCount, rows.length)}
                          </span>
                        )}
                      </td>
                    </tr>
                    {open ? rows.map((x) => row(x)) : null}
                  </tbody>
                );
              })}
            </table>
          </div>
          <div className="mt-4 flex flex-wrap items-center gap-3">
            {total !== null ? (
              <p className="text-sm text-slate-600">{t.admin.common.shown(items.length, total)}</p>
            ) : null}
            {list.hasNextPage ? (
              <button
                type="button"
                className={button.secondary}
                onClick={() => void list.fetchNextPage()}
                disabled={list.isFetchingNextPage}
              >
                {list.isFetchingNextPage ? t.admin.common.loadingMore : t.admin.common.loadMore}
              </button>
            ) : null}
          </div>
        </>
      )}
    </div>
  );
}
