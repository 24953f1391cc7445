"use client";

import { useT } from "~/app/_i18n/provider";
import { groupRecords } from "./recall-groups";
import { type SortColumn, type SortDir } from "./review-filters";
import { GroupRow, RecordRow, type ReviewItem } from "./review-rows";
import { type Selection } from "./review-selection";

const th = "px-2 py-2 font-semibold lg:px-3";

/** The recalled messages, one action's messages folded into a group row, with sortable time columns. */
export function ReviewTable({
  items,
  hasNextPage,
  selection,
  expanded,
  sort,
  dir,
  onSort,
  onExpand,
}: {
  items: ReviewItem[];
  hasNextPage: boolean;
  selection: Selection;
  expanded: ReadonlySet<string>;
  sort: SortColumn;
  dir: SortDir;
  onSort: (sort: SortColumn, dir: SortDir) => void;
  onExpand: (key: string) => void;
}) {
  const t = useT();
  const runs = groupRecords(items);

  const sortHeader = (column: SortColumn, label: string, className = "") => {
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
          onClick={() => onSort(column, nextDir)}
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
  const row = (r: ReviewItem) => (
    <RecordRow key={r.id} r={r} selected={selection.selected.has(r.id)} onToggle={() => selection.toggle(r.id)} />
  );

  return (
    <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="w-full min-w-[40rem] text-left text-sm">
        <caption className="sr-only">{t.admin.recalled.tableLabel}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
          <tr>
            <th scope="col" className={th}>
              <input
                type="checkbox"
                aria-label={t.admin.recalled.selectAll}
                checked={selection.allSelected}
                onChange={selection.toggleAll}
                className="h-4 w-4"
              />
            </th>
            {sortHeader("recalledAt", t.admin.recalled.recalledAt)}
            {sortHeader("sentAt", t.admin.recalled.sentAt, "hidden lg:table-cell")}
            {[
              t.admin.recalled.conversation,
              t.admin.recalled.sender,
              t.admin.recalled.revoker,
              t.admin.detail.reason,
              t.admin.recalled.state,
              t.admin.recalled.reviewed,
            ].map((label) => (
              <th key={label} scope="col" className={th}>
                {label}
              </th>
            ))}
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
          const groupIds = rows.map((x) => x.id);
          const chosen = groupIds.filter((id) => selection.selected.has(id)).length;
          const open = expanded.has(run.key);
          return (
            <tbody key={run.key} className="divide-y divide-slate-100 border-t border-slate-200">
              <GroupRow
                rows={rows}
                // The last group on screen may go on in the next page.
                more={run === runs.at(-1) && hasNextPage}
                chosen={chosen}
                open={open}
                onSelect={() => selection.toggleGroup(groupIds, chosen < rows.length)}
                onOpen={() => onExpand(run.key)}
              />
              {open ? rows.map((x) => row(x)) : null}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}
