"use client";

import { memo, type PointerEvent as ReactPointerEvent, useRef } from "react";
import { type Dictionary } from "~/app/_i18n/dictionaries";
import { type Locale } from "~/app/_i18n/locale";
import { useServerNow } from "~/app/_realtime/use-server-now";
import { type PendingMessage } from "~/app/_realtime/timeline";
import { type MessageView } from "~/server/realtime/events";
import { formatFullTime, formatMessageTime } from "../_lib/format";
import { linkify } from "../_lib/linkify";
import { recallTip } from "../_lib/recall-tip";
import { systemLineText } from "../_lib/system-line";
import { useReedit } from "../_lib/reedit-store";
import { Avatar } from "./avatar";

export interface MenuAnchor {
  /** Where to place the menu (viewport coordinates). */
  x: number;
  y: number;
  /** What gets focus back when the menu closes. */
  returnFocus: HTMLElement;
}

const LONG_PRESS_MS = 500;

type Quote = NonNullable<MessageView["replyTo"]>;

interface RowProps {
  message: MessageView;
  own: boolean;
  showSender: boolean;
  /** Last of a run from the same sender: shows the time under it. */
  showTime: boolean;
  /** A group's message from someone else: keeps the avatar's column even when it shows none. */
  gutter: boolean;
  /** The message list's one Tab stop (roving focus; arrow keys move it). */
  tabbable: boolean;
  /** Just jumped to from a search result. */
  highlighted?: boolean;
  meId: string;
  t: Dictionary;
  locale: Locale;
  menuOpen: boolean;
  /** The quoted message as this tab knows it now (it may have been recalled since). */
  quotedNow: MessageView | undefined;
  onOpenMenu: (message: MessageView, anchor: MenuAnchor) => void;
  onReedit: (messageId: string) => void;
}

/**
 * One message. The <article> element stays the same when the message turns into a recall tip,
 * so focus (e.g. after recalling from the menu) is not lost and nothing around it moves.
 */
export const MessageRow = memo(function MessageRow({
  message,
  own,
  showSender,
  showTime,
  gutter,
  tabbable,
  highlighted = false,
  meId,
  t,
  locale,
  menuOpen,
  quotedNow,
  onOpenMenu,
  onReedit,
}: RowProps) {
  const press = useRef<{ timer: number; x: number; y: number } | null>(null);
  const recalled = message.recall !== null;
  const system = message.kind === "system";
  const actionable = !recalled && !system;

  const openFrom = (el: HTMLElement, x?: number, y?: number) => {
    const rect = el.getBoundingClientRect();
    onOpenMenu(message, { x: x ?? (own ? rect.right : rect.left), y: y ?? rect.bottom, returnFocus: el });
  };

  const cancelPress = () => {
    if (press.current) window.clearTimeout(press.current.timer);
    press.current = null;
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLElement>) => {
    if (!actionable || e.pointerType !== "touch") return;
    const article = e.currentTarget;
    const { clientX: x, clientY: y } = e;
    cancelPress();
    press.current = {
      x,
      y,
      timer: window.setTimeout(() => {
        press.current = null;
        article.focus({ preventScroll: true });
        openFrom(article, x, y + 12);
      }, LONG_PRESS_MS),
    };
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLElement>) => {
    const p = press.current;
    if (p && Math.hypot(e.clientX - p.x, e.clientY - p.y) > 10) cancelPress();
  };

  if (recalled || system) {
    const text = recalled
      ? recallTip(t, { sender: message.sender, recall: message.recall! }, meId)
      : systemLineText(t, message, meId);
    return (
      <article
        aria-label={text}
        tabIndex={tabbable ? 0 : -1}
        data-row={message.id}
        data-seq={message.seq}
        data-message-id={message.id}
        className="flex min-h-12 items-center justify-center px-4 py-1 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600"
      >
        <p className="max-w-full rounded-full bg-slate-200/70 px-3 py-1 text-center text-xs text-slate-600">
          {text}
          {recalled && message.recall!.by.id === meId && message.sender.id === meId ? (
            <ReeditButton messageId={message.id} t={t} onReedit={onReedit} />
          ) : null}
        </p>
      </article>
    );
  }

  const body = message.body ?? "";
  return (
    <article
      aria-label={`${message.sender.name}: ${body}`}
      tabIndex={tabbable ? 0 : -1}
      data-row={message.id}
      data-seq={message.seq}
      data-message-id={message.id}
      data-highlighted={highlighted || undefined}
      onContextMenu={(e) => {
        e.preventDefault();
        cancelPress();
        // Keyboard-triggered context menus report (0, 0): anchor to the message instead.
        openFrom(e.currentTarget, e.clientX || undefined, e.clientY || undefined);
      }}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget) return;
        if (e.key === "Enter" || e.key === "ContextMenu" || (e.shiftKey && e.key === "F10")) {
          e.preventDefault();
          openFrom(e.currentTarget);
        }
      }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={cancelPress}
      onPointerCancel={cancelPress}
      onPointerLeave={cancelPress}
      className={`group relative flex items-end gap-2 px-3 py-0.5 [-webkit-touch-callout:none] focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600 sm:px-4 ${
        own ? "flex-row-reverse" : ""
      } ${highlighted ? "bg-yellow-100" : menuOpen ? "bg-slate-200/40" : ""}`}
    >
      {showSender ? (
        <Avatar id={message.sender.id} name={message.sender.name} size="sm" />
      ) : gutter ? (
        <span aria-hidden className="w-8 shrink-0" />
      ) : null}
      <div className={`flex max-w-[80%] min-w-0 flex-col sm:max-w-[70%] ${own ? "items-end" : "items-start"}`}>
        {showSender ? <p className="mb-0.5 px-1 text-xs font-medium text-slate-600">{message.sender.name}</p> : null}
        <div
          className={`max-w-full rounded-2xl px-3.5 py-2 text-[0.9375rem] leading-snug shadow-sm select-none md:select-text ${
            own ? "rounded-br-md bg-blue-600 text-white" : "rounded-bl-md bg-white text-slate-900 ring-1 ring-slate-200"
          }`}
        >
          {message.replyTo ? <QuoteBlock quote={message.replyTo} quotedNow={quotedNow} own={own} t={t} /> : null}
          <p className="[overflow-wrap:anywhere] break-words whitespace-pre-wrap">
            <MessageText body={body} own={own} tabbable={tabbable} />
          </p>
        </div>
        {message.restored ? (
          <p className="mt-0.5 px-1 text-[0.6875rem] text-slate-600 italic">
            {own ? t.message.restoredByAdmin : t.message.restored}
          </p>
        ) : null}
        {showTime ? (
          <time
            dateTime={message.createdAt.toISOString()}
            title={formatFullTime(message.createdAt, locale)}
            className="mt-0.5 px-1 text-[0.6875rem] text-slate-600"
          >
            {formatMessageTime(message.createdAt, locale)}
          </time>
        ) : null}
      </div>
      <button
        type="button"
        aria-label={t.message.actions}
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        // Not a Tab stop: the keyboard opens the menu with Enter on the message (one stop per list).
        tabIndex={-1}
        onClick={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          onOpenMenu(message, { x: own ? rect.right : rect.left, y: rect.bottom + 4, returnFocus: e.currentTarget });
        }}
        className={`${showTime ? "mb-5" : ""} inline-flex h-8 w-8 shrink-0 items-center justify-center self-center rounded-full text-lg leading-none text-slate-500 group-focus-within:opacity-100 group-hover:opacity-100 hover:bg-slate-200 hover:text-slate-900 focus-visible:opacity-100 focus-visible:outline-2 focus-visible:outline-blue-600 ${menuOpen ? "opacity-100" : "opacity-0"}`}
      >
        <span aria-hidden>…</span>
      </button>
    </article>
  );
});

/**
 * The body with its web links as real links (see linkify.ts for which URLs qualify). They open in
 * a new tab without telling the target where they came from (no opener, no referrer) and give it
 * no search-engine credit. Links take part in the list's roving focus: Tab reaches them only in
 * the message that holds the list's Tab stop.
 */
function MessageText({ body, own, tabbable }: { body: string; own: boolean; tabbable: boolean }) {
  return linkify(body).map((part, i) =>
    part.kind === "text" ? (
      part.text
    ) : (
      <a
        key={i}
        href={part.href}
        target="_blank"
        rel="noopener noreferrer nofollow"
        tabIndex={tabbable ? 0 : -1}
        className={`underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-offset-2 ${own ? "text-white focus-visible:outline-white" : "text-blue-700 focus-visible:outline-blue-600"}`}
      >
        {part.text}
      </a>
    ),
  );
}

/** Consecutive tips of the same kind, as one line that expands into the single tips. */
export function TipRun({
  text,
  first,
  last,
  tabbable,
  t,
  onExpand,
}: {
  text: string;
  first: string;
  last: { id: string; seq: number };
  tabbable: boolean;
  t: Dictionary;
  onExpand: (firstId: string) => void;
}) {
  return (
    <article
      aria-label={text}
      tabIndex={tabbable ? 0 : -1}
      data-row={first}
      data-message-id={last.id}
      data-seq={last.seq}
      onKeyDown={(e) => {
        if (e.target === e.currentTarget && e.key === "Enter") {
          e.preventDefault();
          onExpand(first);
        }
      }}
      className="flex min-h-12 items-center justify-center px-4 py-1 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600"
    >
      <p className="max-w-full rounded-full bg-slate-200/70 px-3 py-1 text-center text-xs text-slate-600">
        {text}{" "}
        <button
          type="button"
          tabIndex={-1}
          aria-expanded={false}
          onClick={() => onExpand(first)}
          className="ml-1 rounded font-semibold text-blue-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600"
        >
          {t.recall.showAll}
        </button>
      </p>
    </article>
  );
}

function ReeditButton({
  messageId,
  t,
  onReedit,
}: {
  messageId: string;
  t: Dictionary;
  onReedit: (id: string) => void;
}) {
  const reedit = useReedit(messageId);
  const now = useServerNow(Boolean(reedit));
  if (!reedit || now >= reedit.until.getTime()) return null;
  return (
    <>
      {" "}
      <button
        type="button"
        onClick={() => onReedit(messageId)}
        className="ml-1 rounded font-semibold text-blue-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600"
      >
        {t.message.reedit}
      </button>
    </>
  );
}

export function QuoteBlock({
  quote,
  quotedNow,
  own,
  t,
}: {
  quote: Quote;
  quotedNow?: MessageView;
  own: boolean;
  t: Dictionary;
}) {
  const recalled = quote.recalled || quote.body === null || (quotedNow !== undefined && quotedNow.recall !== null);
  return (
    <div
      className={`mb-1.5 rounded-lg border-l-2 px-2 py-1 text-xs ${own ? "border-white/70 bg-white/15 text-blue-50" : "border-slate-400 bg-slate-100 text-slate-600"}`}
    >
      {recalled ? (
        <p className="italic">{t.message.originalRecalled}</p>
      ) : (
        <>
          <p className="font-semibold">{quote.senderName}</p>
          <p className="line-clamp-2 break-words whitespace-pre-wrap">{quote.body}</p>
        </>
      )}
    </div>
  );
}

export function PendingRow({
  pending,
  showSender,
  t,
  quotedNow,
  onRetry,
}: {
  pending: PendingMessage;
  showSender: boolean;
  t: Dictionary;
  quotedNow: MessageView | undefined;
  onRetry: (p: PendingMessage) => void;
}) {
  const failed = pending.status === "failed";
  return (
    <article
      aria-label={`${pending.senderName}: ${pending.body}`}
      aria-busy={!failed}
      tabIndex={-1}
      data-row={`p:${pending.clientMsgId}`}
      className="flex flex-row-reverse items-end gap-2 px-3 py-1 sm:px-4"
    >
      {showSender ? <Avatar id={pending.senderId} name={pending.senderName} size="sm" /> : null}
      <div className="flex max-w-[80%] min-w-0 flex-col items-end sm:max-w-[70%]">
        <div
          className={`max-w-full rounded-2xl rounded-br-md px-3.5 py-2 text-[0.9375rem] leading-snug shadow-sm ${
            failed ? "bg-red-50 text-red-950 ring-1 ring-red-200" : "bg-blue-600/70 text-white"
          }`}
        >
          {pending.replyTo ? <QuoteBlock quote={pending.replyTo} quotedNow={quotedNow} own={!failed} t={t} /> : null}
          <p className="[overflow-wrap:anywhere] break-words whitespace-pre-wrap">{pending.body}</p>
        </div>
        <p className="mt-0.5 flex items-center gap-2 px-1 text-[0.6875rem] text-slate-600">
          {failed ? (
            <>
              <span className="text-red-700">{t.message.failed}</span>
              <button
                type="button"
                onClick={() => onRetry(pending)}
                className="rounded font-semibold text-blue-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600"
              >
                {t.message.retry}
              </button>
            </>
          ) : (
            <span>{t.message.sending}</span>
          )}
        </p>
      </div>
    </article>
  );
}
