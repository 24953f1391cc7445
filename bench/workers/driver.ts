/**
 * Load generator for recall_e2e and catch_up: real tRPC HTTP calls to the app (send, recall, the
 * no-op `user.me`) and, for the floor, a raw publish with the `pusher` server SDK to the same
 * embedded realtime server the app publishes to. Timestamps are CLOCK_MONOTONIC ms (lib/clock).
 */
import Pusher from "pusher";
import { now } from "../lib/clock";
import { serve } from "../lib/ipc";
import { clientsByCookie, describeRefusal, keepAliveFetch, refusalOf, type AppClient } from "../../test/trpc-client";

export type DriverCommands = {
  init: {
    args: { baseUrl: string; realtime: { appId: string; key: string; secret: string; host: string; port: number } };
    result: null;
  };
  send: {
    args: { cookie: string; conversationId: string; body: string };
    result: { id: string; t0: number; t1: number };
  };
  recall: { args: { cookie: string; messageId: string }; result: { t0: number; t1: number; alreadyRecalled: boolean } };
  floor: {
    args: { cookie: string; channel: string; event: string; data: object };
    result: { t0: number; tNoop: number; t1: number };
  };
  recallMany: {
    args: { items: { cookie: string; messageId: string }[]; concurrency: number };
    result: { ok: number; failed: number; ms: number; firstError: string | null };
  };
};

let api: (cookie: string) => AppClient;
let pusher: Pusher;
let sent = 0;

serve<DriverCommands>({
  init({ baseUrl, realtime }) {
    api = clientsByCookie(`${baseUrl}/api/trpc`, keepAliveFetch(64).fetch);
    pusher = new Pusher({
      appId: realtime.appId,
      key: realtime.key,
      secret: realtime.secret,
      host: realtime.host,
      port: String(realtime.port),
      useTLS: false,
      cluster: "local",
    });
    return null;
  },
  async send({ cookie, conversationId, body }) {
    const clientMsgId = `bench-${process.pid}-${Date.now()}-${sent++}`;
    const t0 = now();
    const { id } = await api(cookie).message.send.mutate({ conversationId, clientMsgId, body });
    const t1 = now();
    return { id, t0, t1 };
  },
  async recall({ cookie, messageId }) {
    const t0 = now();
    const { alreadyRecalled } = await api(cookie).message.recall.mutate({ messageId });
    const t1 = now();
    return { t0, t1, alreadyRecalled };
  },
  async floor({ cookie, channel, event, data }) {
    const t0 = now();
    await api(cookie).user.me.query();
    const tNoop = now();
    const res = await pusher.trigger(channel, event, data);
    if (res.status !== 200) throw new Error(`trigger answered ${res.status}`);
    return { t0, tNoop, t1: now() };
  },
  async recallMany({ items, concurrency }) {
    const t0 = now();
    let next = 0;
    let okCount = 0;
    let failed = 0;
    let firstError: string | null = null;
    const lane = async () => {
      for (let i = next++; i < items.length; i = next++) {
        try {
          await api(items[i]!.cookie).message.recall.mutate({ messageId: items[i]!.messageId });
          okCount++;
        } catch (error) {
          // A refusal is counted; no HTTP answer at all ends the run, as it always did.
          const refusal = refusalOf(error);
          if (refusal?.httpStatus == null) throw error;
          failed++;
          firstError ??= describeRefusal(refusal);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    return { ok: okCount, failed, ms: now() - t0, firstError };
  },
});
