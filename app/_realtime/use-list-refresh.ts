"use client";

import { type QueryClient, type QueryKey } from "@tanstack/react-query";
import { type RefObject, useCallback, useRef } from "react";

const LIST_REFRESH_MAX_WAIT_MS = 1_000;

/**
 * Refreshes the conversation list for a burst of events once, 150 ms after it quietens; a burst
 * that goes on still refreshes it at least once a second instead of postponing the refresh to its end.
 */
export function useListRefresh(queryClient: QueryClient, latest: RefObject<{ listKey: QueryKey }>): () => void {
  const listTimer = useRef<{ timer: number | undefined; since: number }>({ timer: undefined, since: 0 });
  return useCallback(() => {
    const pending = listTimer.current;
    const now = Date.now();
    if (pending.timer === undefined) pending.since = now;
    else if (now - pending.since >= LIST_REFRESH_MAX_WAIT_MS) return;
    window.clearTimeout(pending.timer);
    pending.timer = window.setTimeout(() => {
      pending.timer = undefined;
      void queryClient.invalidateQueries({ queryKey: latest.current.listKey });
    }, 150);
  }, [queryClient, latest]);
}
