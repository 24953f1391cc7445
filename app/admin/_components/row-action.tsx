"use client";

import { button } from "~/app/_components/styles";

/** A table row's action. Every row shows the same word, so the accessible name adds the row's subject. */
export function RowAction({ label, subject, onClick }: { label: string; subject: string; onClick: () => void }) {
  return (
    <button type="button" className={button.ghost} onClick={onClick} aria-label={`${label}: ${subject}`}>
      {label}
    </button>
  );
}
