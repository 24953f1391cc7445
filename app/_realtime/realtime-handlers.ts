"use client";

import { type QueryClient } from "@tanstack/react-query";
import { type useRouter } from "next/navigation";
import { type RefObject, useEffect, useMemo, useRef } from "react";
import { type useToast } from "~/app/_components/toast";
import { type Dictionary } from "~/app/_i18n/dictionaries";
import { type useTRPC } from "~/app/_trpc/client";
import { type MessageView } from "~/server/realtime/events";
import { patchNewMessage, patchPreview } from "./list-preview";
import { previewText } from "./message-preview";
import { notificationPermission, notificationSetting, type Notifier, notifyChannel } from "./notifications";
import { conversationIdOf, reviveMessagePayload } from "./payloads";
import { type SyncEngine, timelineKey } from "./sync-engine";
import { isRemoved } from "./timeline";

/** What the handlers read at the moment an event arrives, so the connection never has to be rebuilt for it. */
export interface LatestContext {
  t: Dictionary;
  toast: ReturnType<typeof useToast>;
  router: ReturnType<typeof useRouter>;
  listKey: ReturnType<TRPC["conversation"]["list"]["queryKey"]>;
  /** Conversation titles by id, for notifications. */
  titles: Map<string, string>;
}

type TRPC = ReturnType<typeof useTRPC>;

export interface RealtimeHandlers {
  onMessage: (name: string, data: unknown) => void;
  onUserEvent: (name: string, data: unknown) => void;
}

/**
 * What realtime events do: message events update the cached timeline and the list (and notify),
 * user-channel events refresh the conversations they name. Given back through a ref, so channel
 * bindings made once always reach the latest handlers.
 */
export function useRealtimeHandlers(
  queryClient: QueryClient,
  trpc: TRPC,
  { engine, notifier, refreshList }: { engine: SyncEngine; notifier: Notifier; refreshList: () => void },
  {
    userId,
    activeRef,
    latest,
  }: {
    userId: string;
    /** The conversation on screen: it gets no notifications. */
    activeRef: RefObject<string | null>;
    latest: RefObject<LatestContext>;
  },
): RefObject<RealtimeHandlers> {
  const handlers = useMemo(() => {
    const onMessage = (name: string, data: unknown) => {
      const payload = reviveMessagePayload(data);
      if (!payload) {
        const id = conversationIdOf(data);
        if (id) void engine.catchUp(id);
        return;
      }
      // `message.hidden` (the user's own channel) always carries null: the engine catches that
      // conversation up through the feed, which answers with the removal or the view again.
      engine.handleMessageEvent(payload, name);
      refreshList();
      const message = payload.message;
      if (!message) return;
      // The list shows the change now; the refresh above brings the counts.
      if (!isRemoved(message))
        queryClient.setQueryData(latest.current.listKey, (old) => patchNewMessage(patchPreview(old, message), message));
      if (isRemoved(message) || message.recall) {
        notifier.withdraw(message.id);
        latest.current.toast.dismiss(`message-${message.id}`);
        return;
      }
      if (name === "message.edited") {
        // A notification still showing the old text shows the new one; a toast never shows old text.
        notifier.replace(message.id, previewText(message, latest.current.t));
        latest.current.toast.dismiss(`message-${message.id}`);
      }
      if (name === "message.created") notify(message);
    };

    const notify = (message: MessageView) => {
      const inView = activeRef.current === message.conversationId && document.visibilityState === "visible";
      const channel = notifyChannel({
        enabled: notificationSetting.get(),
        permission: notificationPermission(),
        fromMe: message.sender.id === userId,
        readable: message.kind === "text" && message.body !== null,
        inView,
      });
      if (channel === "none") return;
      const { t: dict, titles, router: nav } = latest.current;
      const title = titles.get(message.conversationId) ?? message.sender.name;
      const heading = title === message.sender.name ? title : dict.notify.fromIn(message.sender.name, title);
      const open = () => nav.push(`/c/${message.conversationId}`);
      // Sent without text: "📷 Photo" / "📎 report.pdf" (a recall withdrew it above, so never a recalled file's name).
      const text = previewText(message, dict);
      if (channel === "browser") notifier.show(message.id, heading, text, open);
      else latest.current.toast.show(`${heading}: ${text}`, { id: `message-${message.id}` });
    };

    const onUserEvent = (name: string, data: unknown) => {
      if (name === "settings.changed") {
        // The rules every conversation shows (window, who may recall) come with its details.
        void queryClient.invalidateQueries({ queryKey: trpc.conversation.byId.pathKey() });
        return;
      }
      const id = conversationIdOf(data);
      if (name === "conversation.changed") {
        if (id) void queryClient.invalidateQueries({ queryKey: trpc.conversation.byId.queryKey({ id }) });
        return;
      }
      refreshList();
      if (!id) return;
      if (name === "conversation.removed") {
        queryClient.removeQueries({ queryKey: timelineKey(id) });
        void queryClient.invalidateQueries({ queryKey: trpc.conversation.byId.queryKey({ id }) });
      } else if (name === "conversation.added") {
        void queryClient.invalidateQueries({ queryKey: trpc.conversation.byId.queryKey({ id }) });
      }
    };

    return { onMessage, onUserEvent };
  }, [engine, notifier, queryClient, refreshList, trpc, userId, activeRef, latest]);

  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  }, [handlers]);
  return handlersRef;
}
