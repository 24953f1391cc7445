"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useRealtime } from "~/app/_realtime/realtime-provider";
import { serverClock } from "~/app/_realtime/server-clock";
import { patchPreview } from "~/app/_realtime/list-preview";
import { applyChanges, isRemoved } from "~/app/_realtime/timeline";
import { useTRPC, useTRPCClient } from "~/app/_trpc/client";
import { type MessageView } from "~/server/realtime/events";
import { reedits } from "../_lib/reedit-store";
import { useErrorToast } from "./use-error-toast";
import { useRefreshList } from "./use-refresh-list";

/**
 * Recalls a message (one's own, or as a moderator with a reason) and shows the result at once in
 * the timeline and the list. Resolves to whether the server accepted it.
 */
export function useRecallMessage(conversationId: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const showError = useErrorToast();
  const { engine } = useRealtime();
  const refreshList = useRefreshList();
  return useCallback(
    async (message: MessageView, reason: string | null): Promise<boolean> => {
      try {
        const res = await client.message.recall.mutate({ messageId: message.id, reason });
        serverClock.note(res.serverTime);
        engine.update(conversationId, (tl) => applyChanges(tl, [res.message]));
        if (!isRemoved(res.message)) {
          const view = res.message;
          queryClient.setQueryData(trpc.conversation.list.queryKey(), (old) => patchPreview(old, view));
        }
        if (res.reedit) reedits.set(message.id, res.reedit);
        refreshList();
        return true;
      } catch (error) {
        // The server refused (e.g. the window just closed): say why and change nothing.
        showError(error);
        return false;
      }
    },
    [client, conversationId, engine, queryClient, trpc, refreshList, showError],
  );
}
