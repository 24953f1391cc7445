"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import { useRealtime } from "~/app/_realtime/realtime-provider";
import { applyChanges, type PendingMessage, setPendingStatus } from "~/app/_realtime/timeline";
import { useTRPC, useTRPCClient } from "~/app/_trpc/client";
import { useErrorToast } from "./use-error-toast";

type Sendable = Pick<PendingMessage, "clientMsgId" | "body" | "replyTo" | "attachments">;

export interface SendPending {
  /** Sends a message already shown as pending. */
  send: (conversationId: string, p: Sendable) => Promise<void>;
  /** Sends a failed one again, showing it as sending meanwhile (same clientMsgId: no duplicate). */
  retry: (conversationId: string, p: Sendable) => void;
}

/**
 * Sends a message already shown as pending in a conversation's timeline: on success it becomes the
 * stored message, on failure it stays with "Not sent" and Retry. Used by the open conversation and
 * by the resender that works across every loaded conversation.
 */
export function useSendPending(): SendPending {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const showError = useErrorToast();
  const { engine } = useRealtime();
  const send = useCallback(
    async (conversationId: string, p: Sendable) => {
      try {
        const sent = await client.message.send.mutate({
          conversationId,
          clientMsgId: p.clientMsgId,
          body: p.body,
          replyToId: p.replyTo?.id ?? null,
          ...(p.attachments.length > 0 ? { attachmentIds: p.attachments.map((a) => a.id) } : {}),
        });
        engine.update(conversationId, (tl) => applyChanges(tl, [sent]));
        void queryClient.invalidateQueries({ queryKey: trpc.conversation.list.queryKey() });
      } catch (error) {
        engine.update(conversationId, (tl) => setPendingStatus(tl, p.clientMsgId, "failed"));
        showError(error);
      }
    },
    [client, engine, queryClient, trpc, showError],
  );
  const retry = useCallback(
    (conversationId: string, p: Sendable) => {
      engine.update(conversationId, (tl) => setPendingStatus(tl, p.clientMsgId, "sending"));
      void send(conversationId, p);
    },
    [engine, send],
  );
  return useMemo(() => ({ send, retry }), [send, retry]);
}
