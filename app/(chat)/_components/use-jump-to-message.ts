"use client";

import { type RefObject, useEffect, useRef, useState } from "react";
import { type LogEnds, type ScrollBack } from "./use-scroll-back";

/**
 * Scrolls to a message (from a search result), focuses and highlights it for a few seconds;
 * older pages load until it is found. Gives back the id highlighted now.
 */
export function useJumpToMessage(
  scrollRef: RefObject<HTMLDivElement | null>,
  jumpTo: string | null,
  { firstId, hasMoreBefore }: Pick<LogEnds, "firstId" | "hasMoreBefore">,
  { leaveBottom, olderState, loadOlder }: Pick<ScrollBack, "leaveBottom" | "olderState" | "loadOlder">,
): string | null {
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const jumped = useRef<string | null>(null);
  const jumpPages = useRef(0);
  useEffect(() => {
    if (!jumpTo || jumped.current === jumpTo) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(jumpTo)}"]`);
    if (el) {
      jumped.current = jumpTo;
      leaveBottom();
      el.scrollIntoView({ block: "center" });
      el.focus({ preventScroll: true });
      setHighlighted(jumpTo);
      const timer = window.setTimeout(() => setHighlighted(null), 4000);
      return () => window.clearTimeout(timer);
    }
    // Not on screen yet: load older pages, at most 20 (1,000 messages), then give up quietly.
    if (hasMoreBefore && olderState === "idle" && jumpPages.current < 20) {
      jumpPages.current++;
      loadOlder();
    }
  }, [scrollRef, leaveBottom, jumpTo, firstId, hasMoreBefore, olderState, loadOlder]);
  return highlighted;
}
