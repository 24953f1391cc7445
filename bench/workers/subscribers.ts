/**
 * Load generator: many Pusher-protocol clients in one process (bench/lib/pusher-client.ts), all
 * subscribed to one channel. Two ways of counting what arrives:
 *  - "ids": per (event, message id), how many clients got it and when the last one did; emits
 *    `complete` once every client here has it (recall_e2e).
 *  - "latency": every delivery's latency against the publisher's timestamp in the payload
 *    (`t`, CLOCK_MONOTONIC ms), per target (`k`), and per-publish counts for loss (realtime_fanout).
 * `connect` may be called more than once (e.g. 1,000 clients to each of two servers).
 */
import { now } from "../lib/clock";
import { emit, serve } from "../lib/ipc";
import { channelAuth, decodeData, LeanPusherClient } from "../lib/pusher-client";
import { Samples } from "../lib/stats";
import { keepAliveFetch, type TrpcFetch } from "../../test/trpc-client";

export type ChannelAuthMode =
  | { kind: "app"; baseUrl: string; cookies: string[] }
  | { kind: "signed"; key: string; secret: string }
  | { kind: "none" };

export interface ConnectArgs {
  wsUrl: string;
  key: string;
  channel: string;
  clients: number;
  auth: ChannelAuthMode;
  mode: "ids" | "latency";
  concurrency?: number;
}

export type SubscriberCommands = {
  connect: { args: ConnectArgs; result: { connected: number; ms: number } };
  counts: { args: { keys: string[] }; result: Record<string, { count: number; first: number; last: number }> };
  sample: { args: { event: string }; result: string | null };
  collect: { args: null; result: Record<string, { latencies: Float64Array; received: number }> };
  close: { args: null; result: null };
};

const clients: LeanPusherClient[] = [];
let expected = 0;
const arrivals = new Map<string, { count: number; first: number; last: number }>();
const samples = new Map<string, string>();
const byTarget = new Map<string, { latencies: Samples; received: number }>();

function onIds(event: string, data: unknown, receivedAt: number): void {
  if (!samples.has(event) && typeof data === "string") samples.set(event, data);
  const payload = decodeData<{ message?: { id?: string } | null }>(data);
  const id = payload.message?.id;
  if (!id) return;
  const key = `${event}:${id}`;
  const a = arrivals.get(key) ?? { count: 0, first: receivedAt, last: 0 };
  a.count += 1;
  a.last = Math.max(a.last, receivedAt);
  arrivals.set(key, a);
  if (a.count === expected) emit("complete", { key, first: a.first, last: a.last });
}

function onLatency(data: unknown, receivedAt: number): void {
  const payload = decodeData<{ k: string; t: number }>(data);
  let target = byTarget.get(payload.k);
  if (!target) byTarget.set(payload.k, (target = { latencies: new Samples(), received: 0 }));
  target.latencies.push(receivedAt - payload.t);
  target.received += 1;
}

async function authFor(
  auth: ChannelAuthMode,
  httpFetch: TrpcFetch | null,
  index: number,
  socketId: string,
  channel: string,
): Promise<string> {
  if (auth.kind === "none") return "";
  if (auth.kind === "signed") return channelAuth(auth.key, auth.secret, socketId, channel);
  // Channel auth is a form post to a route of its own, not a procedure: plain fetch, same sockets.
  const res = await httpFetch!(`${auth.baseUrl}/api/pusher/auth`, {
    method: "POST",
    headers: { cookie: auth.cookies[index]!, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ socket_id: socketId, channel_name: channel }).toString(),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`/api/pusher/auth answered ${res.status}: ${body.slice(0, 200)}`);
  return (JSON.parse(body) as { auth: string }).auth;
}

serve<SubscriberCommands>({
  async connect(args) {
    const started = now();
    const mine: LeanPusherClient[] = [];
    expected = args.clients;
    const http = args.auth.kind === "app" ? keepAliveFetch(16) : null;
    const url = `${args.wsUrl}/app/${args.key}?protocol=7&client=bench-lean&version=1.0`;
    const listener =
      args.mode === "ids"
        ? (event: string, _channel: string | undefined, data: unknown, at: number) => onIds(event, data, at)
        : (_event: string, _channel: string | undefined, data: unknown, at: number) => onLatency(data, at);
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < args.clients; i = next++) {
        const client = await LeanPusherClient.connect(url, listener, now);
        clients.push(client);
        mine.push(client);
        await client.subscribe(
          args.channel,
          await authFor(args.auth, http?.fetch ?? null, i, client.socketId, args.channel),
        );
      }
    };
    await Promise.all(Array.from({ length: args.concurrency ?? 20 }, lane));
    http?.close();
    return { connected: mine.length, ms: now() - started };
  },
  counts({ keys }) {
    return Object.fromEntries(keys.map((k) => [k, arrivals.get(k) ?? { count: 0, first: 0, last: 0 }]));
  },
  sample({ event }) {
    return samples.get(event) ?? null;
  },
  collect() {
    return Object.fromEntries(
      [...byTarget].map(([k, v]) => [k, { latencies: v.latencies.toArray(), received: v.received }]),
    );
  },
  close() {
    for (const c of clients) c.close();
    clients.length = 0;
    return null;
  },
});
