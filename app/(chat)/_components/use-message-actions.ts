"use client";

import { useCallback, useState } from "react";
import { useToast } from "~/app/_components/toast";
import { useT } from "~/app/_i18n/provider";
import { type MessageView } from "~/server/realtime/events";
import { copyText } from "../_lib/copy-text";
import { type MessageActionHandler } from "./use-message-menu";

/** A message and where focus goes back to, for an action that opens a dialog. */
export interface DialogTarget {
  message: MessageView;
  returnFocus: HTMLElement | null;
}

/**
 * What the message menu's actions do: reply, copy, edit (in the composer), delete for me, report
 * (through its dialog: `reporting`) and recall (at once for one's own message, through the reason
 * dialog for a moderator: `moderating`).
 */
export function useMessageActions({
  recall,
  hide,
  startReply,
  startEdit,
}: {
  recall: (message: MessageView, reason: string | null) => Promise<boolean>;
  hide: (message: MessageView) => Promise<boolean>;
  startReply: (message: MessageView) => void;
  startEdit: (message: MessageView) => void;
}) {
  const t = useT();
  const toast = useToast();
  const [moderating, setModerating] = useState<DialogTarget | null>(null);
  const [reporting, setReporting] = useState<DialogTarget | null>(null);

  const onAction = useCallback<MessageActionHandler>(
    (action, message, options, returnFocus) => {
      const article = () => document.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(message.id)}"]`);
      if (action === "reply") {
        startReply(message);
      } else if (action === "edit") {
        startEdit(message);
      } else if (action === "copy") {
        const text = message.body ?? "";
        void copyText(text).then((ok) => toast.show(ok ? t.message.copied : t.message.copyFailed, { id: "copy" }));
      } else if (action === "report") {
        if (!options.reported) setReporting({ message, returnFocus });
      } else if (action === "hide") {
        // The row goes away: focus moves to the row after it (or before it, at the end).
        const row = article();
        const rows = [...(row?.parentElement?.querySelectorAll<HTMLElement>("article[data-row]") ?? [])];
        const i = row ? rows.indexOf(row) : -1;
        const neighbour = rows[i + 1] ?? rows[i - 1];
        void hide(message).then((done) => {
          if (!done) returnFocus?.focus();
          else if (neighbour?.isConnected) neighbour.focus();
        });
      } else if (options.recall.kind === "moderate") {
        setModerating({ message, returnFocus });
      } else if (options.recall.kind === "own") {
        void recall(message, null).then(() => (returnFocus?.isConnected ? returnFocus : article())?.focus());
      }
    },
    [recall, hide, startReply, startEdit, toast, t],
  );

  return {
    onAction,
    moderating,
    endModeration: () => setModerating(null),
    reporting,
    endReport: () => setReporting(null),
  };
}
