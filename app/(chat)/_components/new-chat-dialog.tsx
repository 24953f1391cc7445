"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, type KeyboardEvent, type ReactNode, useId, useRef, useState } from "react";
import { Dialog } from "~/app/_components/dialog";
import { describeError } from "~/app/_components/error-message";
import { button, field } from "~/app/_components/styles";
import { useLocale, useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { Avatar } from "./avatar";
import { type PeopleSearch, type Person, PersonName, PersonPicker } from "./person-picker";
import { ErrorState, Loading } from "./status";

type Mode = "direct" | "group";

export function NewChatDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [mode, setMode] = useState<Mode>("direct");
  const baseId = useId();
  const tabs: { value: Mode; label: string }[] = [
    { value: "direct", label: t.newChat.direct },
    { value: "group", label: t.newChat.group },
  ];
  const tabRefs = useRef<Record<Mode, HTMLButtonElement | null>>({ direct: null, group: null });

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft" && e.key !== "Home" && e.key !== "End") return;
    e.preventDefault();
    const next: Mode = e.key === "Home" ? "direct" : e.key === "End" ? "group" : mode === "direct" ? "group" : "direct";
    setMode(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <Dialog title={t.newChat.title} onClose={onClose} wide>
      <div
        role="tablist"
        aria-label={t.newChat.title}
        className="mb-4 grid grid-cols-2 gap-1 rounded-lg bg-slate-100 p-1"
      >
        {tabs.map((tab) => (
          <button
            key={tab.value}
            ref={(el) => {
              tabRefs.current[tab.value] = el;
            }}
            type="button"
            role="tab"
            id={`${baseId}-tab-${tab.value}`}
            aria-selected={mode === tab.value}
            aria-controls={`${baseId}-panel-${tab.value}`}
            tabIndex={mode === tab.value ? 0 : -1}
            onClick={() => setMode(tab.value)}
            onKeyDown={onTabKey}
            className={`rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-blue-600 ${
              mode === tab.value ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"
            }`}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-panel-${mode}`} aria-labelledby={`${baseId}-tab-${mode}`}>
        {mode === "direct" ? <DirectPanel onDone={onClose} /> : <GroupPanel onDone={onClose} />}
      </div>
    </Dialog>
  );
}

/** After creating a conversation: the list shows it, the dialog closes, and it opens. */
function useOpenCreated(onDone: () => void) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  return async ({ id }: { id: string }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.conversation.list.queryKey() });
    onDone();
    router.push(`/c/${id}`);
  };
}

function DirectPanel({ onDone }: { onDone: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const openCreated = useOpenCreated(onDone);
  const create = useMutation(trpc.conversation.createDirect.mutationOptions({ onSuccess: openCreated }));

  return (
    <div className="space-y-3">
      <PersonPicker label={t.newChat.searchPeople} limit={20} searchEmpty>
        {(people) => (
          <>
            <CreateError create={create} />
            <PeopleList
              people={people}
              render={(p) => (
                <button
                  type="button"
                  disabled={create.isPending}
                  onClick={() => create.mutate({ userId: p.id })}
                  className="flex w-full items-center gap-3 rounded-lg px-2 py-2 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-blue-600 disabled:opacity-60"
                >
                  <Avatar id={p.id} name={p.name} size="sm" />
                  <PersonName person={p} strong />
                </button>
              )}
            />
          </>
        )}
      </PersonPicker>
    </div>
  );
}

function GroupPanel({ onDone }: { onDone: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const id = useId();
  const [title, setTitle] = useState("");
  const [selected, setSelected] = useState<Person[]>([]);
  const openCreated = useOpenCreated(onDone);
  const create = useMutation(trpc.conversation.createGroup.mutationOptions({ onSuccess: openCreated }));

  const toggle = (p: Person, on: boolean) =>
    setSelected((list) => (on ? [...list.filter((x) => x.id !== p.id), p] : list.filter((x) => x.id !== p.id)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ title, memberIds: selected.map((p) => p.id) });
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <div>
        <label htmlFor={`${id}-title`} className={field.label}>
          {t.newChat.groupTitle}
        </label>
        <input
          id={`${id}-title`}
          value={title}
          maxLength={80}
          onChange={(e) => setTitle(e.target.value)}
          className={field.input}
          required
        />
      </div>
      <fieldset className="space-y-2">
        <legend className={field.label}>{t.newChat.pickMembers}</legend>
        {selected.length ? (
          <ul aria-label={t.newChat.selected(selected.length)} className="flex flex-wrap gap-1.5">
            {selected.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  aria-label={t.newChat.unselect(p.name)}
                  onClick={() => toggle(p, false)}
                  className="inline-flex items-center gap-1 rounded-full bg-blue-50 px-2.5 py-1 text-xs font-medium text-blue-800 hover:bg-blue-100 focus-visible:outline-2 focus-visible:outline-blue-600"
                >
                  {p.name} <span aria-hidden>×</span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <PersonPicker label={t.newChat.searchPeople} limit={20} searchEmpty>
          {(people) => (
            <PeopleList
              people={people}
              render={(p) => (
                <label className="flex w-full cursor-pointer items-center gap-3 rounded-lg px-2 py-2 hover:bg-slate-50">
                  <input
                    type="checkbox"
                    checked={selected.some((x) => x.id === p.id)}
                    onChange={(e) => toggle(p, e.target.checked)}
                    className="h-4 w-4 rounded border-slate-300 text-blue-600 focus-visible:outline-2 focus-visible:outline-blue-600"
                  />
                  <Avatar id={p.id} name={p.name} size="sm" />
                  <PersonName person={p} strong />
                </label>
              )}
            />
          )}
        </PersonPicker>
      </fieldset>
      <CreateError create={create} />
      <div className="flex justify-end">
        <button type="submit" disabled={create.isPending} className={button.primary}>
          {create.isPending ? t.newChat.creating : t.newChat.create}
        </button>
      </div>
    </form>
  );
}

function CreateError({ create }: { create: { isError: boolean; error: unknown } }) {
  const t = useT();
  const locale = useLocale();
  if (!create.isError) return null;
  return (
    <p role="alert" className={field.error}>
      {describeError(create.error, t, locale)}
    </p>
  );
}

function PeopleList({ people, render }: { people: PeopleSearch; render: (p: Person) => ReactNode }) {
  const t = useT();
  const locale = useLocale();
  if (people.isPending) return <Loading />;
  if (people.isError)
    return <ErrorState message={describeError(people.error, t, locale)} onRetry={() => void people.refetch()} />;
  if (people.data.length === 0)
    return <p className="px-2 py-4 text-center text-sm text-slate-500">{t.newChat.noPeople}</p>;
  return (
    <ul className="max-h-64 overflow-y-auto">
      {people.data.map((p) => (
        <li key={p.id}>{render(p)}</li>
      ))}
    </ul>
  );
}
