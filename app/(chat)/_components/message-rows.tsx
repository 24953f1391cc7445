"use client";

import { useMemo } from "react";
import { useLocale, useT } from "~/app/_i18n/provider";
import { type MessageView } from "~/server/realtime/events";
import { recallTip } from "../_lib/recall-tip";
import { useReeditIds } from "../_lib/reedit-store";
import { foldTipRuns } from "../_lib/tip-runs";
import { type Me } from "./me";
import { type MenuAnchor, MessageRow } from "./message-item";
import { TipRun } from "./message-tips";

/** The log's rows: each message, with runs of like recall tips folded into one line until opened. */
export function MessageRows({
  messages,
  group,
  me,
  byId,
  roving,
  highlighted,
  menuMessageId,
  onOpenMenu,
  onReedit,
}: {
  messages: MessageView[];
  group: boolean;
  me: Me;
  byId: ReadonlyMap<string, MessageView>;
  roving: { activeRow: string | null; expanded: ReadonlySet<string>; expand: (firstId: string) => void };
  highlighted: string | null;
  menuMessageId: string | null;
  onOpenMenu: (message: MessageView, anchor: MenuAnchor) => void;
  onReedit: (messageId: string) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const withReedit = useReeditIds();
  const { activeRow, expanded, expand } = roving;

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

  return logRows.map((r) => {
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
    const own = m.sender.id === me.id;
    return (
      <MessageRow
        key={m.id}
        message={m}
        own={own}
        showSender={group && !own && !sameRun(messages[i - 1], m)}
        showTime={!sameRun(m, messages[i + 1])}
        gutter={group && !own}
        tabbable={tabRow === m.id}
        highlighted={highlighted === m.id}
        meId={me.id}
        t={t}
        locale={locale}
        menuOpen={menuMessageId === m.id}
        quotedNow={m.replyTo ? byId.get(m.replyTo.id) : undefined}
        onOpenMenu={onOpenMenu}
        onReedit={onReedit}
      />
    );
  });
}

const RUN_GAP_MS = 5 * 60_000;

/** Consecutive readable messages from one sender within a few minutes read as one run. */
function sameRun(a: MessageView | undefined, b: MessageView | undefined): boolean {
  if (!a || !b) return false;
  if (a.recall || b.recall || a.kind === "system" || b.kind === "system") return false;
  return a.sender.id === b.sender.id && b.createdAt.getTime() - a.createdAt.getTime() < RUN_GAP_MS;
}
