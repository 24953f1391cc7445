"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Dialog } from "~/app/_components/dialog";
import { describeError } from "~/app/_components/error-message";
import { button } from "~/app/_components/styles";
import { useLocale, useT } from "~/app/_i18n/provider";
import { timelineKey } from "~/app/_realtime/sync-engine";
import { useTRPC } from "~/app/_trpc/client";
import { type MemberRole } from "~/db/schema";
import { type ConversationDetails, type Member } from "../_lib/types";
import { Avatar } from "./avatar";
import { useMe } from "./me";
import { PersonName, PersonPicker } from "./person-picker";

const ROLES: MemberRole[] = ["owner", "admin", "member"];

/** Members with their roles; owners and admins manage them (the server checks every change). */
export function MembersDialog({ details, onClose }: { details: ConversationDetails; onClose: () => void }) {
  const t = useT();
  const locale = useLocale();
  const me = useMe();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const group = details.kind === "group";
  const myRole = details.myRole;
  const canAdd = group && (myRole === "owner" || myRole === "admin");
  const canSetRoles = group && myRole === "owner";
  const canRemove = (m: Member) =>
    group && m.id !== me.id && (myRole === "owner" ? m.role !== "owner" : myRole === "admin" && m.role === "member");

  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.conversation.byId.queryKey({ id: details.id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.conversation.list.queryKey() }),
    ]);
  };
  const fail = (error: unknown) => setNotice({ tone: "error", text: describeError(error, t, locale) });

  const add = useMutation(trpc.conversation.addMember.mutationOptions({ onError: fail }));
  const setRole = useMutation(trpc.conversation.setMemberRole.mutationOptions({ onError: fail }));
  const remove = useMutation(trpc.conversation.removeMember.mutationOptions({ onError: fail }));
  const leave = useMutation(
    trpc.conversation.leave.mutationOptions({
      onError: fail,
      onSuccess: async () => {
        queryClient.removeQueries({ queryKey: timelineKey(details.id) });
        await queryClient.invalidateQueries({ queryKey: trpc.conversation.list.queryKey() });
        onClose();
        router.push("/");
      },
    }),
  );

  return (
    <Dialog
      title={t.members.title}
      description={group ? t.conversation.memberCount(details.members.length) : undefined}
      onClose={onClose}
      wide
    >
      {notice ? (
        <p
          role={notice.tone === "error" ? "alert" : "status"}
          className={`mb-3 rounded-lg px-3 py-2 text-sm ${notice.tone === "error" ? "bg-red-50 text-red-800" : "bg-emerald-50 text-emerald-900"}`}
        >
          {notice.text}
        </p>
      ) : null}
      <ul aria-label={t.members.title} className="divide-y divide-slate-100">
        {details.members.map((m) => (
          <li key={m.id} className="flex items-center gap-3 py-2.5">
            <Avatar id={m.id} name={m.name} size="sm" />
            <span className="min-w-0 flex-1 truncate text-sm font-medium text-slate-900">
              {m.name} {m.id === me.id ? <span className="font-normal text-slate-500">{t.members.you}</span> : null}
            </span>
            {canSetRoles && m.id !== me.id ? (
              <select
                aria-label={t.members.roleFor(m.name)}
                value={m.role}
                disabled={setRole.isPending}
                onChange={(e) =>
                  setRole.mutate(
                    { conversationId: details.id, userId: m.id, role: e.target.value as MemberRole },
                    {
                      onSuccess: async () => {
                        setNotice({ tone: "ok", text: t.members.roleChanged(m.name) });
                        await refresh();
                      },
                    },
                  )
                }
                className="rounded-lg border border-slate-300 bg-white px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-blue-600"
              >
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t.members.roles[r]}
                  </option>
                ))}
              </select>
            ) : group ? (
              <span
                className={`rounded-full px-2 py-0.5 text-xs font-medium ${m.role === "member" ? "bg-slate-100 text-slate-600" : "bg-blue-50 text-blue-800"}`}
              >
                {t.members.roles[m.role]}
              </span>
            ) : null}
            {canRemove(m) ? (
              <button
                type="button"
                aria-label={t.members.remove(m.name)}
                disabled={remove.isPending}
                onClick={() =>
                  remove.mutate(
                    { conversationId: details.id, userId: m.id },
                    {
                      onSuccess: async () => {
                        setNotice({ tone: "ok", text: t.members.removed(m.name) });
                        await refresh();
                      },
                    },
                  )
                }
                className="inline-flex h-8 w-8 items-center justify-center rounded-full text-lg text-slate-500 hover:bg-red-50 hover:text-red-700 focus-visible:outline-2 focus-visible:outline-blue-600"
              >
                <span aria-hidden>×</span>
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canAdd ? (
        <AddMembers
          existing={new Set(details.members.map((m) => m.id))}
          busy={add.isPending}
          onAdd={(person) =>
            add.mutate(
              { conversationId: details.id, userId: person.id },
              {
                onSuccess: async () => {
                  setNotice({ tone: "ok", text: t.members.added(person.name) });
                  await refresh();
                },
              },
            )
          }
        />
      ) : null}
      {group ? (
        <div className="mt-5 border-t border-slate-200 pt-4">
          <button
            type="button"
            className={`${button.secondary} text-red-700`}
            disabled={leave.isPending}
            onClick={() => leave.mutate({ conversationId: details.id })}
          >
            {t.members.leave}
          </button>
        </div>
      ) : null}
    </Dialog>
  );
}

function AddMembers({
  existing,
  busy,
  onAdd,
}: {
  existing: Set<string>;
  busy: boolean;
  onAdd: (p: { id: string; name: string }) => void;
}) {
  const t = useT();
  return (
    <section className="mt-5 border-t border-slate-200 pt-4">
      <h3 className="text-sm font-semibold text-slate-900">{t.members.addTitle}</h3>
      <PersonPicker label={t.members.searchPeople} limit={10} searchEmpty={false}>
        {(people, query) => {
          if (!query) return null;
          const candidates = (people.data ?? []).filter((p) => !existing.has(p.id));
          return candidates.length === 0 && !people.isFetching ? (
            <p className="px-1 py-3 text-sm text-slate-500">{t.members.noPeople}</p>
          ) : (
            <ul className="mt-2 max-h-48 overflow-y-auto">
              {candidates.map((p) => (
                <li key={p.id} className="flex items-center gap-3 py-1.5">
                  <Avatar id={p.id} name={p.name} size="sm" />
                  <PersonName person={p} />
                  <button
                    type="button"
                    disabled={busy}
                    className={button.ghost}
                    aria-label={t.members.add(p.name)}
                    onClick={() => onAdd(p)}
                  >
                    +
                  </button>
                </li>
              ))}
            </ul>
          );
        }}
      </PersonPicker>
    </section>
  );
}
