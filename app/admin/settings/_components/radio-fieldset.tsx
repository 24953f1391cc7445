"use client";

import { field } from "~/app/_components/styles";

/** A legend and one radio button per option, all under one group name. */
export function RadioFieldset<V extends string>({
  legend,
  name,
  options,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  options: readonly { value: V; label: string }[];
  value: V;
  onChange: (value: V) => void;
}) {
  return (
    <fieldset>
      <legend className={field.label}>{legend}</legend>
      <div className="mt-2 space-y-1.5 text-sm">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-2">
            <input type="radio" name={name} checked={value === o.value} onChange={() => onChange(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
