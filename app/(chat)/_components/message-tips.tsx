"use client";

import { type ReactNode } from "react";
import { type Dictionary } from "~/app/_i18n/dictionaries";
import { useServerNow } from "~/app/_realtime/use-server-now";
import { useReedit } from "../_lib/reedit-store";
import { TextButton } from "./text-button";

/**
 * The look of a line in the log that stands instead of a bubble: a recall tip, a system line, a
 * run of tips. Rows spread it on their own <article> (a component here would make React replace
 * the element when a message turns into a tip, and focus on it would be lost).
 */
export const TIP_LINE =
  "flex min-h-12 items-center justify-center px-4 py-1 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600";

/** The text of such a line. */
export function TipText({ children }: { children: ReactNode }) {
  return (
    <p className="max-w-full rounded-full bg-slate-200/70 px-3 py-1 text-center text-xs text-slate-600">{children}</p>
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
      className={TIP_LINE}
    >
      <TipText>
        {text}{" "}
        <TextButton tabIndex={-1} aria-expanded={false} onClick={() => onExpand(first)} className="ml-1">
          {t.recall.showAll}
        </TextButton>
      </TipText>
    </article>
  );
}

/** Re-edit on one's own recall tip, while the recalled text may still be taken back into the draft. */
export function ReeditButton({
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
      <TextButton onClick={() => onReedit(messageId)} className="ml-1">
        {t.message.reedit}
      </TextButton>
    </>
  );
}
