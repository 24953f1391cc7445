"use client";

import { type ReactNode } from "react";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { Loading, LoadError } from "./ui";

/** What a query result needs to be shown as loading, failed, empty or its data. */
export interface Loadable<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
}

/**
 * The console's one way to show a query: a spinner while pending, the error with a retry, the
 * `empty` view when `isEmpty` says there is nothing, else `children` with the data.
 */
export function QueryState<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: Loadable<T>;
  isEmpty: (data: T) => boolean;
  empty: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data === undefined) return null;
  return isEmpty(query.data) ? empty : children(query.data);
}

/** The button under a paged list that fetches its next page; nothing when there is none. */
export function LoadMoreButton({
  list,
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  const t = useT();
  if (!list.hasNextPage) return null;
  return (
    <button
      type="button"
      className={button.secondary}
      onClick={() => void list.fetchNextPage()}
      disabled={list.isFetchingNextPage}
    >
      {list.isFetchingNextPage ? t.admin.common.loadingMore : t.admin.common.loadMore}
    </button>
  );
}
