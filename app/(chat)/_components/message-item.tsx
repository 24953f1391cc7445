"use client";

import { memo } from "react";
import { type Dictionary } from "~/app/_i18n/dictionaries";
import { type Locale } from "~/app/_i18n/locale";
import { spokenContent } from "~/app/_realtime/message-preview";
import { type MessageView } from "~/server/realtime/events";
import { recallTip } from "../_lib/recall-tip";
import { systemLineText } from "../_lib/system-line";
import { Avatar } from "./avatar";
import { MessageAttachments } from "./message-attachments";
import { MessageMeta, MessageText } from "./message-parts";
import { ReeditButton, TIP_LINE, TipText } from "./message-tips";
import { QuoteBlock } from "./quote-block";
import { useRowMenu } from "./use-row-menu";

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
 * so focus (e.g. after recalling from the menu) is not lost and nothing around it moves. Tips
 * have a menu too (only "Delete for me").
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
  const { rowProps, openFromButton } = useRowMenu(message, own, onOpenMenu);
  const menuButton = (extra: string) => (
    <button
      type="button"
      aria-label={t.message.actions}
      aria-haspopup="menu"
      aria-expanded={menuOpen}
      // Not a Tab stop: the keyboard opens the menu with Enter on the message (one stop per list).
      tabIndex={-1}
      onClick={openFromButton}
      className={`${extra} inline-flex h-8 w-8 shrink-0 items-center justify-center self-center rounded-full text-lg leading-none text-slate-500 group-focus-within:opacity-100 group-hover:opacity-100 hover:bg-slate-200 hover:text-slate-900 focus-visible:opacity-100 focus-visible:outline-2 focus-visible:outline-blue-600 ${menuOpen ? "opacity-100" : "opacity-0"}`}
    >
      <span aria-hidden>…</span>
    </button>
  );

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
        {...rowProps}
        className={`group relative gap-1 ${TIP_LINE} ${menuOpen ? "bg-slate-200/40" : ""}`}
      >
        {/* Balances the menu button, so the tip stays centred. */}
        <span aria-hidden className="w-8 shrink-0" />
        <TipText>
          {text}
          {recalled && message.recall!.by.id === meId && message.sender.id === meId ? (
            <ReeditButton messageId={message.id} t={t} onReedit={onReedit} />
          ) : null}
        </TipText>
        {menuButton("")}
      </article>
    );
  }

  const body = message.body ?? "";
  const { attachments } = message;
  const spoken = spokenContent(message, t);
  return (
    <article
      aria-label={`${message.sender.name}: ${spoken}${message.edited ? ` ${t.message.edited}` : ""}`}
      tabIndex={tabbable ? 0 : -1}
      data-row={message.id}
      data-seq={message.seq}
      data-message-id={message.id}
      data-highlighted={highlighted || undefined}
      {...rowProps}
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
          className={`max-w-full rounded-2xl text-[0.9375rem] leading-snug shadow-sm select-none md:select-text ${attachments.length > 0 ? "p-1.5" : "px-3.5 py-2"} ${
            own ? "rounded-br-md bg-blue-600 text-white" : "rounded-bl-md bg-white text-slate-900 ring-1 ring-slate-200"
          }`}
        >
          {message.replyTo ? <QuoteBlock quote={message.replyTo} quotedNow={quotedNow} own={own} t={t} /> : null}
          {attachments.length > 0 ? (
            <MessageAttachments
              attachments={attachments}
              caption={message.body}
              own={own}
              tabbable={tabbable}
              t={t}
              locale={locale}
            />
          ) : null}
          {/* Sent with files and no text: no empty line under them. */}
          {body !== "" || attachments.length === 0 ? (
            <p
              className={`[overflow-wrap:anywhere] break-words whitespace-pre-wrap ${attachments.length > 0 ? "px-2 pt-1.5 pb-0.5" : ""}`}
            >
              <MessageText body={body} own={own} tabbable={tabbable} />
            </p>
          ) : null}
        </div>
        {message.restored ? (
          <p className="mt-0.5 px-1 text-[0.6875rem] text-slate-600 italic">
            {own ? t.message.restoredByAdmin : t.message.restored}
          </p>
        ) : null}
        <MessageMeta message={message} showTime={showTime} locale={locale} t={t} />
      </div>
      {menuButton(showTime || message.edited ? "mb-5" : "")}
    </article>
  );
});
