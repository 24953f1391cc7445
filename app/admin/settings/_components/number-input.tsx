"use client";

import { field } from "~/app/_components/styles";
import { LabelledField } from "../../_components/labelled-field";

export function NumberInput({
  label,
  hint,
  value,
  onChange,
  error,
  name,
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  error: string | null;
  name: string;
}) {
  return (
    <LabelledField label={label}>
      {(id) => (
        <>
          <input
            id={id}
            name={name}
            type="number"
            inputMode="numeric"
            step={1}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            aria-invalid={Boolean(error) || undefined}
            aria-describedby={`${id}-help`}
            className={`${field.input} max-w-[12rem]`}
          />
          <p id={`${id}-help`} className={error ? field.error : field.hint}>
            {error ?? hint}
          </p>
        </>
      )}
    </LabelledField>
  );
}
