"use client";

import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { type SeenReporting } from "./use-seen-reporting";

const NEAR_BOTTOM_PX = 48;
const NEAR_TOP_PX = 160;

export type OlderState = "idle" | "loading" | "error";

/** What the log holds at its two ends. */
export interface LogEnds {
  hasMoreBefore: boolean;
  /** The first message loaded: it changes when older messages are prepended. */
  firstId: string | undefined;
  /** The last row (a pending send is `p:<clientMsgId>`): it changes when something is appended. */
  lastKey: string;
}

/**
 * The message log's reading position: scroll-back loading at the top (keeping the reader's
 * place), and following new messages only when the reader is already at the bottom.
 */
export function useScrollBack(
  scrollRef: RefObject<HTMLDivElement | null>,
  { hasMoreBefore, firstId, lastKey }: LogEnds,
  onLoadOlder: () => Promise<void>,
  { markSeenNow, reportSeen }: SeenReporting,
) {
  const atBottom = useRef(true);
  const anchor = useRef<{ id: string; offset: number } | null>(null);
  const [olderState, setOlderState] = useState<OlderState>("idle");

  const recordAnchor = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const top = el.getBoundingClientRect().top;
    for (const item of el.querySelectorAll<HTMLElement>("[data-message-id]")) {
      const r = item.getBoundingClientRect();
      if (r.bottom > top) {
        anchor.current = { id: item.dataset.messageId!, offset: r.top - top };
        return;
      }
    }
  }, [scrollRef]);

  const loadOlder = useCallback(() => {
    if (olderState === "loading" || !hasMoreBefore) return;
    recordAnchor();
    setOlderState("loading");
    onLoadOlder().then(
      () => setOlderState("idle"),
      () => setOlderState("error"),
    );
  }, [olderState, hasMoreBefore, onLoadOlder, recordAnchor]);

  const retryOlder = () => {
    setOlderState("idle");
    loadOlder();
  };

  const leaveBottom = useCallback(() => {
    atBottom.current = false;
  }, []);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (olderState === "loading") recordAnchor();
    else if (el.scrollTop < NEAR_TOP_PX && hasMoreBefore && olderState === "idle") loadOlder();
    reportSeen();
  };

  // Older messages were prepended: put the message the reader was looking at back in place.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const a = anchor.current;
    if (!el || !a) return;
    anchor.current = null;
    const item = el.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(a.id)}"]`);
    if (item) el.scrollTop += item.getBoundingClientRect().top - el.getBoundingClientRect().top - a.offset;
  }, [scrollRef, firstId]);

  // Something new at the end: follow it if the reader was at the bottom, or if it is our own send.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (atBottom.current || lastKey.startsWith("p:")) {
      el.scrollTop = el.scrollHeight;
      atBottom.current = true;
    }
    // At once, not after a pause: a reader who opens a conversation and leaves within the pause
    // (another conversation, back to the list) has seen these messages, and the cleanup below
    // would cancel a delayed report, leaving them counted as unread.
    markSeenNow();
  }, [scrollRef, lastKey, markSeenNow]);

  // The log shrinks when the composer grows (reply bar, a second line, the phone keyboard):
  // a reader at the bottom stays at the bottom.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [scrollRef]);

  // A short first page does not fill the screen, so no scroll event would ever ask for more.
  useEffect(() => {
    const el = scrollRef.current;
    if (el && hasMoreBefore && olderState === "idle" && el.scrollHeight <= el.clientHeight + NEAR_TOP_PX) loadOlder();
  }, [scrollRef, hasMoreBefore, olderState, firstId, loadOlder]);

  return { leaveBottom, olderState, loadOlder, retryOlder, onScroll };
}

export type ScrollBack = ReturnType<typeof useScrollBack>;
