"use client";

import { type FocusEvent, type KeyboardEvent, type RefObject, useCallback, useState } from "react";

/**
 * Roving focus over the message log: the row that holds the list's one Tab stop, arrow keys
 * between rows, and the tip runs the reader opened.
 */
export function useRovingRows(scrollRef: RefObject<HTMLDivElement | null>) {
  const [activeRow, setActiveRow] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());

  const expand = useCallback(
    (firstId: string) => {
      setExpanded((s) => new Set(s).add(firstId));
      setActiveRow(firstId);
      window.setTimeout(
        () => scrollRef.current?.querySelector<HTMLElement>(`[data-row="${CSS.escape(firstId)}"]`)?.focus(),
        0,
      );
    },
    [scrollRef],
  );

  // Arrow keys move between rows; Tab leaves the list (to the composer).
  const onRowKey = (e: KeyboardEvent<HTMLElement>) => {
    const target = e.target as HTMLElement;
    if (target.tagName !== "ARTICLE") return;
    const items = [...(scrollRef.current?.querySelectorAll<HTMLElement>("article[data-row]") ?? [])];
    const i = items.indexOf(target);
    const to = { ArrowUp: i - 1, ArrowDown: i + 1, Home: 0, End: items.length - 1 }[e.key];
    if (to === undefined || i < 0) return;
    e.preventDefault();
    items[Math.max(0, Math.min(items.length - 1, to))]?.focus();
  };

  const onRowFocus = (e: FocusEvent<HTMLElement>) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>("article[data-row]");
    if (row?.dataset.row && !row.dataset.row.startsWith("p:")) setActiveRow(row.dataset.row);
  };

  return { activeRow, expanded, expand, onRowKey, onRowFocus };
}
