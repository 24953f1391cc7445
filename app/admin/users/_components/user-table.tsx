"use client";

import { type inferRouterOutputs } from "@trpc/server";
import { useT } from "~/app/_i18n/provider";
import { type AppRouter } from "~/server/root";
import { useAdminMe } from "../../_components/admin-shell";
import { useFormat } from "../../_components/format";
import { RowAction } from "../../_components/row-action";
import { SimpleTable } from "../../_components/simple-table";
import { Badge } from "../../_components/ui";

export type UserRow = inferRouterOutputs<AppRouter>["admin"]["users"]["list"][number];
export type Action = "promote" | "demote" | "disable" | "enable";

/** The accounts found, each with the two actions that apply to it now. */
export function UserTable({
  users,
  onAction,
}: {
  users: UserRow[];
  onAction: (user: UserRow, action: Action) => void;
}) {
  const t = useT();
  const me = useAdminMe();
  const format = useFormat();
  return (
    <SimpleTable
      frameClassName="overflow-x-auto rounded-xl border border-slate-200 bg-white"
      className="min-w-full text-left text-sm"
      headClassName="border-b border-slate-200 text-slate-600"
      columnClassName="px-4 py-2 font-medium"
      columns={[
        t.admin.users.name,
        t.admin.users.role,
        t.admin.users.status,
        t.admin.users.lastSignIn,
        t.admin.users.actions,
      ]}
    >
      {users.map((user) => (
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
              {([user.role === "admin" ? "demote" : "promote", user.disabledAt ? "enable" : "disable"] as const).map(
                (action) => (
                  <RowAction
                    key={action}
                    label={t.admin.users[action]}
                    subject={`${user.name}${user.id === me.id ? " (you)" : ""}`}
                    onClick={() => onAction(user, action)}
                  />
                ),
              )}
            </div>
          </td>
        </tr>
      ))}
    </SimpleTable>
  );
}
