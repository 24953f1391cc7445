"use client";

import { type ReactNode, useId } from "react";
import { button, field } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { isRangeInvalid } from "./list-state";
import { TimeRangeFields } from "./time-range-fields";

type Range = { from?: Date | undefined; to?: Date | undefined };

/**
 * A list page's filter panel: a search landmark with a hidden heading; in a grid the caller's fields,
 * the time range (when the list has one), `afterRange` and a "clear filters" button; under it the
 * range error while from > to.
 */
export function FilterForm({
  range,
  rangeLabels,
  onRange,
  afterRange,
  onSubmit,
  clearDisabled,
  onClear,
  children,
}: {
  range?: Range;
  rangeLabels?: readonly [from: string, to: string];
  onRange?: (range: Range) => void;
  afterRange?: ReactNode;
  onSubmit: () => void;
  clearDisabled: boolean;
  onClear: () => void;
  children: ReactNode;
}) {
  const t = useT();
  const headingId = useId();
  const rangeId = useId();
  const rangeErrorId = range && isRangeInvalid(range) ? rangeId : undefined;
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
        {range && rangeLabels && onRange ? (
          <TimeRangeFields
            from={range.from}
            to={range.to}
            fromLabel={rangeLabels[0]}
            toLabel={rangeLabels[1]}
            errorId={rangeErrorId}
            onChange={onRange}
          />
        ) : null}
        {afterRange}
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

/** A select's options, each value with its label. */
export function OptionList({ options }: { options: readonly { value: string; label: string }[] }) {
  return (
    <>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </>
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
        <OptionList options={options} />
      </select>
    </label>
  );
}
