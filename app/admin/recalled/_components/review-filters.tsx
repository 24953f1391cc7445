"use client";

import { field } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { EntityPicker } from "../../_components/entity-picker";
import { FilterForm, FilterSelect } from "../../_components/filter-form";
import { actorKinds, recordStates, type ReviewFilter } from "../../_components/review-params";

export type SortColumn = "recalledAt" | "sentAt";
export type SortDir = "asc" | "desc";

/** The list's order: newest recall first unless the URL says otherwise. */
export function sortOf(filter: ReviewFilter): { sort: SortColumn; dir: SortDir } {
  return { sort: filter.sort ?? "recalledAt", dir: filter.dir ?? "desc" };
}

/** The review list's filters; the sort select stands in for the sortable headers on small screens. */
export function ReviewFilters({
  filter,
  set,
  reason,
  onReason,
  onSubmit,
  clearDisabled,
  onClear,
}: {
  filter: ReviewFilter;
  set: (changes: Partial<ReviewFilter>) => void;
  reason: string;
  onReason: (reason: string) => void;
  onSubmit: () => void;
  clearDisabled: boolean;
  onClear: () => void;
}) {
  const t = useT();
  const { sort, dir } = sortOf(filter);
  return (
    <FilterForm
      onSubmit={onSubmit}
      clearDisabled={clearDisabled}
      onClear={onClear}
      range={filter}
      rangeLabels={[t.admin.recalled.from, t.admin.recalled.to]}
      onRange={set}
      afterRange={
        <label className={`${field.label} lg:hidden`}>
          {t.admin.recalled.sortLabel}
          <select
            value={`${sort}:${dir}`}
            onChange={(e) => {
              const [nextSort, nextDir] = e.target.value.split(":") as [SortColumn, SortDir];
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
      }
    >
      {(
        [
          ["conversationId", "conversation", t.admin.recalled.conversation],
          ["senderId", "user", t.admin.recalled.sender],
          ["revokerId", "user", t.admin.recalled.revoker],
        ] as const
      ).map(([key, kind, label]) => (
        <EntityPicker
          key={key}
          kind={kind}
          label={label}
          value={filter[key] ?? null}
          onChange={(v) => set({ [key]: v?.id })}
        />
      ))}
      <label className={field.label}>
        {t.admin.recalled.reason}
        <input
          type="search"
          value={reason}
          maxLength={200}
          onChange={(e) => onReason(e.target.value)}
          className={field.input}
        />
      </label>
      <FilterSelect
        label={t.admin.recalled.kind}
        value={filter.actorKind ?? ""}
        onChange={(v) => set({ actorKind: (v || undefined) as ReviewFilter["actorKind"] })}
        anyLabel={t.admin.common.any}
        options={actorKinds.map((k) => ({ value: k, label: t.admin.kinds[k] }))}
      />
      <div className="grid grid-cols-2 gap-3">
        <FilterSelect
          label={t.admin.recalled.state}
          value={filter.state ?? ""}
          onChange={(v) => set({ state: (v || undefined) as ReviewFilter["state"] })}
          anyLabel={t.admin.common.any}
          options={recordStates.map((s) => ({ value: s, label: t.admin.states[s] }))}
        />
        <FilterSelect
          label={t.admin.recalled.review}
          value={filter.reviewed === undefined ? "" : filter.reviewed ? "yes" : "no"}
          onChange={(v) => set({ reviewed: v === "" ? undefined : v === "yes" })}
          anyLabel={t.admin.common.any}
          options={[
            { value: "yes", label: t.admin.recalled.reviewed },
            { value: "no", label: t.admin.recalled.notReviewed },
          ]}
        />
      </div>
    </FilterForm>
  );
}
