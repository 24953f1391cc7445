"use client";

import { type inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { type AppRouter } from "~/server/root";
import { useFormat } from "../../_components/format";
import { SimpleTable } from "../../_components/simple-table";
import { auditSentences } from "./audit-sentences";

export type AuditItem = inferRouterOutputs<AppRouter>["admin"]["audit"]["list"]["items"][number];

export function AuditEntries({ items, compact = false }: { items: AuditItem[]; compact?: boolean }) {
  const t = useT();
  const f = useFormat();
  return (
    <SimpleTable
      frameClassName={
        compact ? "relative" : "relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm"
      }
      className={`w-full text-left text-sm ${compact ? "" : "min-w-[44rem]"}`}
      caption={t.admin.audit.tableLabel}
      headClassName={`text-xs text-slate-600 ${compact ? "" : "border-b border-slate-200 bg-slate-50"}`}
      columnClassName="px-3 py-2 font-semibold"
      columns={[
        t.admin.audit.time,
        t.admin.audit.actor,
        t.admin.audit.action,
        ...(compact ? [] : [t.admin.audit.targetColumn, t.admin.audit.details]),
      ]}
      bodyClassName="divide-y divide-slate-100"
    >
      {items.map((e) => (
        <tr key={e.id} className="align-top">
          <td className="px-3 py-2 whitespace-nowrap text-slate-600">
            <time dateTime={e.createdAt.toISOString()}>{f.dateTime(e.createdAt)}</time>
          </td>
          <td className="px-3 py-2">
            {e.actorId ? (e.actorName ?? t.admin.common.deletedUser) : t.admin.common.system}
          </td>
          <td className="px-3 py-2 font-medium text-slate-900">{t.admin.audit.actions[e.action]}</td>
          {compact ? null : (
            <td className="px-3 py-2">
              <ul className="space-y-0.5">
                {(
                  [
                    [t.admin.audit.conversation, e.targetConversationId, e.targetConversationLabel],
                    [t.admin.audit.user, e.targetUserId, e.targetUserName],
                  ] as const
                ).map(([kind, id, name]) =>
                  id ? (
                    <li key={kind}>
                      <span className="text-slate-500">{kind}: </span>
                      {name ?? id}
                    </li>
                  ) : null,
                )}
                {e.targetMessageId ? (
                  <li>
                    <Link href={`/admin/recalled/${e.targetMessageId}`} className={button.link}>
                      {t.admin.audit.openMessage}
                    </Link>
                  </li>
                ) : null}
                {!e.targetConversationId && !e.targetUserId && !e.targetMessageId ? <li>—</li> : null}
              </ul>
            </td>
          )}
          {compact ? null : (
            <td className="max-w-[26rem] px-3 py-2">
              <ul className="space-y-0.5 text-sm break-words text-slate-900">
                {auditSentences(e, t.admin, f.dateTime).map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
              {e.reason ? (
                <p className="mt-0.5 text-sm break-words text-slate-900">
                  <span className="text-slate-600">
                    {e.action === "review" ? t.admin.audit.say.note : t.admin.audit.reason}:{" "}
                  </span>
                  {e.reason}
                </p>
              ) : null}
            </td>
          )}
        </tr>
      ))}
    </SimpleTable>
  );
}
