/**
 * realtime_fanout's publisher: `rate` publishes per second to EACH target, the targets' ticks
 * offset by half an interval so their fan-outs do not overlap but share the machine's noise.
 * Each payload carries the target (`k`), its sequence number and the send time (CLOCK_MONOTONIC
 * ms, taken just before the HTTP request), padded to the size of a real `message.recalled`
 * payload. To the embedded server with the `pusher` SDK's `trigger` (as the app does); to the
 * bare server with a plain POST of the same body.
 */
import http from "node:http";
import Pusher from "pusher";
import { now, sleep } from "../lib/clock";
import { serve } from "../lib/ipc";

export type Target =
  | { name: string; kind: "pusher"; appId: string; key: string; secret: string; port: number }
  | { name: string; kind: "bare"; port: number };

export type PublisherCommands = {
  run: {
    args: { targets: Target[]; channel: string; rate: number; durationMs: number; padBytes: number };
    result: { sent: Record<string, number>; errors: number; firstError: string | null };
  };
};

const agent = new http.Agent({ keepAlive: true });

function postBare(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/publish",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

serve<PublisherCommands>({
  async run({ targets, channel, rate, durationMs, padBytes }) {
    const publishers = targets.map((t) => {
      if (t.kind === "bare")
        return (data: object) =>
          postBare(t.port, JSON.stringify({ channel, event: "bench.fanout", data: JSON.stringify(data) }));
      const pusher = new Pusher({
        appId: t.appId,
        key: t.key,
        secret: t.secret,
        host: "127.0.0.1",
        port: String(t.port),
        useTLS: false,
        cluster: "local",
      });
      return (data: object) => pusher.trigger(channel, "bench.fanout", data).then((r) => r.status);
    });
    const pad = "x".repeat(padBytes);
    const ticks = Math.round((durationMs / 1000) * rate);
    const interval = 1000 / rate;
    const slot = interval / targets.length;
    const sent: Record<string, number> = Object.fromEntries(targets.map((t) => [t.name, 0]));
    let errors = 0;
    let firstError: string | null = null;
    const inflight: Promise<void>[] = [];
    const start = now();
    for (let n = 0; n < ticks; n++) {
      for (let i = 0; i < targets.length; i++) {
        // Alternate which target goes first, so neither always follows the other's fan-out.
        const j = (i + n) % targets.length;
        const wait = start + n * interval + i * slot - now();
        if (wait > 0) await sleep(wait);
        const target = targets[j]!;
        sent[target.name]! += 1;
        inflight.push(
          publishers[j]!({ k: target.name, n, t: now(), pad }).then(
            (status) => {
              if (status !== 200) {
                errors++;
                firstError ??= `${target.name}: status ${status}`;
              }
            },
            (e: unknown) => {
              errors++;
              firstError ??= `${target.name}: ${String(e)}`;
            },
          ),
        );
      }
    }
    await Promise.all(inflight);
    return { sent, errors, firstError };
  },
});
