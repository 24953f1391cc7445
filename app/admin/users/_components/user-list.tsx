"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { field } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { OptionList } from "../../_components/filter-form";
import { LabelledField } from "../../_components/labelled-field";
import { QueryState } from "../../_components/query-state";
import { Card, Empty, Notice, PageHeader, useErrorText } from "../../_components/ui";
import { type Action, type UserRow, UserTable } from "./user-table";

type Status = "all" | "active" | "disabled";
type Role = "all" | "user" | "admin";

/** The console's Users page: find accounts, change system roles, disable and enable sign-in. */
export function UserList() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState<Status>("all");
  const [role, setRole] = useState<Role>("all");
  const [pending, setPending] = useState<{ user: UserRow; action: Action } | null>(null);
  const [done, setDone] = useState(false);
  const deferredQuery = useDeferredValue(query.trim());
  const list = useQuery(trpc.admin.users.list.queryOptions({ query: deferredQuery, status, role }));

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.pathKey() });
  const options = { onSuccess: () => (setPending(null), setDone(true), void refresh()) };
  const setRoleMutation = useMutation(trpc.admin.users.setRole.mutationOptions(options));
  const disable = useMutation(trpc.admin.users.disable.mutationOptions(options));
  const enable = useMutation(trpc.admin.users.enable.mutationOptions(options));
  const active = pending?.action === "disable" ? disable : pending?.action === "enable" ? enable : setRoleMutation;

  const confirm = () => {
    if (!pending) return;
    const userId = pending.user.id;
    if (pending.action === "promote") setRoleMutation.mutate({ userId, role: "admin" });
    if (pending.action === "demote") setRoleMutation.mutate({ userId, role: "user" });
    if (pending.action === "disable") disable.mutate({ userId });
    if (pending.action === "enable") enable.mutate({ userId });
  };
  const ask = (user: UserRow, action: Action) => {
    for (const m of [setRoleMutation, disable, enable]) m.reset();
    setDone(false);
    setPending({ user, action });
  };
  const question = (p: { user: UserRow; action: Action }) =>
    ({
      promote: t.admin.users.confirmPromote,
      demote: t.admin.users.confirmDemote,
      disable: t.admin.users.confirmDisable,
      enable: t.admin.users.confirmEnable,
    })[p.action](p.user.name);

  return (
    <div className="space-y-6">
      <PageHeader title={t.admin.users.title} />
      <Card>
        <div className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr]">
          <LabelledField label={t.admin.users.search}>
            {(id) => (
              <input
                id={id}
                type="search"
                maxLength={100}
                className={field.input}
                value={query}
                onChange={(e) => setQuery(e.target.value)}
              />
            )}
          </LabelledField>
          <ChoiceField
            label={t.admin.users.status}
            value={status}
            onChange={setStatus}
            options={(["all", "active", "disabled"] as const).map((v) => ({ value: v, label: t.admin.users[v] }))}
          />
          <ChoiceField
            label={t.admin.users.role}
            value={role}
            onChange={setRole}
            options={(["all", "user", "admin"] as const).map((v) => ({ value: v, label: t.admin.users[v] }))}
          />
        </div>
      </Card>
      {done ? <Notice>{t.admin.users.done}</Notice> : null}
      <QueryState query={list} isEmpty={(users) => users.length === 0} empty={<Empty>{t.admin.users.empty}</Empty>}>
        {(users) => <UserTable users={users} onAction={ask} />}
      </QueryState>
      {pending ? (
        <ConfirmDialog
          title={t.admin.users[pending.action]}
          body={question(pending)}
          confirmLabel={t.admin.users[pending.action]}
          busyLabel={t.admin.users.working}
          danger={pending.action === "disable" || pending.action === "demote"}
          busy={active.isPending}
          error={active.isError ? errorText(active.error) : null}
          onConfirm={confirm}
          onClose={() => setPending(null)}
        />
      ) : null}
    </div>
  );
}

/** A labelled select of the list's fixed filter values. */
function ChoiceField<V extends string>({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: V;
  onChange: (value: V) => void;
  options: readonly { value: V; label: string }[];
}) {
  return (
    <LabelledField label={label}>
      {(id) => (
        <select id={id} className={field.input} value={value} onChange={(e) => onChange(e.target.value as V)}>
          <OptionList options={options} />
        </select>
      )}
    </LabelledField>
  );
}
