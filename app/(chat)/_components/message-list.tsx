"use client";

import { useMemo, useRef } from "react";
import { button } from "~/app/_components/styles";
import { ToastOutlet } from "~/app/_components/toast";
import { useT } from "~/app/_i18n/provider";
import { type PendingMessage, type Timeline } from "~/app/_realtime/timeline";
import { type ConversationDetails } from "../_lib/types";
import { type Me } from "./me";
import { MessageMenu } from "./message-menu";
import { MessageRows } from "./message-rows";
import { PendingRow } from "./pending-row";
import { useJumpToMessage } from "./use-jump-to-message";
import { type MessageActionHandler, useMessageMenu } from "./use-message-menu";
import { useRovingRows } from "./use-roving-rows";
import { type OlderState, useScrollBack } from "./use-scroll-back";
import { useSeenReporting } from "./use-seen-reporting";

/** What the message log asks of the conversation around it. */
export interface MessageListHandlers {
  onLoadOlder: () => Promise<void>;
  onAction: MessageActionHandler;
  onRetry: (p: PendingMessage) => void;
  onReedit: (messageId: string) => void;
  onSeen: (seq: number) => void;
}

/**
 * The message log: scroll-back loading at the top (keeping the reader's place), following new
 * messages only when the reader is already at the bottom, and reporting the highest seq on
 * screen so the conversation can be marked read.
 */
export function MessageList({
  timeline,
  details,
  me,
  jumpTo,
  handlers: { onLoadOlder, onAction, onRetry, onReedit, onSeen },
}: {
  timeline: Timeline;
  details: ConversationDetails;
  me: Me;
  /** A message to scroll to and highlight (from a search result); older pages load until it is found. */
  jumpTo: string | null;
  handlers: MessageListHandlers;
}) {
  const t = useT();
  const scrollRef = useRef<HTMLDivElement>(null);

  const { messages, pending, hasMoreBefore } = timeline;
  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);
  const firstId = messages[0]?.id;
  const lastPending = pending.at(-1);
  const lastKey = lastPending ? `p:${lastPending.clientMsgId}` : (messages.at(-1)?.id ?? "");

  const seen = useSeenReporting(scrollRef, onSeen);
  const scrollBack = useScrollBack(scrollRef, { hasMoreBefore, firstId, lastKey }, onLoadOlder, seen);
  const { olderState, loadOlder, retryOlder, onScroll } = scrollBack;
  const highlighted = useJumpToMessage(scrollRef, jumpTo, { firstId, hasMoreBefore }, scrollBack);
  const menu = useMessageMenu({ scrollRef, byId, details, me, onAction });
  const roving = useRovingRows(scrollRef);

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scrollRef}
        role="log"
        aria-label={t.conversation.messages}
        onScroll={onScroll}
        onKeyDown={roving.onRowKey}
        onFocus={roving.onRowFocus}
        className="h-full overflow-y-auto overscroll-contain"
      >
        {/* Few messages sit at the bottom, next to the composer, as in any chat. */}
        <div className="flex min-h-full flex-col justify-end py-2">
          <div className="flex h-12 items-center justify-center">
            <EarlierMessages
              hasMoreBefore={hasMoreBefore}
              any={messages.length > 0}
              state={olderState}
              onLoad={loadOlder}
              onRetry={retryOlder}
            />
          </div>
          {messages.length === 0 && pending.length === 0 ? (
            <p className="px-6 py-10 text-center text-sm text-slate-600">{t.conversation.empty}</p>
          ) : null}
          <MessageRows
            messages={messages}
            group={details.kind === "group"}
            me={me}
            byId={byId}
            roving={roving}
            highlighted={highlighted}
            menuMessageId={menu.menuMessageId}
            onOpenMenu={menu.openMenu}
            onReedit={onReedit}
          />
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
      {menu.open ? (
        <MessageMenu
          message={menu.open.message}
          meId={me.id}
          anchor={menu.open.anchor}
          optionsAt={menu.optionsAt}
          onClose={menu.closeMenu}
          onAction={menu.chooseAction}
        />
      ) : null}
      {/* Toasts float over the top of the log, never over the header or the offline banner. */}
      <ToastOutlet />
    </div>
  );
}

/** The top of the log: load earlier messages, their progress or failure, or the beginning. */
function EarlierMessages({
  hasMoreBefore,
  any,
  state,
  onLoad,
  onRetry,
}: {
  hasMoreBefore: boolean;
  any: boolean;
  state: OlderState;
  onLoad: () => void;
  onRetry: () => void;
}) {
  const t = useT();
  if (!hasMoreBefore) return any ? <p className="text-xs text-slate-600">{t.conversation.beginning}</p> : null;
  if (state === "loading")
    return (
      <p aria-live="polite" className="text-xs text-slate-500">
        {t.conversation.loadingEarlier}
      </p>
    );
  if (state === "error")
    return (
      <p className="flex items-center gap-2 text-xs text-slate-600">
        {t.conversation.earlierFailed}
        <button type="button" className={button.ghost} onClick={onRetry}>
          {t.app.retry}
        </button>
      </p>
    );
  return (
    <button type="button" className={`${button.ghost} text-xs`} onClick={onLoad}>
      {t.conversation.loadEarlier}
    </button>
  );
}
