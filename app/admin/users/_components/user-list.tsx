"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { useDeferredValue, useId, useState } from "react";
import { button, field } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { type AppRouter } from "~/server/root";
import { useAdminMe } from "../../_components/admin-shell";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { useFormat } from "../../_components/format";
import { Badge, Card, Empty, Loading, LoadError, Notice, PageHeader, useErrorText } from "../../_components/ui";

type UserRow = inferRouterOutputs<AppRouter>["admin"]["users"]["list"][number];
type Action = "promote" | "demote" | "disable" | "enable";
type Status = "all" | "active" | "disabled";
type Role = "all" | "user" | "admin";

/** The console's Users page: find accounts, change system roles, disable and enable sign-in. */
export function UserList() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useAdminMe();
  const format = useFormat();
  const errorText = useErrorText();
  const searchId = useId();
  const statusId = useId();
  const roleId = useId();
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
  const label = (action: Action) => t.admin.users[action];

  return (
    <div className="space-y-6">
      <PageHeader title={t.admin.users.title} />
      <Card>
        <div className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr]">
          <div>
            <label htmlFor={searchId} className={field.label}>
              {t.admin.users.search}
            </label>
            <input
              id={searchId}
              type="search"
              maxLength={100}
              className={field.input}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          </div>
          <div>
            <label htmlFor={statusId} className={field.label}>
              {t.admin.users.status}
            </label>
            <select
              id={statusId}
              className={field.input}
              value={status}
              onChange={(e) => setStatus(e.target.value as Status)}
            >
              <option value="all">{t.admin.users.all}</option>
              <option value="active">{t.admin.users.active}</option>
              <option value="disabled">{t.admin.users.disabled}</option>
            </select>
          </div>
          <div>
            <label htmlFor={roleId} className={field.label}>
              {t.admin.users.role}
            </label>
            <select id={roleId} className={field.input} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              <option value="all">{t.admin.users.all}</option>
              <option value="user">{t.admin.users.user}</option>
              <option value="admin">{t.admin.users.admin}</option>
            </select>
          </div>
        </div>
      </Card>
      {done ? <Notice>{t.admin.users.done}</Notice> : null}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <Empty>{t.admin.users.empty}</Empty>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="min-w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  {t.admin.users.name}
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  {t.admin.users.role}
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  {t.admin.users.status}
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  {t.admin.users.lastSignIn}
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  {t.admin.users.actions}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((user) => (
                <tr key={user.id} className="border-b border-slate-100 last:border-0">
                  <th scope="row" className="px-4 py-2 font-normal">
                    <div className="font-medium text-slate-900">{user.name}</div>
                    <div className="text-slate-600">{user.email}</div>
                  </th>
                  <td className="px-4 py-2">
                    {user.role === "admin" ? <Badge>{t.admin.users.admin}</Badge> : t.admin.users.user}
                  </td>
                  <td className="px-4 py-2">
                    {user.disabledAt ? <Badge>{t.admin.users.disabled}</Badge> : t.admin.users.active}
                  </td>
                  <td className="px-4 py-2 text-slate-700">
                    {user.lastSignInAt ? format.dateTime(new Date(user.lastSignInAt)) : t.admin.users.never}
                  </td>
                  <td className="px-4 py-2">
                    <div className="flex flex-wrap gap-1">
                      {(
                        [user.role === "admin" ? "demote" : "promote", user.disabledAt ? "enable" : "disable"] as const
                      ).map((action) => (
                        <button
                          key={action}
                          type="button"
                          className={button.ghost}
                          aria-label={`${label(action)}: ${user.name}${user.id === me.id ? " (you)" : ""}`}
                          onClick={() => ask(user, action)}
                        >
                          {label(action)}
                        </button>
                      ))}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pending ? (
        <ConfirmDialog
          title={label(pending.action)}
          body={question(pending)}
          confirmLabel={label(pending.action)}
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
