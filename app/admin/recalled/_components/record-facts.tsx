"use client";

import { type inferRouterOutputs } from "@trpc/server";
import { type ReactNode, useId } from "react";
import { useT } from "~/app/_i18n/provider";
import { type AppRouter } from "~/server/root";
import { useFormat } from "../../_components/format";
import { Card, Fact } from "../../_components/ui";

export type RecalledRecord = inferRouterOutputs<AppRouter>["admin"]["recalled"]["byId"]["record"];

/** Who sent and recalled the message, when, why, and what became of its content. */
export function RecordFacts({ r }: { r: RecalledRecord }) {
  const t = useT();
  const f = useFormat();
  const titleId = useId();
  const fact = (label: string, value: ReactNode) => <Fact label={label}>{value}</Fact>;
  return (
    <Card title={t.admin.detail.facts} titleId={titleId}>
      <dl className="divide-y divide-slate-100">
        {fact(t.admin.detail.conversation, r.conversationLabel)}
        {fact(t.admin.detail.sender, r.sender.name)}
        {fact(t.admin.detail.sentAt, f.dateTime(r.createdAt))}
        {fact(t.admin.detail.recalledAt, f.dateTime(r.revokedAt))}
        {fact(
          t.admin.detail.revoker,
          r.revoker
            ? `${r.revoker.name}${r.revokerKind ? ` (${t.admin.kinds[r.revokerKind]})` : ""}`
            : t.admin.common.none,
        )}
        {fact(t.admin.detail.reason, r.reason ?? t.admin.common.none)}
        {fact(t.admin.detail.state, t.admin.stateHelp[r.state])}
        {r.retainedUntil ? fact(t.admin.detail.retainedUntil, f.dateTime(r.retainedUntil)) : null}
        {r.state !== "restored"
          ? fact(t.admin.detail.notice, r.silent ? t.admin.detail.silent : t.admin.detail.tip)
          : null}
      </dl>
    </Card>
  );
}
