"use client";

import { useEffect, useState } from "react";
import { serverClock } from "./server-clock";

/**
 * Server time, re-read every `intervalMs` while `active` (a countdown is on screen). Inactive
 * callers get the time of their last render and no timer, so idle lists cost nothing.
 */
export function useServerNow(active: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => serverClock.now());
  useEffect(() => {
    if (!active) return;
    const tick = () => setNow(serverClock.now());
    const timer = window.setInterval(tick, intervalMs);
    const unsubscribe = serverClock.subscribe(tick);
    // Align at once so a menu opened long after the last render does not show a stale countdown.
    const first = window.setTimeout(tick, 0);
    return () => {
      window.clearInterval(timer);
      window.clearTimeout(first);
      unsubscribe();
    };
  }, [active, intervalMs]);
  return now;
}
