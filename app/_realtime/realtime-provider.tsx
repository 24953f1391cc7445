"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type Pusher from "pusher-js";
import { type Channel } from "pusher-js";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { useToast } from "~/app/_components/toast";
import { useT } from "~/app/_i18n/provider";
import { useTRPC, useTRPCClient } from "~/app/_trpc/client";
import { conversationChannel, type MessageView, SETTINGS_CHANNEL, userChannel } from "~/server/realtime/events";
import { type ClientRealtimeConfig } from "~/server/realtime/config";
import { diffChannels } from "./channels";
import { ACTIVITY_TIMEOUT_MS, PONG_TIMEOUT_MS, type RealtimeStatus, statusFor } from "./connection-status";
import { patchNewMessage, patchPreview } from "./list-preview";
import { notificationPermission, notificationSetting, Notifier, notifyChannel } from "./notifications";
import { conversationIdOf, reviveMessagePayload } from "./payloads";
import { serverClock } from "./server-clock";
import { SyncEngine, timelineKey } from "./sync-engine";
import { isRemoved } from "./timeline";

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

const CONVERSATION_PREFIX = "private-conversation-";
const LIST_REFRESH_MAX_WAIT_MS = 1_000;

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
  const [pusher, setPusher] = useState<Pusher | null>(null);
  const [status, setStatus] = useState<RealtimeStatus>(config ? "connecting" : "off");
  const activeRef = useRef<string | null>(null);
  const list = useQuery(trpc.conversation.list.queryOptions());
  const listKey = trpc.conversation.list.queryKey();

  // Handlers read the latest translations, router and list through a ref, so the connection
  // itself never has to be rebuilt when they change.
  const latest = useRef({ t, toast, router, listKey, titles: new Map<string, string>() });
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

  // A burst of events refreshes the list once, 150 ms after it quietens; a burst that goes on
  // still refreshes it at least once a second instead of postponing the refresh to its end.
  const listTimer = useRef<{ timer: number | undefined; since: number }>({ timer: undefined, since: 0 });
  const refreshList = useCallback(() => {
    const pending = listTimer.current;
    const now = Date.now();
    if (pending.timer === undefined) pending.since = now;
    else if (now - pending.since >= LIST_REFRESH_MAX_WAIT_MS) return;
    window.clearTimeout(pending.timer);
    pending.timer = window.setTimeout(() => {
      pending.timer = undefined;
      void queryClient.invalidateQueries({ queryKey: latest.current.listKey });
    }, 150);
  }, [queryClient]);

  const refreshRules = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: trpc.conversation.byId.pathKey() }),
    [queryClient, trpc],
  );

  const handlers = useMemo(() => {
    const onMessage = (name: string, data: unknown) => {
      const payload = reviveMessagePayload(data);
      if (!payload) {
        const id = conversationIdOf(data);
        if (id) void engine.catchUp(id);
        return;
      }
      engine.handleMessageEvent(payload);
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
      if (channel === "browser") notifier.show(message.id, heading, message.body ?? "", open);
      else latest.current.toast.show(`${heading}: ${message.body ?? ""}`, { id: `message-${message.id}` });
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
  }, [engine, notifier, queryClient, refreshList, trpc, userId]);

  // Channel callbacks go through a ref, so bindings made once always reach the latest handlers.
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  }, [handlers]);

  // The connection: created once, torn down on sign-out/unmount. Keyed by value, because a
  // server re-render (router.refresh) hands over an equal but new config object.
  const configKey = config ? JSON.stringify(config) : null;
  useEffect(() => {
    if (!configKey) return;
    const config = JSON.parse(configKey) as ClientRealtimeConfig;
    let cancelled = false;
    let instance: Pusher | null = null;
    void import("pusher-js").then(({ default: PusherClient }) => {
      if (cancelled) return;
      instance = new PusherClient(config.key, {
        wsHost: config.wsHost,
        wsPort: config.wsPort,
        wssPort: config.wsPort,
        forceTLS: config.forceTLS,
        cluster: config.cluster,
        enabledTransports: ["ws", "wss"],
        disableStats: true,
        // A dead connection is noticed in seconds, not after the defaults' 2 min + 30 s.
        activityTimeout: ACTIVITY_TIMEOUT_MS,
        pongTimeout: PONG_TIMEOUT_MS,
        channelAuthorization: { endpoint: "/api/pusher/auth", transport: "ajax" },
        userAuthentication: { endpoint: "/api/pusher/user-auth", transport: "ajax" },
      });
      // Signed-in sockets are what the server closes (terminate_connections) when this user loses
      // a conversation; pusher-js signs in again on every reconnect.
      instance.signin();
      const pusherInstance = instance;
      let lost = false;
      let retry: number | undefined;
      let everConnected = false;
      instance.connection.bind("state_change", ({ previous, current }: { previous: string; current: string }) => {
        if (previous === "connected" && current !== "connected") lost = true;
        if (current === "connected") everConnected = true;
        // A terminated connection ends with a "do not reconnect" code; reconnect after a pause:
        // channel auth then admits only conversations this user still belongs to.
        if (current === "disconnected" && !cancelled) {
          window.clearTimeout(retry);
          retry = window.setTimeout(() => {
            if (!cancelled) pusherInstance.connect();
          }, 1000);
        }
        setStatus(statusFor(current, everConnected));
        if (current === "connected" && lost) {
          lost = false;
          // Whatever was published while we were away is fetched by version; rules and roles
          // may have changed too.
          engine.catchUpAll();
          refreshList();
          refreshRules();
        }
      });
      setPusher(instance);
    });
    // The browser knows at once that the network is gone; pusher-js would wait for a pong.
    const offline = () => setStatus("reconnecting");
    // Back before pusher-js noticed anything: its state is the truth again.
    const online = () => instance && setStatus(statusFor(instance.connection.state, true));
    window.addEventListener("offline", offline);
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("offline", offline);
      window.removeEventListener("online", online);
      cancelled = true;
      instance?.disconnect();
      setPusher(null);
    };
  }, [configKey, engine, refreshList, refreshRules]);

  // Channels: the user's own, plus one per conversation in the list.
  const subscribed = useRef(new Map<string, Channel>());
  const listIds = useMemo(() => (list.data?.items ?? []).map((c) => c.id).join(","), [list.data]);
  useEffect(() => {
    if (!pusher) return;
    const current = subscribed.current;
    const wanted = [
      userChannel(userId),
      SETTINGS_CHANNEL,
      ...(listIds ? listIds.split(",").map(conversationChannel) : []),
    ];
    const { join, leave } = diffChannels(new Set(current.keys()), wanted);
    for (const name of leave) {
      current.get(name)?.unbind_global();
      pusher.unsubscribe(name);
      current.delete(name);
    }
    for (const name of join) {
      const channel = pusher.subscribe(name);
      channel.bind_global((event: string, data: unknown) => {
        if (event === "pusher:subscription_succeeded") {
          // Anything published before the subscription was live is fetched by version, and the
          // list asks again: a new group's first messages often go out before its channel is live.
          if (name.startsWith(CONVERSATION_PREFIX)) void engine.catchUp(name.slice(CONVERSATION_PREFIX.length));
          refreshList();
          return;
        }
        if (event.startsWith("pusher:")) return;
        if (event.startsWith("message.")) handlersRef.current.onMessage(event, data);
        else if (event.startsWith("conversation.") || event === "settings.changed")
          handlersRef.current.onUserEvent(event, data);
      });
      current.set(name, channel);
    }
  }, [pusher, listIds, userId, engine, refreshList]);

  useEffect(() => {
    const channels = subscribed.current;
    return () => channels.clear();
  }, [pusher]);

  // Coming back to the tab (or waking up) may mean missed events: catch up by version.
  useEffect(() => {
    let last = 0;
    const wake = () => {
      if (document.visibilityState !== "visible") return;
      const now = Date.now();
      if (now - last < 2000) return;
      last = now;
      engine.catchUpAll();
      refreshList();
      refreshRules();
    };
    document.addEventListener("visibilitychange", wake);
    window.addEventListener("focus", wake);
    window.addEventListener("online", wake);
    return () => {
      document.removeEventListener("visibilitychange", wake);
      window.removeEventListener("focus", wake);
      window.removeEventListener("online", wake);
    };
  }, [engine, refreshList, refreshRules]);

  // Without a realtime service (or while it is unreachable), poll gently instead.
  const polling = status === "off" || status === "unavailable" || status === "reconnecting";
  useEffect(() => {
    if (!polling) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState !== "visible") return;
      engine.catchUpAll();
      refreshList();
    }, 10_000);
    return () => window.clearInterval(timer);
  }, [polling, engine, refreshList]);

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
