"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "~/app/_trpc/client";

/** Asks for the conversation list again (unread counts, previews) after a change made here. */
export function useRefreshList(): () => void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () => void queryClient.invalidateQueries({ queryKey: trpc.conversation.list.queryKey() }),
    [queryClient, trpc],
  );
}
