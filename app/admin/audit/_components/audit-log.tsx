"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useId } from "react";
import { button, field } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import {
  auditActions,
  auditFilterFromParams,
  auditFilterToParams,
  type AuditFilter,
} from "~/server/admin/audit-params";
import { EntityPicker } from "../../_components/entity-picker";
import { FilterForm, FilterSelect } from "../../_components/filter-form";
import { LabelledField } from "../../_components/labelled-field";
import { isRangeInvalid, pagedItems, useUrlDraft, useUrlFilter } from "../../_components/list-state";
import { LoadMoreButton, QueryState } from "../../_components/query-state";
import { Empty, PageHeader } from "../../_components/ui";
import { AuditEntries } from "./audit-entries";
import { isUuid } from "~/server/ids";

const KEYS = ["actor", "action", "target", "from", "to"] as const;

/** A malformed URL shows the whole log rather than failing the page. */
function readFilter(params: URLSearchParams): AuditFilter {
  const parsed = auditFilterFromParams(params);
  return parsed.ok ? parsed.filter : {};
}

export function AuditLog() {
  const t = useT();
  const trpc = useTRPC();
  const exportId = useId();
  const { params, filter, set, clear } = useUrlFilter({ read: readFilter, write: auditFilterToParams, keys: KEYS });

  const [target, setTarget] = useUrlDraft(filter.targetId ?? "");
  const targetInvalid = target.trim() !== "" && !isUuid(target.trim());
  const rangeInvalid = isRangeInvalid(filter);

  const list = useInfiniteQuery(
    trpc.admin.audit.list.infiniteQueryOptions(
      { ...filter, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined, enabled: !rangeInvalid },
    ),
  );
  const items = pagedItems(list.data);
  const csvQuery = auditFilterToParams(filter).toString();
  const csvHref = `/api/admin/audit.csv${csvQuery ? `?${csvQuery}` : ""}`;

  return (
    <div>
      <PageHeader title={t.admin.audit.title}>
        <div className="flex flex-col items-end gap-1">
          <a href={csvHref} download className={button.secondary} aria-describedby={exportId}>
            {t.admin.audit.exportCsv}
          </a>
          <span id={exportId} className="text-xs text-slate-500">
            {t.admin.audit.exportHint}
          </span>
        </div>
      </PageHeader>

      <FilterForm
        onSubmit={() => {
          if (!targetInvalid) set({ targetId: target.trim() || undefined });
        }}
        clearDisabled={KEYS.every((k) => !params.get(k)) && !target}
        onClear={() => {
          setTarget("");
          clear();
        }}
        range={filter}
        rangeLabels={[t.admin.audit.from, t.admin.audit.to]}
        onRange={set}
      >
        <EntityPicker
          kind="user"
          label={t.admin.audit.actor}
          value={filter.actorId ?? null}
          onChange={(v) => set({ actorId: v?.id })}
        />
        <FilterSelect
          label={t.admin.audit.action}
          value={filter.action ?? ""}
          onChange={(v) => set({ action: (v || undefined) as AuditFilter["action"] })}
          anyLabel={t.admin.audit.anyAction}
          options={auditActions.map((a) => ({ value: a, label: t.admin.audit.actions[a] }))}
        />
        <LabelledField label={t.admin.audit.target}>
          {(id) => (
            <>
              <input
                id={id}
                type="search"
                value={target}
                onChange={(e) => setTarget(e.target.value)}
                onBlur={() =>
                  !targetInvalid &&
                  target.trim() !== (filter.targetId ?? "") &&
                  set({ targetId: target.trim() || undefined })
                }
                aria-invalid={targetInvalid || undefined}
                aria-describedby={`${id}-hint`}
                spellCheck={false}
                className={`${field.input} font-mono`}
              />
              <p id={`${id}-hint`} className={targetInvalid ? field.error : field.hint}>
                {targetInvalid ? t.admin.audit.targetInvalid : t.admin.audit.targetHint}
              </p>
            </>
          )}
        </LabelledField>
      </FilterForm>

      {rangeInvalid ? null : (
        <QueryState query={list} isEmpty={() => items.length === 0} empty={<Empty>{t.admin.audit.empty}</Empty>}>
          {() => (
            <>
              <AuditEntries items={items} />
              {list.hasNextPage ? (
                <div className="mt-4">
                  <LoadMoreButton list={list} />
                </div>
              ) : null}
            </>
          )}
        </QueryState>
      )}
    </div>
  );
}
