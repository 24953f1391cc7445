"use client";

import { type ReactNode, useId } from "react";
import { button, field } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";

/**
 * A list page's filter panel: a search landmark with a hidden heading, the caller's fields in a grid,
 * a "clear filters" button last, and the range error under the grid while `rangeErrorId` is set.
 */
export function FilterForm({
  onSubmit,
  clearDisabled,
  onClear,
  rangeErrorId,
  children,
}: {
  onSubmit: () => void;
  clearDisabled: boolean;
  onClear: () => void;
  rangeErrorId: string | undefined;
  children: ReactNode;
}) {
  const t = useT();
  const headingId = useId();
  return (
    <form
      role="search"
      aria-labelledby={headingId}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
      className="mb-5 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 id={headingId} className="sr-only">
        {t.admin.recalled.filters}
      </h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {children}
        <div className="flex items-end">
          <button type="button" className={button.secondary} disabled={clearDisabled} onClick={onClear}>
            {t.admin.recalled.clearFilters}
          </button>
        </div>
      </div>
      {rangeErrorId ? (
        <p id={rangeErrorId} role="alert" className={field.error}>
          {t.admin.common.rangeError}
        </p>
      ) : null}
    </form>
  );
}

/** A filter's select: "any" (the empty value) first, then the options. */
export function FilterSelect({
  label,
  value,
  onChange,
  anyLabel,
  options,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  anyLabel: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <label className={field.label}>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} className={field.input}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
