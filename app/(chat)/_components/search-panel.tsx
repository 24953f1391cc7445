"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { describeError } from "~/app/_components/error-message";
import { SearchIcon } from "~/app/_components/icons";
import { useLocale, useT } from "~/app/_i18n/provider";
import { useDebouncedValue } from "~/app/_hooks/use-debounced-value";
import { useTRPC } from "~/app/_trpc/client";
import { formatListTime } from "../_lib/format";
import { ErrorState, Loading } from "./status";

function Box({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const t = useT();
  return (
    <div className="relative">
      <SearchIcon className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-500" />
      <input
        type="search"
        aria-label={t.search.label}
        placeholder={t.search.placeholder}
        value={value}
        maxLength={100}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape" && value) {
            e.preventDefault();
            onChange("");
          }
        }}
        className="block w-full rounded-lg border border-slate-200 bg-slate-50 py-2 pr-3 pl-8 text-base text-slate-900 placeholder:text-slate-400 focus:border-blue-500 focus:bg-white focus-visible:outline-2 focus-visible:outline-blue-600 sm:text-sm"
      />
    </div>
  );
}

function Results({ query }: { query: string }) {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const q = useDebouncedValue(query.trim(), 250);
  // The server refuses fewer than 3 characters (2 in CJK; % and _ do not count): don't ask it.
  const narrowing = q.replace(/[\s%_]/gu, "");
  const specific =
    narrowing.length >= 3 ||
    (narrowing.length === 2 &&
      /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(narrowing));
  const search = useQuery(trpc.message.search.queryOptions({ query: q, limit: 30 }, { enabled: specific }));
  const list = useQuery(trpc.conversation.list.queryOptions());
  const titles = new Map((list.data?.items ?? []).map((c) => [c.id, c.title]));
  const now = new Date(search.dataUpdatedAt);

  return (
    <section aria-label={t.search.results} className="p-2">
      {!q || search.isPending ? (
        <Loading label={t.search.searching} />
      ) : search.isError ? (
        <ErrorState message={describeError(search.error, t, locale)} onRetry={() => void search.refetch()} />
      ) : search.data.results.length === 0 ? (
        <p aria-live="polite" className="p-6 text-center text-sm text-slate-500">
          {t.search.none}
        </p>
      ) : (
        <ul className="space-y-1">
          {search.data.results.map((m) => (
            <li key={m.id}>
              <Link
                href={`/c/${m.conversationId}?m=${m.id}`}
                className="block rounded-xl px-3 py-2.5 hover:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600"
              >
                <span className="flex items-baseline gap-2">
                  <span className="min-w-0 flex-1 truncate text-sm font-medium text-slate-900">
                    {titles.get(m.conversationId) ?? m.sender.name}
                  </span>
                  <time dateTime={m.createdAt.toISOString()} className="shrink-0 text-xs text-slate-500">
                    {formatListTime(m.createdAt, now, locale)}
                  </time>
                </span>
                <span className="mt-0.5 block truncate text-sm text-slate-600">
                  {m.sender.name}: <Highlight text={m.body ?? ""} query={q} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Highlight({ text, query }: { text: string; query: string }) {
  const at = text.toLowerCase().indexOf(query.toLowerCase());
  if (!query || at < 0) return <>{text}</>;
  // Show the match even when it sits far into a long message.
  const start = at > 40 ? at - 30 : 0;
  return (
    <>
      {start > 0 ? "…" : ""}
      {text.slice(start, at)}
      <mark className="rounded bg-yellow-100 px-0.5 text-slate-900">{text.slice(at, at + query.length)}</mark>
      {text.slice(at + query.length)}
    </>
  );
}

export const SearchPanel = { Box, Results };
