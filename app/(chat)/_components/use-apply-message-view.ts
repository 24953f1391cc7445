"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { patchPreview } from "~/app/_realtime/list-preview";
import { useRealtime } from "~/app/_realtime/realtime-provider";
import { serverClock } from "~/app/_realtime/server-clock";
import { applyChanges, isRemoved } from "~/app/_realtime/timeline";
import { useTRPC } from "~/app/_trpc/client";
import { type MessageChange } from "~/server/realtime/events";
import { useRefreshList } from "./use-refresh-list";

/**
 * A change the server answered with (a recall, an edit, a hide) shown at once: in the timeline by
 * version, in the list's preview, then the list refreshed for its counts. The realtime event that
 * follows finds it applied already.
 */
export function useApplyMessageView(conversationId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { engine } = useRealtime();
  const refreshList = useRefreshList();
  return useCallback(
    (change: MessageChange, serverTime?: Date) => {
      if (serverTime) serverClock.note(serverTime);
      engine.update(conversationId, (tl) => applyChanges(tl, [change]));
      if (!isRemoved(change))
        queryClient.setQueryData(trpc.conversation.list.queryKey(), (old) => patchPreview(old, change));
      refreshList();
    },
    [conversationId, engine, queryClient, trpc, refreshList],
  );
}
