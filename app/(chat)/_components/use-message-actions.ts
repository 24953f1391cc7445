"use client";

import { useCallback, useState } from "react";
import { useToast } from "~/app/_components/toast";
import { useT } from "~/app/_i18n/provider";
import { type MessageView } from "~/server/realtime/events";
import { copyText } from "../_lib/copy-text";
import { type MessageActionHandler } from "./use-message-menu";

/**
 * What the message menu's actions do: reply, copy, and recall (at once for one's own message,
 * through the reason dialog for a moderator, whose message and return focus are `moderating`).
 */
export function useMessageActions(
  recall: (message: MessageView, reason: string | null) => Promise<boolean>,
  startReply: (message: MessageView) => void,
) {
  const t = useT();
  const toast = useToast();
  const [moderating, setModerating] = useState<{ message: MessageView; returnFocus: HTMLElement | null } | null>(null);

  const onAction = useCallback<MessageActionHandler>(
    (action, message, option, returnFocus) => {
      if (action === "reply") {
        startReply(message);
      } else if (action === "copy") {
        const text = message.body ?? "";
        void copyText(text).then((ok) => toast.show(ok ? t.message.copied : t.message.copyFailed, { id: "copy" }));
      } else if (option.kind === "moderate") {
        setModerating({ message, returnFocus });
      } else if (option.kind === "own") {
        void recall(message, null).then(() => {
          const article = document.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(message.id)}"]`);
          (returnFocus?.isConnected ? returnFocus : article)?.focus();
        });
      }
    },
    [recall, startReply, toast, t],
  );

  return { onAction, moderating, endModeration: () => setModerating(null) };
}
