"use client";

import { type KeyboardEvent, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { button } from "~/app/_components/styles";
import { ToastOutlet } from "~/app/_components/toast";
import { useLocale, useT } from "~/app/_i18n/provider";
import { type PendingMessage, type Timeline } from "~/app/_realtime/timeline";
import { type MessageView } from "~/server/realtime/events";
import { recallOption, type RecallOption } from "../_lib/recall-action";
import { recallTip } from "../_lib/recall-tip";
import { useReeditIds } from "../_lib/reedit-store";
import { foldTipRuns } from "../_lib/tip-runs";
import { type ConversationDetails } from "../_lib/types";
import { type Me } from "./me";
import { type MenuAnchor, MessageRow, PendingRow, TipRun } from "./message-item";
import { type MenuAction, MessageMenu } from "./message-menu";

const NEAR_BOTTOM_PX = 48;
const NEAR_TOP_PX = 160;

/**
 * The message log: scroll-back loading at the top (keeping the reader's place), following new
 * messages only when the reader is already at the bottom, and reporting the highest seq on
 * screen so the conversation can be marked read.
 */
export function MessageList({
  timeline,
  details,
  me,
  onLoadOlder,
  onAction,
  onRetry,
  onReedit,
  onSeen,
  jumpTo,
}: {
  timeline: Timeline;
  details: ConversationDetails;
  me: Me;
  onLoadOlder: () => Promise<void>;
  onAction: (action: MenuAction, message: MessageView, option: RecallOption, returnFocus: HTMLElement | null) => void;
  onRetry: (p: PendingMessage) => void;
  onReedit: (messageId: string) => void;
  onSeen: (seq: number) => void;
  /** A message to scroll to and highlight (from a search result); older pages load until it is found. */
  jumpTo: string | null;
}) {
  const t = useT();
  const locale = useLocale();
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const anchor = useRef<{ id: string; offset: number } | null>(null);
  const [olderState, setOlderState] = useState<"idle" | "loading" | "error">("idle");
  const [menu, setMenu] = useState<{ messageId: string; anchor: MenuAnchor } | null>(null);
  // Roving focus: the row that holds the list's one Tab stop, and the tip runs the reader opened.
  const [activeRow, setActiveRow] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const withReedit = useReeditIds();

  const { messages, pending, hasMoreBefore } = timeline;
  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);
  const firstId = messages[0]?.id;
  const lastPending = pending.at(-1);
  const lastKey = lastPending ? `p:${lastPending.clientMsgId}` : (messages.at(-1)?.id ?? "");
  const group = details.kind === "group";

  // --- reading position -------------------------------------------------------------------
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
  }, []);

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
  }, [onSeen]);
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

  const loadOlder = useCallback(() => {
    if (olderState === "loading" || !hasMoreBefore) return;
    recordAnchor();
    setOlderState("loading");
    onLoadOlder().then(
      () => setOlderState("idle"),
      () => setOlderState("error"),
    );
  }, [olderState, hasMoreBefore, onLoadOlder, recordAnchor]);

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
  }, [firstId]);

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
  }, [lastKey, markSeenNow]);

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
  }, []);

  // A short first page does not fill the screen, so no scroll event would ever ask for more.
  useEffect(() => {
    const el = scrollRef.current;
    if (el && hasMoreBefore && olderState === "idle" && el.scrollHeight <= el.clientHeight + NEAR_TOP_PX) loadOlder();
  }, [hasMoreBefore, olderState, firstId, loadOlder]);

  // --- jump to a message (search result) -----------------------------------------------------
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const jumped = useRef<string | null>(null);
  const jumpPages = useRef(0);
  useEffect(() => {
    if (!jumpTo || jumped.current === jumpTo) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(jumpTo)}"]`);
    if (el) {
      jumped.current = jumpTo;
      atBottom.current = false;
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
  }, [jumpTo, firstId, hasMoreBefore, olderState, loadOlder]);

  // --- menu ---------------------------------------------------------------------------------
  const openMenu = useCallback((message: MessageView, a: MenuAnchor) => {
    setMenu((current) => (current?.messageId === message.id ? current : { messageId: message.id, anchor: a }));
  }, []);

  const menuMessage = menu ? byId.get(menu.messageId) : undefined;
  const senderRoles = useMemo(() => new Map(details.members.map((m) => [m.id, m.role])), [details.members]);

  const recallOptionAt = useCallback(
    (now: number): RecallOption =>
      menuMessage
        ? recallOption({
            me,
            myRole: details.myRole,
            conversationKind: details.kind,
            policy: {
              recallWindowSeconds: details.recall.windowSeconds,
              groupAdminsMayRecall: details.recall.groupAdminsMayRecall,
              groupOwnersMayRecall: details.recall.groupOwnersMayRecall,
            },
            message: menuMessage,
            senderRole: senderRoles.get(menuMessage.sender.id) ?? null,
            now,
          })
        : { kind: "none" },
    [menuMessage, me, details, senderRoles],
  );

  const focusMessage = (id: string, preferred: HTMLElement | null) => {
    if (preferred?.isConnected) {
      preferred.focus();
      return;
    }
    scrollRef.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(id)}"]`)?.focus();
  };

  const closeMenu = useCallback((restoreFocus: boolean) => {
    setMenu((current) => {
      if (current && restoreFocus) {
        const el = current.anchor.returnFocus;
        window.setTimeout(() => el.isConnected && el.focus(), 0);
      }
      return null;
    });
  }, []);

  // --- rows ---------------------------------------------------------------------------------
  const logRows = useMemo(
    () =>
      // A tip that still offers Re-edit stays on its own, so the button is one click away.
      foldTipRuns(
        messages,
        (m) => (m.recall && !withReedit.has(m.id) ? recallTip(t, { sender: m.sender, recall: m.recall }, me.id) : null),
        expanded,
      ),
    [messages, t, me.id, expanded, withReedit],
  );
  const indexOf = useMemo(() => new Map(messages.map((m, i) => [m.id, i])), [messages]);
  const rowKeys = logRows.map((r) => (r.kind === "one" ? r.message.id : r.messages[0]!.id));
  const tabRow = activeRow && rowKeys.includes(activeRow) ? activeRow : rowKeys.at(-1);
  const expand = useCallback((firstId: string) => {
    setExpanded((s) => new Set(s).add(firstId));
    setActiveRow(firstId);
    window.setTimeout(
      () => scrollRef.current?.querySelector<HTMLElement>(`[data-row="${CSS.escape(firstId)}"]`)?.focus(),
      0,
    );
  }, []);

  // Arrow keys move between rows; Tab leaves the list (to the composer).
  const onRowKey = (e: KeyboardEvent<HTMLElement>) => {
    const target = e.target as HTMLElement;
    if (target.tagName !== "ARTICLE") return;
    const items = [...(scrollRef.current?.querySelectorAll<HTMLElement>("article[data-row]") ?? [])];
    const i = items.indexOf(target);
    const to = { ArrowUp: i - 1, ArrowDown: i + 1, Home: 0, End: items.length - 1 }[e.key];
    if (to === undefined || i < 0) return;
    e.preventDefault();
    items[Math.max(0, Math.min(items.length - 1, to))]?.focus();
  };

  const rows = logRows.map((r) => {
    if (r.kind === "run") {
      const first = r.messages[0]!;
      const last = r.messages.at(-1)!;
      return (
        <TipRun
          key={`run:${first.id}`}
          text={recallTip(t, { sender: first.sender, recall: first.recall! }, me.id, r.messages.length)}
          first={first.id}
          last={last}
          tabbable={tabRow === first.id}
          t={t}
          onExpand={expand}
        />
      );
    }
    const m = r.message;
    const i = indexOf.get(m.id)!;
    const prev = messages[i - 1];
    const own = m.sender.id === me.id;
    const next = messages[i + 1];
    const showSender = group && !own && !sameRun(prev, m);
    const showTime = !sameRun(m, next);
    return (
      <MessageRow
        key={m.id}
        message={m}
        own={own}
        showSender={showSender}
        showTime={showTime}
        gutter={group && !own}
        tabbable={tabRow === m.id}
        highlighted={highlighted === m.id}
        meId={me.id}
        t={t}
        locale={locale}
        menuOpen={menu?.messageId === m.id}
        quotedNow={m.replyTo ? byId.get(m.replyTo.id) : undefined}
        onOpenMenu={openMenu}
        onReedit={onReedit}
      />
    );
  });

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scrollRef}
        role="log"
        aria-label={t.conversation.messages}
        onScroll={onScroll}
        onKeyDown={onRowKey}
        onFocus={(e) => {
          const row = (e.target as HTMLElement).closest<HTMLElement>("article[data-row]");
          if (row?.dataset.row && !row.dataset.row.startsWith("p:")) setActiveRow(row.dataset.row);
        }}
        className="h-full overflow-y-auto overscroll-contain"
      >
        {/* Few messages sit at the bottom, next to the composer, as in any chat. */}
        <div className="flex min-h-full flex-col justify-end py-2">
          <div className="flex h-12 items-center justify-center">
            {hasMoreBefore ? (
              olderState === "loading" ? (
                <p aria-live="polite" className="text-xs text-slate-500">
                  {t.conversation.loadingEarlier}
                </p>
              ) : olderState === "error" ? (
                <p className="flex items-center gap-2 text-xs text-slate-600">
                  {t.conversation.earlierFailed}
                  <button
                    type="button"
                    className={button.ghost}
                    onClick={() => {
                      setOlderState("idle");
                      loadOlder();
                    }}
                  >
                    {t.app.retry}
                  </button>
                </p>
              ) : (
                <button type="button" className={`${button.ghost} text-xs`} onClick={loadOlder}>
                  {t.conversation.loadEarlier}
                </button>
              )
            ) : messages.length > 0 ? (
              <p className="text-xs text-slate-600">{t.conversation.beginning}</p>
            ) : null}
          </div>
          {messages.length === 0 && pending.length === 0 ? (
            <p className="px-6 py-10 text-center text-sm text-slate-600">{t.conversation.empty}</p>
          ) : null}
          {rows}
          {pending.map((p) => (
            <PendingRow
              key={p.clientMsgId}
              pending={p}
              showSender={false}
              t={t}
              quotedNow={p.replyTo ? byId.get(p.replyTo.id) : undefined}
              onRetry={onRetry}
            />
          ))}
        </div>
      </div>
      {menu && menuMessage && !menuMessage.recall ? (
        <MessageMenu
          message={menuMessage}
          anchor={menu.anchor}
          recallOptionAt={recallOptionAt}
          onClose={closeMenu}
          onAction={(action, option) => {
            // Recalling replaces the "…" button: focus then goes back to the message itself.
            const returnFocus =
              action === "recall"
                ? (menu.anchor.returnFocus.closest<HTMLElement>("article") ?? menu.anchor.returnFocus)
                : menu.anchor.returnFocus;
            setMenu(null);
            onAction(action, menuMessage, option, returnFocus);
            if (action === "copy") focusMessage(menuMessage.id, returnFocus);
          }}
        />
      ) : null}
      {/* Toasts float over the top of the log, never over the header or the offline banner. */}
      <ToastOutlet />
    </div>
  );
}

const RUN_GAP_MS = 5 * 60_000;

/** Consecutive readable messages from one sender within a few minutes read as one run. */
function sameRun(a: MessageView | undefined, b: MessageView | undefined): boolean {
  if (!a || !b) return false;
  if (a.recall || b.recall || a.kind === "system" || b.kind === "system") return false;
  return a.sender.id === b.sender.id && b.createdAt.getTime() - a.createdAt.getTime() < RUN_GAP_MS;
}
