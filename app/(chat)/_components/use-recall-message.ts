"use client";

import { useCallback } from "react";
import { useTRPCClient } from "~/app/_trpc/client";
import { type MessageView } from "~/server/realtime/events";
import { reedits } from "../_lib/reedit-store";
import { useApplyMessageView } from "./use-apply-message-view";
import { useErrorToast } from "./use-error-toast";

/**
 * Recalls a message (one's own, or as a moderator with a reason) and shows the result at once in
 * the timeline and the list. Resolves to whether the server accepted it.
 */
export function useRecallMessage(conversationId: string) {
  const client = useTRPCClient();
  const showError = useErrorToast();
  const apply = useApplyMessageView(conversationId);
  return useCallback(
    async (message: MessageView, reason: string | null): Promise<boolean> => {
      try {
        const res = await client.message.recall.mutate({ messageId: message.id, reason });
        apply(res.message, res.serverTime);
        if (res.reedit) reedits.set(message.id, res.reedit);
        return true;
      } catch (error) {
        // The server refused (e.g. the window just closed): say why and change nothing.
        showError(error);
        return false;
      }
    },
    [client, apply, showError],
  );
}
