"use client";

import { memo } from "react";
import { useHydrated } from "~/app/_hooks/use-hydrated";
import { type Dictionary } from "~/app/_i18n/dictionaries";
import { type Locale } from "~/app/_i18n/locale";
import { type MessageView } from "~/server/realtime/events";
import { formatFullTime, formatMessageTime } from "../_lib/format";
import { linkify } from "../_lib/linkify";
import { recallTip } from "../_lib/recall-tip";
import { systemLineText } from "../_lib/system-line";
import { Avatar } from "./avatar";
import { ReeditButton, TIP_LINE, TipText } from "./message-tips";
import { QuoteBlock } from "./quote-block";
import { useLongPress } from "./use-long-press";

export interface MenuAnchor {
  /** Where to place the menu (viewport coordinates). */
  x: number;
  y: number;
  /** What gets focus back when the menu closes. */
  returnFocus: HTMLElement;
}

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
  const recalled = message.recall !== null;
  const system = message.kind === "system";
  const actionable = !recalled && !system;

  const openFrom = (el: HTMLElement, x?: number, y?: number) => {
    const rect = el.getBoundingClientRect();
    onOpenMenu(message, { x: x ?? (own ? rect.right : rect.left), y: y ?? rect.bottom, returnFocus: el });
  };

  // Touch screens have no context menu key or right click: a long press on the message opens the menu.
  const { cancelPress, onPointerDown, onPointerMove } = useLongPress(actionable, (article, x, y) => {
    article.focus({ preventScroll: true });
    openFrom(article, x, y + 12);
  });

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
        className={TIP_LINE}
      >
        <TipText>
          {text}
          {recalled && message.recall!.by.id === meId && message.sender.id === meId ? (
            <ReeditButton messageId={message.id} t={t} onReedit={onReedit} />
          ) : null}
        </TipText>
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
        {showTime ? <MessageTime at={message.createdAt} locale={locale} /> : null}
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

/** In the reader's time zone, which the server render does not know: filled in once hydrated (the space keeps the line's height). */
function MessageTime({ at, locale }: { at: Date; locale: Locale }) {
  const hydrated = useHydrated();
  return (
    <time
      dateTime={at.toISOString()}
      title={hydrated ? formatFullTime(at, locale) : undefined}
      className="mt-0.5 px-1 text-[0.6875rem] text-slate-600"
    >
      {hydrated ? formatMessageTime(at, locale) : "\u00a0"}
    </time>
  );
}
