/**
 * Load generator for recall_e2e and catch_up: real tRPC HTTP calls to the app (send, recall, the
 * no-op `user.me`) and, for the floor, a raw publish with the `pusher` server SDK to the same
 * embedded realtime server the app publishes to. Timestamps are CLOCK_MONOTONIC ms (lib/clock).
 */
import Pusher from "pusher";
import { now } from "../lib/clock";
import { serve } from "../lib/ipc";
import { resultData, TrpcHttp } from "../lib/trpc-http";

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

let http: TrpcHttp;
let pusher: Pusher;
let sent = 0;

function ok<T>(procedure: string, res: { status: number; body: string }): T {
  if (res.status !== 200) throw new Error(`${procedure} answered ${res.status}: ${res.body.slice(0, 300)}`);
  return resultData<T>(res.body);
}

serve<DriverCommands>({
  init({ baseUrl, realtime }) {
    http = new TrpcHttp(baseUrl, 64);
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
    const res = await http.mutation("message.send", { conversationId, clientMsgId, body }, cookie);
    const t1 = now();
    return { id: ok<{ id: string }>("message.send", res).id, t0, t1 };
  },
  async recall({ cookie, messageId }) {
    const t0 = now();
    const res = await http.mutation("message.recall", { messageId }, cookie);
    const t1 = now();
    return { t0, t1, alreadyRecalled: ok<{ alreadyRecalled: boolean }>("message.recall", res).alreadyRecalled };
  },
  async floor({ cookie, channel, event, data }) {
    const t0 = now();
    ok("user.me", await http.query("user.me", undefined, cookie));
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
        const res = await http.mutation("message.recall", { messageId: items[i]!.messageId }, items[i]!.cookie);
        if (res.status === 200) okCount++;
        else {
          failed++;
          firstError ??= `${res.status}: ${res.body.slice(0, 300)}`;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    return { ok: okCount, failed, ms: now() - t0, firstError };
  },
});
