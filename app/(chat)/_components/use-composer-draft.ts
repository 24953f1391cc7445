"use client";

import { useCallback, useRef, useState } from "react";
import { useRealtime } from "~/app/_realtime/realtime-provider";
import { addPending, type PendingMessage } from "~/app/_realtime/timeline";
import { type MessageView } from "~/server/realtime/events";
import { newClientMsgId } from "../_lib/format";
import { reedits } from "../_lib/reedit-store";
import { useMe } from "./me";
import { useSendPending } from "./use-send-pending";

/**
 * The composer's state and what it sends: the draft, the message replied to, sending (shown at
 * once as pending) and retrying, and Re-edit putting a recalled message's text back in the draft.
 */
export function useComposerDraft(conversationId: string) {
  const me = useMe();
  const { engine } = useRealtime();
  const [draft, setDraft] = useState("");
  const [replyTo, setReplyTo] = useState<MessageView | null>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const pendingSends = useSendPending();

  const send = () => {
    const body = draft.trim();
    if (!body) return;
    const pending: PendingMessage = {
      clientMsgId: newClientMsgId(),
      senderId: me.id,
      senderName: me.name,
      body,
      replyTo: replyTo
        ? {
            id: replyTo.id,
            seq: replyTo.seq,
            senderName: replyTo.sender.name,
            body: replyTo.body,
            recalled: replyTo.recall !== null,
          }
        : null,
      status: "sending",
      createdAt: new Date(),
    };
    engine.update(conversationId, (tl) => addPending(tl, pending));
    setDraft("");
    setReplyTo(null);
    void pendingSends.send(conversationId, pending);
  };

  // The same clientMsgId: if the first attempt did reach the server, this returns that message.
  const { retry: retryIn } = pendingSends;
  const retry = useCallback((p: PendingMessage) => retryIn(conversationId, p), [retryIn, conversationId]);

  const startReply = useCallback((message: MessageView) => {
    setReplyTo(message);
    composerRef.current?.focus();
  }, []);

  const cancelReply = () => {
    setReplyTo(null);
    composerRef.current?.focus();
  };

  const reedit = useCallback((messageId: string) => {
    const r = reedits.take(messageId);
    if (!r) return;
    setDraft((d) => (d.trim() ? `${d}\n${r.body}` : r.body));
    composerRef.current?.focus();
  }, []);

  return { draft, setDraft, replyTo, composerRef, send, retry, startReply, cancelReply, reedit };
}
