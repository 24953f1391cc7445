"use client";

import { useHydrated } from "~/app/_hooks/use-hydrated";
import { type Dictionary } from "~/app/_i18n/dictionaries";
import { type Locale } from "~/app/_i18n/locale";
import { type MessageView } from "~/server/realtime/events";
import { formatFullTime, formatMessageTime } from "../_lib/format";
import { linkify } from "../_lib/linkify";

/**
 * The body with its web links as real links (see linkify.ts for which URLs qualify). They open in
 * a new tab without telling the target where they came from (no opener, no referrer) and give it
 * no search-engine credit. Links take part in the list's roving focus: Tab reaches them only in
 * the message that holds the list's Tab stop.
 */
export function MessageText({ body, own, tabbable }: { body: string; own: boolean; tabbable: boolean }) {
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

/**
 * The line under a bubble: the time (last of a run), and "(edited)" on an edited message with the
 * time of its last edit as its tooltip. Times are in the reader's time zone, which the server
 * render does not know: filled in once hydrated (the space keeps the line's height).
 */
export function MessageMeta({
  message,
  showTime,
  locale,
  t,
}: {
  message: MessageView;
  showTime: boolean;
  locale: Locale;
  t: Dictionary;
}) {
  const hydrated = useHydrated();
  const { createdAt: at, edited } = message;
  if (!showTime && !edited) return null;
  return (
    <p className="mt-0.5 px-1 text-[0.6875rem] text-slate-600">
      {showTime ? (
        <time dateTime={at.toISOString()} title={hydrated ? formatFullTime(at, locale) : undefined}>
          {hydrated ? formatMessageTime(at, locale) : "\u00a0"}
        </time>
      ) : null}
      {showTime && edited ? " " : null}
      {edited ? (
        <span title={hydrated ? t.message.editedAt(formatFullTime(edited.at, locale)) : undefined}>
          {t.message.edited}
        </span>
      ) : null}
    </p>
  );
}
