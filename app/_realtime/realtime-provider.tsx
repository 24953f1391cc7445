"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { useToast } from "~/app/_components/toast";
import { useT } from "~/app/_i18n/provider";
import { useTRPC, useTRPCClient } from "~/app/_trpc/client";
import { type ClientRealtimeConfig } from "~/server/realtime/config";
import { type RealtimeStatus } from "./connection-status";
import { Notifier } from "./notifications";
import { type LatestContext, useRealtimeHandlers } from "./realtime-handlers";
import { serverClock } from "./server-clock";
import { SyncEngine } from "./sync-engine";
import { type CatchUp, useCatchUpTriggers } from "./use-catch-up-triggers";
import { useChannelSubscriptions } from "./use-channel-subscriptions";
import { useListRefresh } from "./use-list-refresh";
import { usePusherConnection } from "./use-pusher-connection";

export { type RealtimeStatus } from "./connection-status";

interface RealtimeValue {
  engine: SyncEngine;
  status: RealtimeStatus;
  /** The conversation on screen (null for none): it gets no notifications and is caught up first. */
  setActiveConversation(id: string | null): void;
}

const RealtimeContext = createContext<RealtimeValue | null>(null);

export function useRealtime(): RealtimeValue {
  const value = useContext(RealtimeContext);
  if (!value) throw new Error("useRealtime must be used inside <RealtimeProvider>");
  return value;
}

/**
 * One pusher-js connection per signed-in tab (none when realtime is not configured: the app
 * then converges through catch-up alone). Events update the cached timelines through the sync
 * engine; user-channel events and new messages refresh the conversation list.
 */
export function RealtimeProvider({
  config,
  userId,
  children,
}: {
  config: ClientRealtimeConfig | null;
  userId: string;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const toast = useToast();
  const t = useT();
  const router = useRouter();
  const [engine] = useState(
    () =>
      new SyncEngine(queryClient, {
        history: (input) => client.message.history.query(input),
        changes: (input) => client.sync.changes.query(input),
      }),
  );
  const [notifier] = useState(() => new Notifier());
  const activeRef = useRef<string | null>(null);
  const list = useQuery(trpc.conversation.list.queryOptions());
  const listKey = trpc.conversation.list.queryKey();

  // Handlers read the latest translations, router and list through a ref, so the connection
  // itself never has to be rebuilt when they change.
  const latest = useRef<LatestContext>({ t, toast, router, listKey, titles: new Map<string, string>() });
  useEffect(() => {
    latest.current = {
      t,
      toast,
      router,
      listKey,
      titles: new Map((list.data?.items ?? []).map((c) => [c.id, c.title])),
    };
  });

  // Server clock: every query answer that carries `serverTime` updates the offset.
  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        if (event.type !== "updated" || event.action.type !== "success" || event.action.manual) return;
        const data = event.query.state.data as { serverTime?: unknown } | undefined;
        if (data && typeof data === "object" && "serverTime" in data)
          serverClock.note(data.serverTime, event.query.state.dataUpdatedAt);
      }),
    [queryClient],
  );

  const refreshList = useListRefresh(queryClient, latest);
  const refreshRules = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: trpc.conversation.byId.pathKey() }),
    [queryClient, trpc],
  );
  const refresh: CatchUp = { engine, refreshList, refreshRules };

  const handlersRef = useRealtimeHandlers(
    queryClient,
    trpc,
    { engine, notifier, refreshList },
    { userId, activeRef, latest },
  );
  const { pusher, status } = usePusherConnection(config, refresh);
  const listIds = useMemo(() => (list.data?.items ?? []).map((c) => c.id).join(","), [list.data]);
  useChannelSubscriptions(pusher, { userId, listIds }, refresh, handlersRef);
  useCatchUpTriggers(status, refresh);

  useEffect(() => () => notifier.closeAll(), [notifier]);
  useEffect(() => () => engine.dispose(), [engine]);

  const value = useMemo<RealtimeValue>(
    () => ({
      engine,
      status,
      setActiveConversation: (id) => {
        activeRef.current = id;
      },
    }),
    [engine, status],
  );

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
