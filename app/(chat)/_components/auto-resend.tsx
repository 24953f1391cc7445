"use client";

import { useCallback, useEffect, useRef } from "react";
import { useRealtime } from "~/app/_realtime/realtime-provider";
import { autoResendable } from "../_lib/auto-resend";
import { useSendPending } from "./use-send-pending";

/**
 * Sends that failed while the connection was gone are retried when it is back (the browser says
 * "online", or the realtime connection is up again), with the same clientMsgId, in every loaded
 * conversation, not only the one on screen. Each shows "sending" while it is retried; one that
 * still fails after AUTO_RESENDS stays failed with Retry. Mounted once, in the chat shell.
 */
export function AutoResend(): null {
  const { engine, status } = useRealtime();
  const { retry } = useSendPending();
  const attempts = useRef(new Map<string, number>());
  const resend = useCallback(() => {
    for (const conversationId of engine.loadedConversations()) {
      for (const p of autoResendable(engine.get(conversationId)?.pending ?? [], attempts.current)) {
        attempts.current.set(p.clientMsgId, (attempts.current.get(p.clientMsgId) ?? 0) + 1);
        retry(conversationId, p);
      }
    }
  }, [engine, retry]);

  const previous = useRef(status);
  useEffect(() => {
    if (status === "connected" && previous.current !== "connected") resend();
    previous.current = status;
  }, [status, resend]);

  useEffect(() => {
    window.addEventListener("online", resend);
    return () => window.removeEventListener("online", resend);
  }, [resend]);
  return null;
}
