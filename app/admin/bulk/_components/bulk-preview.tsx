"use client";

import { useId } from "react";
import { useT } from "~/app/_i18n/provider";
import { type BulkPreview } from "~/server/recall/bulk-preview";
import { useFormat } from "../../_components/format";
import { SimpleTable } from "../../_components/simple-table";

/** What the recall rules refused, per reason, in the console's language (the server's sentence as a fallback). */
export function SkippedList({ skipped }: { skipped: { code: string; message: string; count: number }[] }) {
  const t = useT();
  if (skipped.length === 0) return null;
  return (
    <ul className="mt-2 space-y-1 text-sm text-amber-800" aria-label="skipped">
      {skipped.map((s) => (
        <li key={s.code}>{t.admin.bulk.skipped(s.count, t.admin.bulk.skipReasons[s.code] ?? s.message)}</li>
      ))}
    </ul>
  );
}

/** Where the messages are (count per conversation) and a few of them (sender, conversation, time): never their text. */
export function PreviewDetails({ preview, conversations }: { preview: BulkPreview; conversations: number }) {
  const t = useT();
  const f = useFormat();
  const ids = { per: useId(), sample: useId() };
  const hidden = conversations - preview.byConversation.length;
  return (
    <div className="mt-3 grid gap-4 md:grid-cols-2">
      <section aria-labelledby={ids.per}>
        <h3 id={ids.per} className="mb-1 text-sm font-semibold text-slate-700">
          {t.admin.bulk.perConversation}
        </h3>
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm">
          {preview.byConversation.map((c) => (
            <li key={c.id} className="flex items-baseline justify-between gap-3 px-3 py-1.5">
              <span className="min-w-0 truncate text-slate-800">{c.label}</span>
              <span className="shrink-0 font-medium text-slate-900 tabular-nums">{t.admin.bulk.messages(c.count)}</span>
            </li>
          ))}
        </ul>
        {hidden > 0 ? <p className="mt-1 text-xs text-slate-600">{t.admin.bulk.moreConversations(hidden)}</p> : null}
      </section>
      <section aria-labelledby={ids.sample}>
        <h3 id={ids.sample} className="mb-1 text-sm font-semibold text-slate-700">
          {t.admin.bulk.sample(preview.sample.length)}
        </h3>
        <SimpleTable
          frameClassName="overflow-x-auto rounded-lg border border-slate-200"
          className="w-full text-left text-sm"
          caption={t.admin.bulk.sample(preview.sample.length)}
          headClassName="bg-slate-50 text-xs text-slate-600"
          columnClassName="px-3 py-1.5 font-semibold"
          columns={[t.admin.recalled.sender, t.admin.recalled.conversation, t.admin.recalled.sentAt]}
          bodyClassName="divide-y divide-slate-100"
        >
          {preview.sample.map((m) => (
            <tr key={m.id}>
              <td className="px-3 py-1.5">{preview.sender.name}</td>
              <td className="max-w-[10rem] truncate px-3 py-1.5">{m.conversationLabel}</td>
              <td className="px-3 py-1.5 whitespace-nowrap">
                <time dateTime={m.sentAt.toISOString()}>{f.dateTime(m.sentAt)}</time>
              </td>
            </tr>
          ))}
        </SimpleTable>
      </section>
    </div>
  );
}
