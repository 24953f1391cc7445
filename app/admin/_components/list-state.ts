"use client";

import { type ReadonlyURLSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { useUrlParams } from "./url-state";

/**
 * A list page's filter, kept in the URL: `read` parses it from the search params, `set` merges
 * changes and writes back the page's `keys`, `clear` removes the `clearKeys` (the filters, not the sort).
 */
export function useUrlFilter<F>({
  read,
  write,
  keys,
  clearKeys = keys,
}: {
  read: (params: ReadonlyURLSearchParams) => F;
  write: (filter: F) => URLSearchParams;
  keys: readonly string[];
  clearKeys?: readonly string[];
}) {
  const [params, update] = useUrlParams();
  const filter = useMemo(() => read(params), [read, params]);
  const set = (changes: Partial<F>) => {
    const next = write({ ...filter, ...changes });
    update(Object.fromEntries(keys.map((k) => [k, next.get(k)])));
  };
  const clear = () => update(Object.fromEntries(clearKeys.map((k) => [k, null])));
  return { params, update, filter, set, clear };
}

/** A text box's draft of a URL value: typed freely, and reset whenever the URL's value changes (back, clear). */
export function useUrlDraft(urlValue: string): [string, (value: string) => void] {
  const [draft, setDraft] = useState(urlValue);
  const [seen, setSeen] = useState(urlValue);
  if (urlValue !== seen) {
    setSeen(urlValue);
    setDraft(urlValue);
  }
  return [draft, setDraft];
}

export function isRangeInvalid(filter: { from?: Date | undefined; to?: Date | undefined }): boolean {
  return Boolean(filter.from && filter.to && filter.from > filter.to);
}

/** Every item of every page fetched so far. */
export function pagedItems<T>(data: { pages: { items: T[] }[] } | undefined): T[] {
  return data?.pages.flatMap((p) => p.items) ?? [];
}
