/**
 * realtime_fanout: the embedded Pusher-protocol server (server/realtime/pusher-server/main.ts, in
 * its own process) against a bare `ws` broadcast server of the same shape
 * (bench/workers/bare-ws-server.ts), measured side by side in the same run: both run at once,
 * each with 2,000 subscribers on one private channel, and the publisher sends 10/s to each,
 * alternating (half an interval apart) so that the shared machine's noise hits both alike.
 * Latency = publisher's timestamp (before its HTTP request) → a client's receipt, for every
 * delivery. Memory per connection = server RSS after all subscribed − RSS idle, / connections.
 */
import path from "node:path";
import { LOAD_CONNECTIONS_PER_IP, newRealtimeCredentials } from "../lib/app";
import { sleep } from "../lib/clock";
import { startWorker, type Worker } from "../lib/ipc";
import { exitReason, portOpen, rssBytes, type Service, startService, waitUntil } from "../lib/procs";
import { ratio, summarize } from "../lib/stats";
import { type PublisherCommands, type Target } from "../workers/publisher";
import { type SubscriberCommands } from "../workers/subscribers";

export interface FanoutSide {
  p50: number;
  p95: number;
  p99: number | null;
  max: number;
  lost: number;
  deliveries: number;
  bytes_per_conn: number;
  rss_idle_mb: number;
  rss_subscribed_mb: number;
  connect_ms: number;
}

export interface FanoutResult {
  connections: number;
  publishes_per_second: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number | null;
  lost: number;
  bytes_per_conn: number;
  bare_p50: number;
  bare_p95: number;
  bare_p99: number | null;
  bare_lost: number;
  bare_bytes_per_conn: number;
  ratio_p99: number | null;
  embedded: FanoutSide;
  bare: FanoutSide;
}

const CONNECTIONS = 2000;
const WORKERS = 2;
const RATE = 10;
const CHANNEL = "private-bench-fanout";
/** About the size of a real message.recalled payload (the member view of a tombstone). */
const PAD_BYTES = 450;

type Kind = "embedded" | "bare";

export async function realtimeFanout(opts: {
  quick: boolean;
  ports: Record<Kind, number>;
  logDir: string;
  log: (line: string) => void;
}): Promise<FanoutResult> {
  const seconds = opts.quick ? 15 : 40;
  const creds = newRealtimeCredentials();
  const services: Record<Kind, Service> = {
    embedded: startService(
      "embedded realtime server",
      process.execPath,
      ["--import", "tsx", "server/realtime/pusher-server/main.ts"],
      {
        env: {
          ...process.env,
          REALTIME_APP_ID: creds.appId,
          REALTIME_KEY: creds.key,
          REALTIME_SECRET: creds.secret,
          REALTIME_PORT: String(opts.ports.embedded),
          REALTIME_HOST: "127.0.0.1",
          REALTIME_MAX_CONNECTIONS_PER_IP: String(LOAD_CONNECTIONS_PER_IP),
        },
        logFile: path.join(opts.logDir, "fanout-embedded.log"),
      },
    ),
    bare: startService(
      "bare ws server",
      process.execPath,
      ["--import", "tsx", "bench/workers/bare-ws-server.ts", String(opts.ports.bare)],
      {
        env: process.env,
        logFile: path.join(opts.logDir, "fanout-bare.log"),
      },
    ),
  };
  const subs: Worker<SubscriberCommands>[] = [];
  const publisher = startWorker<PublisherCommands>("publisher", "fanout-publisher");
  try {
    for (const kind of ["embedded", "bare"] as Kind[]) {
      await waitUntil(`${kind} server`, () => portOpen(opts.ports[kind]), 30_000, exitReason(services[kind].child));
    }
    await sleep(1000);
    const rss = (kind: Kind) => rssBytes(services[kind].child.pid!);
    const idle = { embedded: rss("embedded"), bare: rss("bare") };
    for (let w = 0; w < WORKERS; w++)
      subs.push(startWorker<SubscriberCommands>("subscribers", `fanout-subscribers-${w}`));
    const connectMs = { embedded: 0, bare: 0 };
    for (const kind of ["embedded", "bare"] as Kind[]) {
      const connected = await Promise.all(
        subs.map((s) =>
          s.call("connect", {
            wsUrl: `ws://127.0.0.1:${opts.ports[kind]}`,
            key: creds.key,
            channel: CHANNEL,
            clients: CONNECTIONS / WORKERS,
            // The bare server ignores the signature; computing it anyway keeps the clients identical.
            auth: { kind: "signed", key: creds.key, secret: creds.secret },
            mode: "latency",
            concurrency: 50,
          }),
        ),
      );
      connectMs[kind] = Math.max(...connected.map((c) => c.ms));
    }
    await sleep(1500);
    const subscribed = { embedded: rss("embedded"), bare: rss("bare") };
    opts.log(
      `realtime_fanout: ${CONNECTIONS} subscribers on each server; publishing ${RATE}/s to each for ${seconds} s…`,
    );
    const targets: Target[] = [
      {
        name: "embedded",
        kind: "pusher",
        appId: creds.appId,
        key: creds.key,
        secret: creds.secret,
        port: opts.ports.embedded,
      },
      { name: "bare", kind: "bare", port: opts.ports.bare },
    ];
    const pub = await publisher.call("run", {
      targets,
      channel: CHANNEL,
      rate: RATE,
      durationMs: seconds * 1000,
      padBytes: PAD_BYTES,
    });
    if (pub.errors) throw new Error(`${pub.errors} publishes failed, first: ${pub.firstError}`);
    await sleep(1500);
    const collected = await Promise.all(subs.map((s) => s.call("collect", null)));
    const side = (kind: Kind): FanoutSide => {
      const parts = collected.map((c) => c[kind] ?? { latencies: new Float64Array(), received: 0 });
      const received = parts.reduce((n, p) => n + p.received, 0);
      const s = summarize(parts.flatMap((p) => Array.from(p.latencies)));
      return {
        p50: s.p50,
        p95: s.p95,
        p99: s.p99,
        max: s.max,
        lost: (pub.sent[kind] ?? 0) * CONNECTIONS - received,
        deliveries: received,
        bytes_per_conn: (subscribed[kind] - idle[kind]) / CONNECTIONS,
        rss_idle_mb: idle[kind] / 2 ** 20,
        rss_subscribed_mb: subscribed[kind] / 2 ** 20,
        connect_ms: connectMs[kind],
      };
    };
    const embedded = side("embedded");
    const bare = side("bare");
    return {
      connections: CONNECTIONS,
      publishes_per_second: RATE,
      seconds,
      p50: embedded.p50,
      p95: embedded.p95,
      p99: embedded.p99,
      lost: embedded.lost,
      bytes_per_conn: embedded.bytes_per_conn,
      bare_p50: bare.p50,
      bare_p95: bare.p95,
      bare_p99: bare.p99,
      bare_lost: bare.lost,
      bare_bytes_per_conn: bare.bytes_per_conn,
      ratio_p99: ratio(embedded.p99, bare.p99),
      embedded,
      bare,
    };
  } finally {
    await Promise.all(
      subs.map(async (s) =>
        s
          .call("close", null)
          .catch(() => null)
          .then(() => s.stop()),
      ),
    );
    await publisher.stop();
    await Promise.all([services.embedded.stop(), services.bare.stop()]);
  }
}
