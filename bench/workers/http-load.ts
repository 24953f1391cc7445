/**
 * Load generator for throughput: closed-loop tRPC calls over keep-alive HTTP at a fixed
 * concurrency for a fixed time. Lane i is user i sending into (and recalling from) its own group,
 * so lanes do not serialise on one conversation's row lock; edits go round the lane's own messages
 * from the preceding send slices, and recalls take them, oldest first (all well inside the 900 s
 * edit and 120 s recall windows).
 */
import { now } from "../lib/clock";
import { serve } from "../lib/ipc";
import { Samples } from "../lib/stats";
import { type AppClient, clientsByCookie, describeRefusal, keepAliveFetch, refusalOf } from "../../test/trpc-client";

export type Op = "noop" | "send" | "edit" | "recall";

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

let lanes: { api: AppClient; conversationId: string; sent: string[]; edits: number }[] = [];
let seq = 0;

/** One call; false when the lane has nothing left to edit or recall. A refusal rejects (counted by the caller). */
async function once(op: Op, lane: (typeof lanes)[number]): Promise<boolean> {
  if (op === "noop") await lane.api.user.me.query();
  else if (op === "send") {
    const sent = await lane.api.message.send.mutate({
      conversationId: lane.conversationId,
      clientMsgId: `tp-${process.pid}-${seq++}`,
      body: `Throughput message ${seq}`,
    });
    lane.sent.push(sent.id);
  } else if (op === "edit") {
    const messageId = lane.sent[lane.edits++ % Math.max(1, lane.sent.length)];
    if (!messageId) return false;
    await lane.api.message.edit.mutate({ messageId, body: `Edited throughput message ${seq++}` });
  } else {
    const messageId = lane.sent.shift();
    if (!messageId) return false;
    await lane.api.message.recall.mutate({ messageId });
  }
  return true;
}

serve<LoadCommands>({
  init({ baseUrl, lanes: l }) {
    const clientFor = clientsByCookie(`${baseUrl}/api/trpc`, keepAliveFetch(128).fetch);
    lanes = l.map((x) => ({ api: clientFor(x.cookie), conversationId: x.conversationId, sent: [], edits: 0 }));
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
        let called: boolean;
        try {
          called = await once(op, lane);
        } catch (error) {
          // A refusal (429, 503, …) is a measured error; no HTTP answer at all ends the run, as it always did.
          const refusal = refusalOf(error);
          if (refusal?.httpStatus == null) throw error;
          lastEnd = Math.max(lastEnd, now());
          errors++;
          firstError ??= describeRefusal(refusal);
          continue;
        }
        const t1 = now();
        if (!called) break; // this lane has nothing left to edit or recall
        lastEnd = Math.max(lastEnd, t1);
        latencies.push(t1 - t0);
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
