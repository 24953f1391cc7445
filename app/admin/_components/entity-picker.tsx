"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { field } from "~/app/_components/styles";
import { useDebouncedValue } from "~/app/_hooks/use-debounced-value";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { type ConversationKind } from "~/db/schema";

/** What a picker hands back: the id, its label and, for conversations, group or direct. */
export interface PickedEntity {
  id: string;
  label: string;
  kind?: ConversationKind;
}

interface Option extends PickedEntity {
  hint?: string;
}

/**
 * Pick a person or a conversation by typing (ARIA 1.2 combobox with a listbox popup). The value is
 * an id; its name is looked up, so an id restored from a shared URL still reads as a name.
 */
export function EntityPicker({
  kind,
  label,
  value,
  onChange,
  memberId,
  invalid,
  describedBy,
}: {
  kind: "user" | "conversation";
  label: string;
  value: string | null;
  onChange: (value: PickedEntity | null) => void;
  /** Conversations: only those this user is in. */
  memberId?: string;
  invalid?: boolean;
  describedBy?: string;
}) {
  const t = useT();
  const trpc = useTRPC();
  const inputId = useId();
  const listId = useId();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [picked, setPicked] = useState<Option | null>(null);
  const query = useDebouncedValue(text.trim(), 200);

  const users = useQuery(
    trpc.admin.directory.users.queryOptions({ query, limit: 8 }, { enabled: kind === "user" && open && !value }),
  );
  const conversations = useQuery(
    trpc.admin.directory.conversations.queryOptions(
      { query, memberId, limit: 8 },
      { enabled: kind === "conversation" && open && !value },
    ),
  );
  const resolved = useQuery(
    trpc.admin.directory.resolve.queryOptions(
      kind === "user" ? { userIds: value ? [value] : [] } : { conversationIds: value ? [value] : [] },
      { enabled: Boolean(value) && picked?.id !== value, staleTime: 300_000 },
    ),
  );

  const options: Option[] =
    kind === "user"
      ? (users.data ?? []).map((u) => ({ id: u.id, label: u.name, hint: u.email }))
      : (conversations.data ?? []).map((c) => ({ id: c.id, label: c.label, kind: c.kind }));
  const loading = kind === "user" ? users.isFetching : conversations.isFetching;

  const valueLabel =
    picked?.id === value
      ? picked?.label
      : kind === "user"
        ? resolved.data?.users.find((u) => u.id === value)?.name
        : resolved.data?.conversations.find((c) => c.id === value)?.label;

  const choose = (option: Option) => {
    setPicked(option);
    setText("");
    setOpen(false);
    onChange({ id: option.id, label: option.label, kind: option.kind });
  };

  if (value) {
    const shown = valueLabel ?? "…";
    return (
      <div>
        <span id={inputId} className={field.label}>
          {label}
        </span>
        <div
          role="group"
          aria-labelledby={inputId}
          className="mt-1 flex min-h-[2.375rem] items-center gap-2 rounded-lg border border-slate-300 bg-slate-50 px-3 py-1.5 text-sm"
        >
          <span className="min-w-0 flex-1 truncate font-medium text-slate-900">{shown}</span>
          <button
            type="button"
            aria-label={t.admin.picker.remove(shown)}
            onClick={() => {
              setPicked(null);
              onChange(null);
            }}
            className="inline-flex h-6 w-6 items-center justify-center rounded-full text-slate-500 hover:bg-slate-200 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600"
          >
            <span aria-hidden>×</span>
          </button>
        </div>
      </div>
    );
  }

  const showList = open;
  const optionId = (i: number) => `${listId}-o${i}`;
  return (
    <div className="relative">
      <label htmlFor={inputId} className={field.label}>
        {label}
      </label>
      <input
        id={inputId}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList && options[active] ? optionId(active) : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        placeholder={kind === "user" ? t.admin.picker.searchUsers : t.admin.picker.searchConversations}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, Math.max(options.length - 1, 0)));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === "Enter") {
            const option = options[active];
            if (showList && option) {
              e.preventDefault();
              choose(option);
            }
          } else if (e.key === "Escape" && showList) {
            e.preventDefault();
            e.stopPropagation();
            setOpen(false);
          }
        }}
        className={field.input}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={label}
        hidden={!showList}
        className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-lg border border-slate-200 bg-white py-1 text-sm shadow-lg"
      >
        {options.map((o, i) => (
          <li
            key={o.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            // mousedown, not click: it fires before the input's blur closes the list.
            onMouseDown={(e) => {
              e.preventDefault();
              choose(o);
            }}
            onMouseEnter={() => setActive(i)}
            className={`cursor-pointer px-3 py-2 ${i === active ? "bg-blue-50 text-blue-900" : "text-slate-800"}`}
          >
            <span className="font-medium">{o.label}</span>
            {o.hint ? <span className="ml-2 text-xs text-slate-500">{o.hint}</span> : null}
          </li>
        ))}
        {options.length === 0 ? (
          <li role="presentation" className="px-3 py-2 text-slate-500">
            {loading ? t.admin.picker.searching : t.admin.picker.noMatches}
          </li>
        ) : null}
      </ul>
    </div>
  );
}
