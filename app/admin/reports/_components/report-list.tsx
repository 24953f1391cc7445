"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { field } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { FilterForm, FilterSelect, OptionList } from "../../_components/filter-form";
import { pagedItems, useUrlFilter } from "../../_components/list-state";
import { LoadMoreButton, QueryState } from "../../_components/query-state";
import { Empty, PageHeader } from "../../_components/ui";
import {
  REPORT_FILTER_KEYS,
  reportCategories,
  type ReportFilter,
  reportFilterFromParams,
  reportFilterToParams,
  reportStatuses,
} from "./report-params";
import { ReportTable } from "./report-table";

const PAGE = 25;

/** The moderation queue: reported messages (never their text), open ones by default, filters in the URL. */
export function ReportList() {
  const t = useT();
  const trpc = useTRPC();
  const { filter, set, clear } = useUrlFilter({
    read: reportFilterFromParams,
    write: reportFilterToParams,
    keys: REPORT_FILTER_KEYS,
  });
  const status = filter.status ?? "open";
  const list = useInfiniteQuery(
    trpc.admin.reports.list.infiniteQueryOptions(
      { status, category: filter.category, limit: PAGE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const items = pagedItems(list.data);

  return (
    <div>
      <PageHeader title={t.admin.reports.title} />
      <FilterForm onSubmit={() => {}} clearDisabled={!filter.status && !filter.category} onClear={clear}>
        <label className={field.label}>
          {t.admin.reports.status}
          <select
            value={status}
            onChange={(e) =>
              set({ status: e.target.value === "open" ? undefined : (e.target.value as ReportFilter["status"]) })
            }
            className={field.input}
          >
            <OptionList options={reportStatuses.map((s) => ({ value: s, label: t.admin.reports.statuses[s] }))} />
          </select>
        </label>
        <FilterSelect
          label={t.admin.reports.category}
          value={filter.category ?? ""}
          onChange={(v) => set({ category: (v || undefined) as ReportFilter["category"] })}
          anyLabel={t.admin.common.any}
          options={reportCategories.map((c) => ({ value: c, label: t.admin.reports.categories[c] }))}
        />
      </FilterForm>

      <QueryState query={list} isEmpty={() => items.length === 0} empty={<Empty>{t.admin.reports.empty}</Empty>}>
        {() => (
          <>
            <p className="mb-2 text-xs text-slate-600 md:hidden">{t.admin.common.scrollHint}</p>
            <ReportTable items={items} />
            <div className="mt-4">
              <LoadMoreButton list={list} />
            </div>
          </>
        )}
      </QueryState>
    </div>
  );
}
