"use client";

import { useState } from "react";

/** The set with `id` added, or removed when it was there. */
export function toggled(s: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(s);
  if (!next.delete(id)) next.add(id);
  return next;
}

/** The rows ticked for "mark reviewed": kept by id; only those still on screen count. */
export function useSelection(items: readonly { id: string }[]) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const visible = items.filter((r) => selected.has(r.id)).map((r) => r.id);
  const allSelected = items.length > 0 && visible.length === items.length;
  return {
    selected,
    visible,
    allSelected,
    toggle: (id: string) => setSelected((s) => toggled(s, id)),
    /** Tick (`on`) or untick every row of a group. */
    toggleGroup: (groupIds: string[], on: boolean) =>
      setSelected((s) => {
        const next = new Set(s);
        for (const id of groupIds) {
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      }),
    toggleAll: () => setSelected(allSelected ? new Set() : new Set(items.map((r) => r.id))),
    clear: () => setSelected(new Set()),
  };
}

export type Selection = ReturnType<typeof useSelection>;
