"use client";

import { type inferRouterOutputs } from "@trpc/server";
import { type ReactNode, useId } from "react";
import { recallTip } from "~/app/(chat)/_lib/recall-tip";
import { systemLineText } from "~/app/(chat)/_lib/system-line";
import { useT } from "~/app/_i18n/provider";
import { adminAttachmentUrl, type AttachmentView } from "~/server/attachments/view";
import { type AppRouter } from "~/server/root";
import { useFormat } from "../../_components/format";
import { type Loadable, QueryState } from "../../_components/query-state";
import { Card } from "../../_components/ui";

type RecordContextData = inferRouterOutputs<AppRouter>["admin"]["recalled"]["context"];

/** No member has this id: the preview is what a member other than the sender and the recaller sees. */
const ANOTHER_MEMBER = "";

/** The messages around the recalled one, as members see them, with the recalled one marked. */
export function RecordContext({ id, context }: { id: string; context: Loadable<RecordContextData> }) {
  const t = useT();
  const f = useFormat();
  const titleId = useId();
  return (
    <Card title={t.admin.detail.context} titleId={titleId}>
      <QueryState
        query={context}
        isEmpty={(data) => data.items.length <= 1}
        empty={<p className="text-sm text-slate-600">{t.admin.detail.contextEmpty}</p>}
      >
        {(data) => (
          <ol className="space-y-2">
            {data.items.map((m) => {
              const self = m.id === id;
              return (
                <li
                  key={m.id}
                  aria-current={self ? "true" : undefined}
                  className={`rounded-lg px-3 py-2 text-sm ${self ? "border-2 border-blue-500 bg-blue-50" : "border border-slate-200 bg-white"}`}
                >
                  {self ? (
                    <p className="mb-1 text-xs font-semibold tracking-wide text-blue-800 uppercase">
                      {t.admin.detail.thisMessage}
                    </p>
                  ) : null}
                  {"removed" in m ? (
                    <p className="text-slate-600 italic">{t.admin.detail.removedSilently}</p>
                  ) : m.recall ? (
                    // The chat's own tip, worded by the chat's function, as a member who is neither the sender nor the one who recalled sees it.
                    <TipLine>{recallTip(t, { sender: m.sender, recall: m.recall }, ANOTHER_MEMBER)}</TipLine>
                  ) : m.kind === "system" ? (
                    <TipLine>{systemLineText(t, m, ANOTHER_MEMBER)}</TipLine>
                  ) : (
                    <>
                      <p className="text-xs text-slate-600">
                        <span className="font-medium text-slate-700">{m.sender.name}</span> · {f.dateTime(m.createdAt)}
                      </p>
                      <p className="break-words whitespace-pre-wrap text-slate-900">{m.body}</p>
                      <ContextFiles attachments={m.attachments} />
                    </>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </QueryState>
    </Card>
  );
}

/**
 * A context message's files as links, not loaded: opening one goes through the admin route, which
 * audits each fetch, so merely looking at the context writes no audit rows.
 */
function ContextFiles({ attachments }: { attachments: readonly AttachmentView[] }) {
  const t = useT();
  if (attachments.length === 0) return null;
  return (
    <ul aria-label={t.admin.detail.originalAttachments} className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
      {attachments.map((a) => (
        <li key={a.id}>
          <a
            href={adminAttachmentUrl(a.id, a.kind === "image" ? "display" : "file")}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={t.admin.detail.openAttachment(a.name)}
            className="text-xs text-blue-700 underline underline-offset-2 hover:text-blue-900 focus-visible:outline-2 focus-visible:outline-blue-600"
          >
            📎 {a.name}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** A one-line row (recall tip or system line), shaped like the chat's. */
function TipLine({ children }: { children: ReactNode }) {
  return (
    <p className="text-center">
      <span className="inline-block max-w-full rounded-full bg-slate-200/70 px-3 py-1 text-xs text-slate-700">
        {children}
      </span>
    </p>
  );
}
