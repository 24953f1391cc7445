"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { field } from "~/app/_components/styles";
import { useDebouncedValue } from "~/app/_hooks/use-debounced-value";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";

export interface Person {
  id: string;
  name: string;
  /** Present only when the search was this person's exact email. */
  email: string | null;
}

function usePeopleSearch(query: string, limit: number, searchEmpty: boolean) {
  const trpc = useTRPC();
  return useQuery(
    trpc.user.search.queryOptions(
      { query, limit },
      { enabled: searchEmpty || query.length > 0, placeholderData: keepPreviousData },
    ),
  );
}

export type PeopleSearch = ReturnType<typeof usePeopleSearch>;

/**
 * Picking people by searching: a search box whose text, once typing pauses, searches the users.
 * How the results show, and what picking one does, is the caller's (`children`, given the search
 * and the query it ran).
 */
export function PersonPicker({
  label,
  limit,
  searchEmpty,
  children,
}: {
  label: string;
  limit: number;
  /** Search with an empty box too (a first list to pick from); otherwise wait for a letter. */
  searchEmpty: boolean;
  children: (people: PeopleSearch, query: string) => ReactNode;
}) {
  const t = useT();
  const [query, setQuery] = useState("");
  const debounced = useDebouncedValue(query.trim(), 200);
  const people = usePeopleSearch(debounced, limit, searchEmpty);
  return (
    <>
      <input
        type="search"
        aria-label={label}
        placeholder={t.newChat.searchHint}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        className={field.input}
      />
      {children(people, debounced)}
    </>
  );
}

/** A person's name and, when the search was their exact email, that email. */
export function PersonName({ person, strong = false }: { person: Person; strong?: boolean }) {
  return (
    <span className="min-w-0 flex-1">
      <span
        className={
          strong ? "block truncate text-sm font-medium text-slate-900" : "block truncate text-sm text-slate-900"
        }
      >
        {person.name}
      </span>
      {person.email ? <span className="block truncate text-xs text-slate-500">{person.email}</span> : null}
    </span>
  );
}
