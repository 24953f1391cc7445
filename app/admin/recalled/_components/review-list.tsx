"use client";

import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { isRangeInvalid, pagedItems, useUrlDraft, useUrlFilter } from "../../_components/list-state";
import { LoadMoreButton, QueryState } from "../../_components/query-state";
import { reviewFilterFromParams, reviewFilterToParams } from "../../_components/review-params";
import { Empty, PageHeader } from "../../_components/ui";
import { REVIEW_MANY_MAX } from "~/server/admin/record-kinds";
import { ReviewFilters, sortOf } from "./review-filters";
import { toggled, useSelection } from "./review-selection";
import { ReviewTable } from "./review-table";

const PAGE = 25;
const FILTER_KEYS = ["conversation", "sender", "revoker", "kind", "reason", "from", "to", "state", "reviewed"];

export function ReviewList() {
  const t = useT();
  const trpc = useTRPC();
  const tooManyId = useId();
  const { update, filter, set, clear } = useUrlFilter({
    read: reviewFilterFromParams,
    write: reviewFilterToParams,
    keys: [...FILTER_KEYS, "sort", "dir"],
    clearKeys: FILTER_KEYS,
  });

  // The reason box types freely; the URL (and the query) follow after a pause.
  const [reason, setReason] = useUrlDraft(filter.reason ?? "");
  useEffect(() => {
    if (reason.trim() === (filter.reason ?? "")) return;
    const timer = window.setTimeout(() => update({ reason: reason.trim() || null }), 350);
    return () => window.clearTimeout(timer);
  }, [reason, filter.reason, update]);

  const rangeInvalid = isRangeInvalid(filter);
  const { sort: _sort, dir: _dir, ...where } = filter;
  const { sort, dir } = sortOf(filter);
  const list = useInfiniteQuery(
    trpc.admin.recalled.list.infiniteQueryOptions(
      { ...where, sort, dir, limit: PAGE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined, enabled: !rangeInvalid },
    ),
  );
  const items = pagedItems(list.data);
  const total = list.data?.pages[0]?.total ?? null;

  // Bulk "mark reviewed": the selection holds ids of rows on screen; the server re-checks each.
  const selection = useSelection(items);
  const visibleSelected = selection.visible;
  const [bulkNote, setBulkNote] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const tooMany = visibleSelected.length > REVIEW_MANY_MAX;
  const reviewMany = useMutation(
    trpc.admin.recalled.reviewMany.mutationOptions({
      onSuccess: (res) => {
        selection.clear();
        setBulkNote({ tone: "ok", text: t.admin.recalled.bulkReviewed(res.reviewed) });
        void list.refetch();
      },
      onError: (error) => setBulkNote({ tone: "error", text: error.message }),
    }),
  );
  const anyFilter = Object.entries(where).some(([, v]) => v !== undefined);

  return (
    <div>
      <PageHeader title={t.admin.recalled.title}>
        {total !== null ? <p className="text-sm text-slate-600">{t.admin.common.count(total)}</p> : null}
      </PageHeader>

      <ReviewFilters
        filter={filter}
        set={set}
        reason={reason}
        onReason={setReason}
        onSubmit={() => update({ reason: reason.trim() || null })}
        clearDisabled={!anyFilter && !reason}
        onClear={() => {
          setReason("");
          clear();
        }}
      />

      {rangeInvalid ? null : (
        <QueryState query={list} isEmpty={() => items.length === 0} empty={<Empty>{t.admin.recalled.empty}</Empty>}>
          {() => (
            <>
              <div className="mb-2 flex flex-wrap items-center gap-3">
                <button
                  type="button"
                  className={button.secondary}
                  disabled={visibleSelected.length === 0 || tooMany || reviewMany.isPending}
                  aria-describedby={tooMany ? tooManyId : undefined}
                  onClick={() => reviewMany.mutate({ messageIds: visibleSelected })}
                >
                  {t.admin.recalled.markSelectedReviewed(visibleSelected.length)}
                </button>
                {tooMany ? (
                  <p id={tooManyId} className="text-sm text-red-700">
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
              <ReviewTable
                items={items}
                hasNextPage={list.hasNextPage}
                selection={selection}
                expanded={expanded}
                sort={sort}
                dir={dir}
                onSort={(nextSort, nextDir) => set({ sort: nextSort, dir: nextDir })}
                onExpand={(key) => setExpanded((s) => toggled(s, key))}
              />
              <div className="mt-4 flex flex-wrap items-center gap-3">
                {total !== null ? (
                  <p className="text-sm text-slate-600">{t.admin.common.shown(items.length, total)}</p>
                ) : null}
                <LoadMoreButton list={list} />
              </div>
            </>
          )}
        </QueryState>
      )}
    </div>
  );
}
