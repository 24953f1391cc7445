"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useRealtime } from "~/app/_realtime/realtime-provider";
import { timelineKey } from "~/app/_realtime/sync-engine";
import { useTRPC } from "~/app/_trpc/client";
import { isUuid } from "~/server/ids";
import { type ConversationPrefetch } from "../_lib/types";

/**
 * The open conversation's details and timeline. While it is open it is the realtime layer's
 * active conversation, and a timeline already cached is caught up by version on opening.
 * `initial` (read by the server render) fills the cache where it is empty, once, on mounting:
 * before the queries below, so the first render (the server's HTML, then hydration) shows it.
 */
export function useConversationData(conversationId: string, initial: ConversationPrefetch | null = null) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { engine, setActiveConversation } = useRealtime();
  const valid = isUuid(conversationId);

  useState(() => {
    if (!valid || !initial) return;
    const detailsKey = trpc.conversation.byId.queryKey({ id: conversationId });
    if (queryClient.getQueryData(detailsKey) === undefined) queryClient.setQueryData(detailsKey, initial.details);
    engine.seed(conversationId, initial.history);
  });

  const details = useQuery(trpc.conversation.byId.queryOptions({ id: conversationId }, { enabled: valid }));
  const timeline = useQuery({
    queryKey: timelineKey(conversationId),
    queryFn: () => engine.loadTimeline(conversationId),
    enabled: valid,
    // Kept fresh by realtime events and catch-up by version, never by refetching.
    staleTime: Infinity,
    refetchOnMount: false,
    refetchOnReconnect: false,
  });

  useEffect(() => {
    setActiveConversation(conversationId);
    return () => setActiveConversation(null);
  }, [conversationId, setActiveConversation]);

  // Opening a conversation already in the cache: fetch what changed since its version.
  useEffect(() => {
    if (valid && engine.get(conversationId)) void engine.catchUp(conversationId);
  }, [valid, engine, conversationId]);

  return { valid, details, timeline };
}
