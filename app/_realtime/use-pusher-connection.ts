"use client";

import type Pusher from "pusher-js";
import { useEffect, useState } from "react";
import { type ClientRealtimeConfig } from "~/server/realtime/config";
import { ACTIVITY_TIMEOUT_MS, PONG_TIMEOUT_MS, type RealtimeStatus, statusFor } from "./connection-status";
import { type CatchUp } from "./use-catch-up-triggers";

/**
 * The pusher-js connection and its state as the app shows it: created once, torn down on
 * sign-out/unmount, reconnected after the server terminates it, and caught up after a loss.
 * None (status "off") when realtime is not configured.
 */
export function usePusherConnection(
  config: ClientRealtimeConfig | null,
  { engine, refreshList, refreshRules }: CatchUp,
): { pusher: Pusher | null; status: RealtimeStatus } {
  const [pusher, setPusher] = useState<Pusher | null>(null);
  const [status, setStatus] = useState<RealtimeStatus>(config ? "connecting" : "off");

  // Keyed by value, because a server re-render (router.refresh) hands over an equal but new config object.
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
    // The conversation page is server-rendered and readable before its scripts run: a network lost
    // in between fired its "offline" event before anyone listened.
    if (!navigator.onLine) offline();
    return () => {
      window.removeEventListener("offline", offline);
      window.removeEventListener("online", online);
      cancelled = true;
      instance?.disconnect();
      setPusher(null);
    };
  }, [configKey, engine, refreshList, refreshRules]);

  return { pusher, status };
}
