/**
 * throughput: send, edit and recall mutations per second through ONE app process at concurrency
 * 1, 16 and 64 (closed loop, keep-alive HTTP), against the no-op floor — a `user.me` query, the
 * cheapest protected procedure (the app has no no-op procedure) — at the same concurrency.
 * The machine is shared and noisy, so for each concurrency the operations alternate in short
 * slices (no-op, send, edit, recall, …; send before edit and recall, which take the sent
 * messages) and each rate is its total count over its total time.
 */
import { startWorker } from "../lib/ipc";
import { seedGroup, seedUsers } from "../lib/seed";
import { sessionCookie } from "../lib/session";
import { ratio, summarize } from "../lib/stats";
import { type LoadCommands, type Op, type RunResult } from "../workers/http-load";
import { type AppScenarioContext } from "../lib/scenario";

export interface OpStats {
  rps: number;
  p50: number;
  p99: number | null;
  errors: number;
  count: number;
}

export interface ThroughputRow {
  concurrency: number;
  noop: OpStats;
  send: OpStats;
  edit: OpStats;
  recall: OpStats;
  ratio: number | null;
  send_ratio: number | null;
  edit_ratio: number | null;
}

export interface ThroughputResult {
  /** Headline: the highest concurrency (the app saturated). */
  concurrency: number;
  recall_rps: number;
  send_rps: number;
  edit_rps: number;
  noop_rps: number;
  ratio: number | null;
  send_ratio: number | null;
  /** The lowest recall/no-op ratio over all concurrencies (what the goal is checked against). */
  min_ratio: number | null;
  /** Per operation and concurrency: rounds × slice seconds. */
  rounds: number;
  slice_seconds: number;
  rows: ThroughputRow[];
  first_error: string | null;
}

const CONCURRENCY = [1, 16, 64];

function stats(runs: RunResult[]): OpStats {
  const count = runs.reduce((n, r) => n + r.count, 0);
  const elapsed = runs.reduce((n, r) => n + r.elapsedMs, 0);
  const s = summarize(runs.flatMap((r) => Array.from(r.latencies)));
  return {
    rps: elapsed > 0 ? (count * 1000) / elapsed : 0,
    p50: s.p50,
    p99: s.p99,
    errors: runs.reduce((n, r) => n + r.errors, 0),
    count,
  };
}

export async function throughput(opts: AppScenarioContext): Promise<ThroughputResult> {
  const lanesN = Math.max(...CONCURRENCY);
  const sliceMs = 2000;
  const rounds = opts.quick ? 2 : 5;
  const users = await seedUsers(opts.sql, `tp${opts.runId}`, lanesN + 1);
  const peer = users[lanesN]!;
  const lanes = await Promise.all(
    users.slice(0, lanesN).map(async (u, i) => ({
      cookie: await sessionCookie(opts.app.nextAuthSecret, u),
      conversationId: await seedGroup(opts.sql, `Throughput ${i}`, [u, peer]),
    })),
  );
  const load = startWorker<LoadCommands>("http-load", "throughput-load");
  try {
    await load.call("init", { baseUrl: opts.app.baseUrl, lanes });
    // Warm-up: JIT, connection pools, Next.js route modules.
    for (const op of ["noop", "send", "edit", "recall"] as Op[])
      await load.call("run", { op, concurrency: 8, durationMs: 1500 });
    const rows: ThroughputRow[] = [];
    let firstError: string | null = null;
    for (const c of CONCURRENCY) {
      await load.call("reset", null);
      const res: Record<Op, RunResult[]> = { noop: [], send: [], edit: [], recall: [] };
      for (let r = 0; r < rounds; r++) {
        const order: Op[] = r % 2 === 0 ? ["noop", "send", "edit", "recall"] : ["send", "edit", "recall", "noop"];
        for (const op of order) {
          const run = await load.call("run", { op, concurrency: c, durationMs: sliceMs });
          res[op].push(run);
          firstError ??= run.firstError;
        }
      }
      const row: ThroughputRow = {
        concurrency: c,
        noop: stats(res.noop),
        send: stats(res.send),
        edit: stats(res.edit),
        recall: stats(res.recall),
        ratio: null,
        send_ratio: null,
        edit_ratio: null,
      };
      row.ratio = ratio(row.recall.rps, row.noop.rps);
      row.send_ratio = ratio(row.send.rps, row.noop.rps);
      row.edit_ratio = ratio(row.edit.rps, row.noop.rps);
      rows.push(row);
      opts.log(
        `throughput c=${c}: no-op ${row.noop.rps.toFixed(0)}/s, send ${row.send.rps.toFixed(0)}/s, edit ${row.edit.rps.toFixed(0)}/s, recall ${row.recall.rps.toFixed(0)}/s (ratio ${row.ratio?.toFixed(2)})`,
      );
    }
    const top = rows.at(-1)!;
    // The goal covers both mutations: the smallest of recall÷no-op and send÷no-op at any concurrency.
    const ratios = rows.flatMap((r) => [r.ratio, r.send_ratio]).filter((r): r is number => r !== null);
    return {
      concurrency: top.concurrency,
      recall_rps: top.recall.rps,
      send_rps: top.send.rps,
      edit_rps: top.edit.rps,
      noop_rps: top.noop.rps,
      ratio: top.ratio,
      send_ratio: top.send_ratio,
      min_ratio: ratios.length ? Math.min(...ratios) : null,
      rounds,
      slice_seconds: sliceMs / 1000,
      rows,
      first_error: firstError,
    };
  } finally {
    await load.stop();
  }
}
