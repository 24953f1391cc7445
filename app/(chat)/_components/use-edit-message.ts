"use client";

import { useCallback } from "react";
import { useToast } from "~/app/_components/toast";
import { useLocale, useT } from "~/app/_i18n/provider";
import { useTRPCClient } from "~/app/_trpc/client";
import { type MessageView } from "~/server/realtime/events";
import { describeActionError } from "../_lib/action-errors";
import { useApplyMessageView } from "./use-apply-message-view";

/**
 * Saves an edit of one's own message and shows the new text at once (same id, same place).
 * Resolves to whether the server accepted it; a refusal (the window closed, the message was
 * recalled meanwhile) is said in a toast and changes nothing.
 */
export function useEditMessage(conversationId: string) {
  const client = useTRPCClient();
  const t = useT();
  const locale = useLocale();
  const toast = useToast();
  const apply = useApplyMessageView(conversationId);
  return useCallback(
    async (message: MessageView, body: string): Promise<boolean> => {
      try {
        const res = await client.message.edit.mutate({ messageId: message.id, body });
        if (!res.unchanged) apply(res.message, res.serverTime);
        return true;
      } catch (error) {
        toast.show(describeActionError(error, "edit", t, locale), { tone: "error" });
        return false;
      }
    },
    [client, apply, toast, t, locale],
  );
}
