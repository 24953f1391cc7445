"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { button, field } from "~/app/_components/styles";
import { TimeRangeFields } from "../../_components/time-range-fields";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import {
  auditActions,
  auditFilterFromParams,
  auditFilterToParams,
  type AuditFilter,
} from "~/server/admin/audit-params";
import { EntityPicker } from "../../_components/entity-picker";
import { Empty, Loading, LoadError, PageHeader } from "../../_components/ui";
import { useUrlParams } from "../../_components/url-state";
import { AuditEntries } from "./audit-entries";
import { isUuid } from "~/server/ids";

const KEYS = ["actor", "action", "target", "from", "to"] as const;

export function AuditLog() {
  const t = useT();
  const trpc = useTRPC();
  const ids = { filters: useId(), target: useId(), range: useId(), export: useId() };
  const [params, update] = useUrlParams();
  const parsed = useMemo(() => auditFilterFromParams(params), [params]);
  const filter: AuditFilter = parsed.ok ? parsed.filter : {};
  const set = (changes: Partial<AuditFilter>) => {
    const next = auditFilterToParams({ ...filter, ...changes });
    update(Object.fromEntries(KEYS.map((k) => [k, next.get(k)])));
  };

  const [target, setTarget] = useState(filter.targetId ?? "");
  const [seenTarget, setSeenTarget] = useState(filter.targetId ?? "");
  if ((filter.targetId ?? "") !== seenTarget) {
    setSeenTarget(filter.targetId ?? "");
    setTarget(filter.targetId ?? "");
  }
  const targetInvalid = target.trim() !== "" && !isUuid(target.trim());
  const rangeInvalid = Boolean(filter.from && filter.to && filter.from > filter.to);

  const list = useInfiniteQuery(
    trpc.admin.audit.list.infiniteQueryOptions(
      { ...filter, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined, enabled: !rangeInvalid },
    ),
  );
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const csvQuery = auditFilterToParams(filter).toString();
  const csvHref = `/api/admin/audit.csv${csvQuery ? `?${csvQuery}` : ""}`;

  return (
    <div>
      <PageHeader title={t.admin.audit.title}>
        <div className="flex flex-col items-end gap-1">
          <a href={csvHref} download className={button.secondary} aria-describedby={ids.export}>
            {t.admin.audit.exportCsv}
          </a>
          <span id={ids.export} className="text-xs text-slate-500">
            {t.admin.audit.exportHint}
          </span>
        </div>
      </PageHeader>

      <form
        role="search"
        aria-labelledby={ids.filters}
        onSubmit={(e) => {
          e.preventDefault();
          if (!targetInvalid) set({ targetId: target.trim() || undefined });
        }}
        className="mb-5 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      >
        <h2 id={ids.filters} className="sr-only">
          {t.admin.recalled.filters}
        </h2>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <EntityPicker
            kind="user"
            label={t.admin.audit.actor}
            value={filter.actorId ?? null}
            onChange={(v) => set({ actorId: v?.id })}
          />
          <label className={field.label}>
            {t.admin.audit.action}
            <select
              value={filter.action ?? ""}
              onChange={(e) => set({ action: (e.target.value || undefined) as AuditFilter["action"] })}
              className={field.input}
            >
              <option value="">{t.admin.audit.anyAction}</option>
              {auditActions.map((a) => (
                <option key={a} value={a}>
                  {t.admin.audit.actions[a]}
                </option>
              ))}
            </select>
          </label>
          <div>
            <label htmlFor={ids.target} className={field.label}>
              {t.admin.audit.target}
            </label>
            <input
              id={ids.target}
              type="search"
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              onBlur={() =>
                !targetInvalid &&
                target.trim() !== (filter.targetId ?? "") &&
                set({ targetId: target.trim() || undefined })
              }
              aria-invalid={targetInvalid || undefined}
              aria-describedby={`${ids.target}-hint`}
              spellCheck={false}
              className={`${field.input} font-mono`}
            />
            <p id={`${ids.target}-hint`} className={targetInvalid ? field.error : field.hint}>
              {targetInvalid ? t.admin.audit.targetInvalid : t.admin.audit.targetHint}
            </p>
          </div>
          <TimeRangeFields
            from={filter.from}
            to={filter.to}
            fromLabel={t.admin.audit.from}
            toLabel={t.admin.audit.to}
            errorId={rangeInvalid ? ids.range : undefined}
            onChange={set}
          />
          <div className="flex items-end">
            <button
              type="button"
              className={button.secondary}
              disabled={KEYS.every((k) => !params.get(k)) && !target}
              onClick={() => {
                setTarget("");
                update(Object.fromEntries(KEYS.map((k) => [k, null])));
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
        <Empty>{t.admin.audit.empty}</Empty>
      ) : (
        <>
          <AuditEntries items={items} />
          {list.hasNextPage ? (
            <div className="mt-4">
              <button
                type="button"
                className={button.secondary}
                onClick={() => void list.fetchNextPage()}
                disabled={list.isFetchingNextPage}
              >
                {list.isFetchingNextPage ? t.admin.common.loadingMore : t.admin.common.loadMore}
              </button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
