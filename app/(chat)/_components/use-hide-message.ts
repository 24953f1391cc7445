"use client";

import { useCallback } from "react";
import { useToast } from "~/app/_components/toast";
import { useT } from "~/app/_i18n/provider";
import { useRealtime } from "~/app/_realtime/realtime-provider";
import { useTRPCClient } from "~/app/_trpc/client";
import { type MessageView } from "~/server/realtime/events";
import { useApplyMessageView } from "./use-apply-message-view";
import { useErrorToast } from "./use-error-toast";
import { useRefreshList } from "./use-refresh-list";

export const UNDO_HIDE_MS = 5_000;

/**
 * "Delete for me": the message leaves this reader's timeline at once (a removal at the hide's
 * version, as the feed will answer it), with "Undo" for a few seconds. Undo brings it back
 * through the feed, which answers with the message as this reader may read it now (it may have
 * been edited or recalled meanwhile). Resolves to whether the server accepted the hide.
 */
export function useHideMessage(conversationId: string) {
  const client = useTRPCClient();
  const t = useT();
  const toast = useToast();
  const showError = useErrorToast();
  const { engine } = useRealtime();
  const apply = useApplyMessageView(conversationId);
  const refreshList = useRefreshList();

  const unhide = useCallback(
    async (messageId: string) => {
      try {
        await client.message.unhide.mutate({ messageId });
        await engine.catchUp(conversationId);
        refreshList();
      } catch (error) {
        showError(error);
      }
    },
    [client, engine, conversationId, refreshList, showError],
  );

  return useCallback(
    async (message: MessageView): Promise<boolean> => {
      try {
        const res = await client.message.hide.mutate({ messageId: message.id });
        const { id, seq } = message;
        // Already hidden (by another device): the feed has the removal.
        if (res.version === null) void engine.catchUp(conversationId);
        else apply({ removed: true, id, conversationId, seq, version: res.version });
        toast.show(t.hide.done, {
          id: `hide-${id}`,
          durationMs: UNDO_HIDE_MS,
          action: { label: t.hide.undo, run: () => void unhide(id) },
        });
        return true;
      } catch (error) {
        showError(error);
        return false;
      }
    },
    [client, conversationId, engine, apply, toast, t, unhide, showError],
  );
}
