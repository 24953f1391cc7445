"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { QueryState } from "../../_components/query-state";
import { Card } from "../../_components/ui";
import { AuditEntries } from "./audit-entries";

/** A message's audit trail (its latest 50 entries), as a card on the pages about one message. */
export function MessageTrail({ messageId }: { messageId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const titleId = useId();
  const trail = useQuery(trpc.admin.audit.list.queryOptions({ targetMessageId: messageId, limit: 50 }));
  return (
    <Card title={t.admin.detail.trail} titleId={titleId}>
      <QueryState
        query={trail}
        isEmpty={(data) => data.items.length === 0}
        empty={<p className="text-sm text-slate-600">{t.admin.detail.trailEmpty}</p>}
      >
        {(data) => <AuditEntries items={data.items} compact />}
      </QueryState>
    </Card>
  );
}
