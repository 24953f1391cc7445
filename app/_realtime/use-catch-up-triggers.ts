"use client";

import { useEffect } from "react";
import { type RealtimeStatus } from "./connection-status";
import { type SyncEngine } from "./sync-engine";

/** What catching up takes: the timelines by version, the conversation list, and the rules shown. */
export interface CatchUp {
  engine: SyncEngine;
  refreshList: () => void;
  refreshRules: () => void;
}

/**
 * The moments events may have been missed, when every loaded conversation is caught up by version:
 * coming back to the tab (or waking up), and every 10 s while there is no live connection.
 */
export function useCatchUpTriggers(status: RealtimeStatus, { engine, refreshList, refreshRules }: CatchUp): void {
  // Coming back to the tab (or waking up) may mean missed events: catch up by version.
  useEffect(() => {
    let last = 0;
    const wake = () => {
      if (document.visibilityState !== "visible") return;
      const now = Date.now();
      if (now - last < 2000) return;
      last = now;
      engine.catchUpAll();
      refreshList();
      refreshRules();
    };
    document.addEventListener("visibilitychange", wake);
    window.addEventListener("focus", wake);
    window.addEventListener("online", wake);
    return () => {
      document.removeEventListener("visibilitychange", wake);
      window.removeEventListener("focus", wake);
      window.removeEventListener("online", wake);
    };
  }, [engine, refreshList, refreshRules]);

  // Without a realtime service (or while it is unreachable), poll gently instead.
  const polling = status === "off" || status === "unavailable" || status === "reconnecting";
  useEffect(() => {
    if (!polling) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState !== "visible") return;
      engine.catchUpAll();
      refreshList();
    }, 10_000);
    return () => window.clearInterval(timer);
  }, [polling, engine, refreshList]);
}
