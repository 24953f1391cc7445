"use client";

import { useCallback, useEffect, useRef } from "react";
import { useRealtime } from "~/app/_realtime/realtime-provider";
import { type PendingMessage } from "~/app/_realtime/timeline";
import { autoResendable } from "../_lib/auto-resend";

/**
 * Sends that failed while the connection was gone are retried when it is back (the browser says
 * "online", or the realtime connection is up again), with the same clientMsgId. Each shows
 * "sending" while it is retried; one that still fails after AUTO_RESENDS stays failed with Retry.
 */
export function useAutoResend(conversationId: string, retry: (p: PendingMessage) => void): void {
  const { engine, status } = useRealtime();
  const attempts = useRef(new Map<string, number>());
  const resend = useCallback(() => {
    for (const p of autoResendable(engine.get(conversationId)?.pending ?? [], attempts.current)) {
      attempts.current.set(p.clientMsgId, (attempts.current.get(p.clientMsgId) ?? 0) + 1);
      retry(p);
    }
  }, [engine, conversationId, retry]);

  const previous = useRef(status);
  useEffect(() => {
    if (status === "connected" && previous.current !== "connected") resend();
    previous.current = status;
  }, [status, resend]);

  useEffect(() => {
    window.addEventListener("online", resend);
    return () => window.removeEventListener("online", resend);
  }, [resend]);
}
