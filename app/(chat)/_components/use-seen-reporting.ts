"use client";

import { type RefObject, useCallback, useEffect, useRef } from "react";

/**
 * Reports the highest seq on screen in the message log, so the conversation can be marked read:
 * at once (`markSeenNow`), once scrolling settles (`reportSeen`), and when the tab comes back.
 */
export interface SeenReporting {
  markSeenNow: () => void;
  reportSeen: () => void;
}

export function useSeenReporting(
  scrollRef: RefObject<HTMLDivElement | null>,
  onSeen: (seq: number) => void,
): SeenReporting {
  const seenTimer = useRef<number | undefined>(undefined);
  const markSeenNow = useCallback(() => {
    window.clearTimeout(seenTimer.current);
    const el = scrollRef.current;
    if (!el || document.visibilityState !== "visible") return;
    const box = el.getBoundingClientRect();
    const items = el.querySelectorAll<HTMLElement>("[data-seq]");
    for (let i = items.length - 1; i >= 0; i--) {
      const r = items[i]!.getBoundingClientRect();
      if (r.top < box.bottom - 8 && r.bottom > box.top) {
        onSeen(Number(items[i]!.dataset.seq));
        return;
      }
    }
  }, [scrollRef, onSeen]);
  // Scrolling reports once it settles.
  const reportSeen = useCallback(() => {
    window.clearTimeout(seenTimer.current);
    seenTimer.current = window.setTimeout(markSeenNow, 300);
  }, [markSeenNow]);

  useEffect(() => {
    const onVisible = () => reportSeen();
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("focus", onVisible);
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("focus", onVisible);
      window.clearTimeout(seenTimer.current);
    };
  }, [reportSeen]);

  return { markSeenNow, reportSeen };
}
