import { QueryClient } from "@tanstack/react-query";
import type Pusher from "pusher-js";
import { reviveMessagePayload } from "~/app/_realtime/payloads";
import { type SyncApi, SyncEngine, timelineKey } from "~/app/_realtime/sync-engine";
import { applyEvent } from "~/app/_realtime/timeline";
import { conversationChannel, userChannel } from "~/server/realtime/events";

/**
 * One simulated device, shared by `npm run soak` and the convergence integration test: the
 * browser's own SyncEngine over the caller's API, fed by the official pusher-js, wired the way
 * RealtimeProvider wires it (payloads revived, catch-up after every re-subscription).
 */
export const MESSAGE_EVENTS = ["message.created", "message.recalled", "message.restored", "message.edited"] as const;

/** Deliberate faults, to prove the oracle can fail (`npm run soak -- --check-oracle`). */
export interface DeviceFaults {
  /** Swallow the first `message.recalled` event this device receives. */
  dropOneRecall?: boolean;
  /** Never fetch by version: no gap catch-ups, no catch-up after re-subscribing. */
  noCatchUp?: boolean;
}

export interface SimDevice {
  name: string;
  userId: string;
  conversations: string[];
  engine: SyncEngine;
  client: Pusher;
  events: number;
  gapCatchUps: number;
  resubscribeCatchUps: number;
  dropped: number;
  disconnected: boolean;
}

export interface DeviceOptions {
  name: string;
  userId: string;
  conversations: string[];
  api: SyncApi;
  client: Pusher;
  faults?: DeviceFaults;
  onEvent?: (name: string) => void;
  subscribeTimeoutMs?: number;
}

export async function connectDevice(o: DeviceOptions): Promise<SimDevice> {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } });
  const engine = new SyncEngine(queryClient, o.api);
  const faults = o.faults ?? {};
  const device: SimDevice = {
    name: o.name,
    userId: o.userId,
    conversations: o.conversations,
    engine,
    client: o.client,
    events: 0,
    gapCatchUps: 0,
    resubscribeCatchUps: 0,
    dropped: 0,
    disconnected: false,
  };
  const ready: Promise<void>[] = [];
  for (const id of o.conversations) {
    const channel = o.client.subscribe(conversationChannel(id));
    let subscriptions = 0;
    ready.push(
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${o.name}: subscription to ${channel.name} timed out`)),
          o.subscribeTimeoutMs ?? 15_000,
        );
        channel.bind("pusher:subscription_succeeded", () => {
          subscriptions += 1;
          clearTimeout(timer);
          resolve();
          // After a reconnect pusher-js re-subscribes: only from this moment are events delivered
          // again, so the catch-up runs here, not at "connected" (that left a window of lost events).
          if (subscriptions > 1 && !faults.noCatchUp) {
            device.resubscribeCatchUps += 1;
            void engine.catchUp(id);
          }
        });
        channel.bind("pusher:subscription_error", (e: unknown) => {
          clearTimeout(timer);
          reject(new Error(`${o.name}: subscription to ${channel.name} failed: ${JSON.stringify(e)}`));
        });
      }),
    );
    for (const event of MESSAGE_EVENTS) {
      channel.bind(event, (raw: unknown) => {
        device.events += 1;
        o.onEvent?.(event);
        if (faults.dropOneRecall && event === "message.recalled" && device.dropped === 0) {
          device.dropped = 1;
          return;
        }
        const payload = reviveMessagePayload(raw);
        if (faults.noCatchUp) {
          if (payload) engine.update(id, (t) => applyEvent(t, payload, event).timeline);
          return;
        }
        if (!payload) {
          device.gapCatchUps += 1;
          void engine.catchUp(id);
        } else if (engine.handleMessageEvent(payload, event)) device.gapCatchUps += 1;
      });
    }
  }
  // "Delete for me" reaches only the hider's devices, on their user channel, as "something changed
  // at this version": the device reads what from the change feed.
  const own = o.client.subscribe(userChannel(o.userId));
  own.bind("message.hidden", (raw: { conversationId?: string }) => {
    device.events += 1;
    o.onEvent?.("message.hidden");
    if (raw.conversationId && o.conversations.includes(raw.conversationId) && !faults.noCatchUp)
      void engine.catchUp(raw.conversationId);
  });
  let ownSubscriptions = 0;
  own.bind("pusher:subscription_succeeded", () => {
    // Re-subscribed after a reconnect: a hide made meanwhile is found by catching up.
    if (++ownSubscriptions > 1 && !faults.noCatchUp) engine.catchUpAll();
  });
  // Subscribe first, then load: events that arrive while the first page is on its way are
  // recovered by the engine (missedWhileLoading → sync.changes).
  await Promise.all(ready);
  for (const id of o.conversations) queryClient.setQueryData(timelineKey(id), await engine.loadTimeline(id));
  return device;
}

/** What a device shows for one message: the text (and "edited"), or the recall tip's facts. */
export interface Observed {
  body: string | null;
  edited: boolean;
  recall: { kind: string; by: string; reason: string | null } | null;
}

/** The device's timeline for one conversation, as message id → what it shows. */
export function observe(d: SimDevice, conversationId: string): Map<string, Observed> {
  const out = new Map<string, Observed>();
  for (const m of d.engine.get(conversationId)?.messages ?? []) {
    out.set(m.id, {
      body: m.body,
      edited: m.edited !== null,
      recall: m.recall ? { kind: m.recall.kind, by: m.recall.by.id, reason: m.recall.reason } : null,
    });
  }
  return out;
}

export function disconnectAll(devices: SimDevice[]): void {
  for (const d of devices) {
    d.engine.dispose();
    d.client.disconnect();
  }
}
