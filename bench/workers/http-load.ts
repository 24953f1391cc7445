/**
 * Load generator for throughput: closed-loop tRPC calls over keep-alive HTTP at a fixed
 * concurrency for a fixed time. Lane i is user i sending into (and recalling from) its own group,
 * so lanes do not serialise on one conversation's row lock; recalls take the lane's own messages
 * from the preceding send slices, oldest first (all well inside the 120 s recall window).
 */
import { now } from "../lib/clock";
import { serve } from "../lib/ipc";
import { Samples } from "../lib/stats";
import { resultData, TrpcHttp } from "../lib/trpc-http";

export type Op = "noop" | "send" | "recall";

export interface RunResult {
  op: Op;
  concurrency: number;
  count: number;
  errors: number;
  elapsedMs: number;
  latencies: Float64Array;
  firstError: string | null;
}

export type LoadCommands = {
  init: { args: { baseUrl: string; lanes: { cookie: string; conversationId: string }[] }; result: null };
  /** Forget messages sent so far (call before each concurrency level). */
  reset: { args: null; result: null };
  run: { args: { op: Op; concurrency: number; durationMs: number }; result: RunResult };
};

let http: TrpcHttp;
let lanes: { cookie: string; conversationId: string; sent: string[] }[] = [];
let seq = 0;

async function once(op: Op, lane: (typeof lanes)[number]): Promise<{ status: number; body: string } | null> {
  if (op === "noop") return http.query("user.me", undefined, lane.cookie);
  if (op === "send") {
    const res = await http.mutation(
      "message.send",
      {
        conversationId: lane.conversationId,
        clientMsgId: `tp-${process.pid}-${seq++}`,
        body: `Throughput message ${seq}`,
      },
      lane.cookie,
    );
    if (res.status === 200) lane.sent.push(resultData<{ id: string }>(res.body).id);
    return res;
  }
  const messageId = lane.sent.shift();
  if (!messageId) return null;
  return http.mutation("message.recall", { messageId }, lane.cookie);
}

serve<LoadCommands>({
  init({ baseUrl, lanes: l }) {
    http = new TrpcHttp(baseUrl, 128);
    lanes = l.map((x) => ({ ...x, sent: [] }));
    return null;
  },
  reset() {
    for (const l of lanes) l.sent = [];
    return null;
  },
  async run({ op, concurrency, durationMs }) {
    if (concurrency > lanes.length) throw new Error(`only ${lanes.length} lanes`);
    const latencies = new Samples();
    let errors = 0;
    let firstError: string | null = null;
    const start = now();
    const stopAt = start + durationMs;
    let lastEnd = start;
    const worker = async (lane: (typeof lanes)[number]) => {
      while (now() < stopAt) {
        const t0 = now();
        const res = await once(op, lane);
        const t1 = now();
        if (res === null) break; // this lane has nothing left to recall
        lastEnd = Math.max(lastEnd, t1);
        if (res.status === 200) latencies.push(t1 - t0);
        else {
          errors++;
          firstError ??= `${res.status}: ${res.body.slice(0, 300)}`;
        }
      }
    };
    await Promise.all(lanes.slice(0, concurrency).map(worker));
    return {
      op,
      concurrency,
      count: latencies.length,
      errors,
      elapsedMs: lastEnd - start,
      latencies: latencies.toArray(),
      firstError,
    };
  },
});
