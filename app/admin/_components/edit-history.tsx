"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { useId, useState } from "react";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { type AppRouter } from "~/server/root";
import { AuditedReveal } from "./audited-reveal";
import { useFormat } from "./format";
import { Card } from "./ui";

type EditHistoryData = inferRouterOutputs<AppRouter>["admin"]["reports"]["edits"];

/**
 * A message's earlier texts, shown only on request (each look writes a `view_edits` audit row,
 * like "Show original"): each kept version with when an edit replaced it, then the text now.
 * Used on the recalled-message page and on the report page.
 */
export function EditHistory({ messageId }: { messageId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const titleId = useId();
  const [history, setHistory] = useState<EditHistoryData | null>(null);
  const view = useMutation(
    trpc.admin.reports.edits.mutationOptions({
      onSuccess: (data) => {
        setHistory(data);
        void queryClient.invalidateQueries(trpc.admin.audit.pathFilter());
      },
    }),
  );
  return (
    <Card title={t.admin.editHistory.title} titleId={titleId}>
      <AuditedReveal
        showLabel={t.admin.editHistory.show}
        busyLabel={t.admin.editHistory.showing}
        hideLabel={t.admin.editHistory.hide}
        pending={view.isPending}
        shown={history !== null}
        error={view.isError ? view.error : null}
        onShow={() => view.mutate({ messageId })}
        onHide={() => setHistory(null)}
      >
        {history ? <Versions history={history} /> : null}
      </AuditedReveal>
    </Card>
  );
}

function Versions({ history: h }: { history: EditHistoryData }) {
  const t = useT();
  const f = useFormat();
  const missing = h.editCount - h.versions.length;
  const text = "break-words whitespace-pre-wrap text-slate-900";
  return (
    <div className="space-y-3 text-sm">
      <p className="text-slate-600">
        {t.admin.editHistory.sent(f.dateTime(h.sentAt))}{" "}
        {h.editCount === 0 ? t.admin.editHistory.never : t.admin.editHistory.edited(h.editCount)}
      </p>
      {missing > 0 ? <p className="text-amber-900">{t.admin.editHistory.missing(missing)}</p> : null}
      {h.versions.length > 0 ? (
        <ol className="space-y-2">
          {h.versions.map((v, i) => (
            <li key={`${i}-${v.replacedAt.toISOString()}`} className="rounded-lg border border-slate-200 px-3 py-2">
              <p className="text-xs text-slate-600">
                <span className="font-medium text-slate-700">{t.admin.editHistory.version(missing + i + 1)}</span> ·{" "}
                <time dateTime={v.replacedAt.toISOString()}>
                  {t.admin.editHistory.replaced(f.dateTime(v.replacedAt))}
                </time>
              </p>
              <p className={text}>{v.body}</p>
            </li>
          ))}
        </ol>
      ) : null}
      <div className="rounded-lg border-2 border-blue-200 bg-blue-50 px-3 py-2">
        <p className="text-xs font-medium text-blue-900">{t.admin.editHistory.current}</p>
        {h.recalled || h.current === null ? (
          <p className="text-slate-700 italic">{t.admin.editHistory.recalled}</p>
        ) : (
          <p className={text}>{h.current}</p>
        )}
      </div>
    </div>
  );
}
