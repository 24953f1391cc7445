"use client";

import { useMutation } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import { useTRPC } from "~/app/_trpc/client";
import { useRefreshList } from "./use-refresh-list";

/**
 * Marks the conversation read up to the highest seq seen, once per new high: never below what the
 * server already had (`initialRead`, undefined until the details are loaded), never twice.
 */
export function useReadMarks(conversationId: string, initialRead: number | undefined): (seq: number) => void {
  const trpc = useTRPC();
  const refreshList = useRefreshList();
  const markRead = useMutation(trpc.message.markRead.mutationOptions({ onSuccess: refreshList }));
  const { mutate: mutateMarkRead } = markRead;
  const lastMarked = useRef(-1);
  return useCallback(
    (seq: number) => {
      if (initialRead === undefined) return;
      if (lastMarked.current < 0) lastMarked.current = initialRead;
      if (seq <= lastMarked.current) return;
      lastMarked.current = seq;
      mutateMarkRead({ conversationId, seq });
    },
    [conversationId, initialRead, mutateMarkRead],
  );
}
