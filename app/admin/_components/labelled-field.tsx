"use client";

import { type ReactNode, useId } from "react";
import { field } from "~/app/_components/styles";

/** A label above its control, tied to it by a fresh id that `children` puts on the control (and its help text). */
export function LabelledField({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className={field.label}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}
