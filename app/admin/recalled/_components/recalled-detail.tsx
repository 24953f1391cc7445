"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { useFormat } from "../../_components/format";
import { EditHistory } from "../../_components/edit-history";
import { Card, Empty, Loading, LoadError, Notice, StateBadge } from "../../_components/ui";
import { MessageTrail } from "../../audit/_components/message-trail";
import { isUuid } from "~/server/ids";
import { RecordActions, RecordChangeDialog, useRecordChanges } from "./record-actions";
import { RecordContext } from "./record-context";
import { RecordFacts } from "./record-facts";
import { type Original, RecordOriginal } from "./record-original";

export function RecalledDetail({ id }: { id: string }) {
  if (!isUuid(id)) return <NotFound />;
  return <Detail id={id} key={id} />;
}

function NotFound() {
  const t = useT();
  return (
    <div className="space-y-4">
      <BackLink />
      <Empty>{t.admin.detail.notFound}</Empty>
    </div>
  );
}

function BackLink() {
  const t = useT();
  return (
    <Link href="/admin/recalled" className={button.link}>
      ← {t.admin.detail.back}
    </Link>
  );
}

function Detail({ id }: { id: string }) {
  const t = useT();
  const trpc = useTRPC();
  const f = useFormat();
  const reviewsId = useId();

  // The record, its context and its trail (MessageTrail) load together; the cards show each as it arrives.
  const detail = useQuery(trpc.admin.recalled.byId.queryOptions({ messageId: id }));
  const context = useQuery(trpc.admin.recalled.context.queryOptions({ messageId: id, radius: 3 }));

  const [original, setOriginal] = useState<Original | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const changes = useRecordChanges(id, (text) => {
    setOriginal(null);
    setOutcome(text);
  });

  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    if (detail.error.data?.code === "NOT_FOUND") return <NotFound />;
    return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  const { record: r, reviews } = detail.data;

  return (
    <div className="space-y-5">
      <BackLink />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold text-slate-900">{t.admin.detail.title}</h1>
        <StateBadge state={r.state} testId="record-state" />
      </div>
      {outcome ? <Notice>{outcome}</Notice> : null}

      <div className="grid gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-5">
          <RecordFacts r={r} />
          <RecordOriginal id={id} state={r.state} original={original} onOriginal={setOriginal} />
          <RecordContext id={id} context={context} />
          <EditHistory messageId={id} />
        </div>

        <div className="space-y-5">
          <RecordActions
            id={id}
            state={r.state}
            onAsk={changes.ask}
            onReviewed={(text) => {
              setOutcome(text);
              void changes.refreshAll();
            }}
          />
          <Card title={t.admin.detail.reviews} titleId={reviewsId}>
            {reviews.length === 0 ? (
              <p className="text-sm text-slate-600">{t.admin.detail.noReviews}</p>
            ) : (
              <ul className="space-y-2">
                {reviews.map((rv) => (
                  <li key={rv.id} className="text-sm">
                    <p className="text-xs text-slate-500">{t.admin.detail.reviewedBy(rv.by.name, f.dateTime(rv.at))}</p>
                    {rv.note ? <p className="break-words whitespace-pre-wrap text-slate-900">{rv.note}</p> : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>

          <MessageTrail messageId={id} />
        </div>
      </div>

      <RecordChangeDialog id={id} changes={changes} />
    </div>
  );
}
