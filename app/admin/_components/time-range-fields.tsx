"use client";

import { field } from "~/app/_components/styles";
import { fromLocalInput, toLocalInput } from "./review-params";

/**
 * The "from / to" pair of local date-time inputs the console's filters and bulk recall share.
 * `to` covers its whole minute, so a range ending 10:05 includes 10:05:59.
 */
export function TimeRangeFields(props: {
  from: Date | undefined;
  to: Date | undefined;
  fromLabel: string;
  toLabel: string;
  /** Set when the range is invalid: marks both inputs and points them at the error text. */
  errorId?: string;
  onChange: (range: { from?: Date | undefined; to?: Date | undefined }) => void;
}) {
  const invalid = { "aria-invalid": props.errorId ? true : undefined, "aria-describedby": props.errorId };
  return (
    <>
      <label className={field.label}>
        {props.fromLabel}
        <input
          type="datetime-local"
          value={toLocalInput(props.from)}
          onChange={(e) => props.onChange({ from: fromLocalInput(e.target.value) })}
          {...invalid}
          className={field.input}
        />
      </label>
      <label className={field.label}>
        {props.toLabel}
        <input
          type="datetime-local"
          value={toLocalInput(props.to)}
          onChange={(e) => props.onChange({ to: fromLocalInput(e.target.value, true) })}
          {...invalid}
          className={field.input}
        />
      </label>
    </>
  );
}
