"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { describeError } from "~/app/_components/error-message";
import { type Dictionary } from "~/app/_i18n/dictionaries";
import { useLocale, useT } from "~/app/_i18n/provider";
import { previewText as messagePreview } from "~/app/_realtime/message-preview";
import { useTRPC } from "~/app/_trpc/client";
import { badgeCount, formatListTime } from "../_lib/format";
import { recallTip } from "../_lib/recall-tip";
import { systemLineText } from "../_lib/system-line";
import { type ConversationListItem } from "../_lib/types";
import { Avatar } from "./avatar";
import { type Me, useMe } from "./me";
import { ErrorState, ListSkeleton } from "./status";

export function ConversationList({ activeId }: { activeId: string | null }) {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const me = useMe();
  const list = useQuery(trpc.conversation.list.queryOptions());
  // "Today" for relative times: when this list was received, so render stays pure.
  const now = new Date(list.dataUpdatedAt);

  return (
    // aria-busy tells assistive tech (and the e2e page model) that the skeleton is not the list yet.
    <nav aria-label={t.list.conversations} aria-busy={list.isPending}>
      {list.isPending ? (
        <ListSkeleton />
      ) : list.isError ? (
        <ErrorState
          message={`${t.list.loadFailed} ${describeError(list.error, t, locale)}`}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.items.length === 0 ? (
        <p className="p-6 text-center text-sm text-slate-600">{t.list.empty}</p>
      ) : (
        <ul className="p-2">
          {list.data.items.map((c) => (
            <li key={c.id}>
              <ConversationLink item={c} active={c.id === activeId} me={me} t={t} now={now} />
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}

function previewText(item: ConversationListItem, me: Me, t: Dictionary): string {
  const p = item.preview;
  if (!p) return t.list.noMessages;
  if (p.recall) return recallTip(t, { sender: p.sender, recall: p.recall }, me.id);
  if (p.kind === "system") return systemLineText(t, p, me.id);
  // Sent without text: its files' summary ("📷 Photo"); the recall tip above wins over it.
  const body = messagePreview(p, t);
  if (p.sender.id === me.id) return t.list.line(t.list.you, body);
  return item.kind === "group" && p.kind === "text" ? t.list.line(p.sender.name, body) : body;
}

function ConversationLink({
  item,
  active,
  me,
  t,
  now,
}: {
  item: ConversationListItem;
  active: boolean;
  me: Me;
  t: Dictionary;
  now: Date;
}) {
  const locale = useLocale();
  const title = item.title || (item.kind === "group" ? t.list.untitled : "");
  const when = item.preview?.createdAt ?? item.lastMessageAt;
  const unread = active ? 0 : item.unread;
  return (
    <Link
      href={`/c/${item.id}`}
      aria-current={active ? "page" : undefined}
      className={`flex items-center gap-3 rounded-xl px-2.5 py-2.5 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600 ${
        active ? "bg-blue-50" : "hover:bg-slate-50"
      }`}
    >
      <Avatar id={item.peerId ?? item.id} name={title} />
      <span className="min-w-0 flex-1">
        <span className="flex items-baseline gap-2">
          <span
            className={`min-w-0 flex-1 truncate text-sm ${unread > 0 ? "font-semibold text-slate-900" : "font-medium text-slate-800"}`}
          >
            {title}
          </span>
          <time dateTime={when.toISOString()} className="shrink-0 text-xs text-slate-600">
            {" "}
            {formatListTime(when, now, locale)}
          </time>
        </span>
        <span className="mt-0.5 flex items-center gap-2">
          <span
            className={`min-w-0 flex-1 truncate text-sm ${item.preview?.recall ? "text-slate-600 italic" : unread > 0 ? "text-slate-800" : "text-slate-600"}`}
          >
            {" "}
            {previewText(item, me, t)}
          </span>
          {unread > 0 ? (
            <span
              aria-label={t.list.unread(unread)}
              className="inline-flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full bg-blue-600 px-1.5 text-xs font-semibold text-white"
            >
              {badgeCount(unread)}
            </span>
          ) : null}
        </span>
      </span>
    </Link>
  );
}
