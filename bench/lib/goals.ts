/** The bench's goals: each scenario's result against its target (pure, unit-tested). */
import { type BrowserResult } from "../scenarios/browser";
import { type CatchUpResult } from "../scenarios/catch-up";
import { type QueriesResult } from "../scenarios/queries-at-scale";
import { type FanoutResult } from "../scenarios/realtime-fanout";
import { type RecallE2EResult } from "../scenarios/recall-e2e";
import { type ThroughputResult } from "../scenarios/throughput";
import { ms, num, x } from "./format";
import { ratio } from "./stats";

export type Outcome<T> = T | { error: string };

export interface Results {
  recall_e2e?: Outcome<RecallE2EResult>;
  throughput?: Outcome<ThroughputResult>;
  realtime_fanout?: Outcome<FanoutResult>;
  queries_at_scale?: Outcome<QueriesResult>;
  catch_up?: Outcome<CatchUpResult>;
  browser?: Outcome<BrowserResult>;
}

export interface Goal {
  scenario: string;
  goal: string;
  value: string;
  met: boolean | null;
}

/** The result, or null when the scenario failed or did not run. */
export const ok = <T>(o: Outcome<T> | undefined): T | null => (o && !("error" in (o as object)) ? (o as T) : null);

export function evaluateGoals(r: Results): Goal[] {
  const goals: Goal[] = [];
  const e2e = ok(r.recall_e2e);
  if (e2e) {
    goals.push({
      scenario: "recall_e2e",
      goal: "p95 ≤ 2× floor p95 and < 50 ms, 0 lost",
      value: `p95 ${ms(e2e.p95)}, ${x(e2e.ratio_p95)} floor, ${e2e.lost} lost`,
      met: e2e.ratio_p95 !== null && e2e.ratio_p95 <= 2 && e2e.p95 < 50 && e2e.lost === 0,
    });
  }
  const tp = ok(r.throughput);
  if (tp) {
    const errors = tp.rows.reduce((n, row) => n + row.noop.errors + row.send.errors + row.recall.errors, 0);
    goals.push({
      scenario: "throughput",
      goal: "recall and send ÷ no-op rate ≥ 0.7 at every concurrency",
      value: `min ratio ${num(tp.min_ratio)}${errors ? `, ${errors} failed requests` : ""}`,
      met: tp.min_ratio !== null && tp.min_ratio >= 0.7 && errors === 0,
    });
  }
  const fan = ok(r.realtime_fanout);
  if (fan) {
    goals.push({
      scenario: "realtime_fanout",
      goal: "p99 ≤ 1.2× bare ws, ≤ 50 KB per connection, 0 lost",
      value: `p99 ${x(fan.ratio_p99)} bare, ${num(fan.bytes_per_conn / 1024, " KB")}/conn, ${fan.lost} lost`,
      met: fan.ratio_p99 !== null && fan.ratio_p99 <= 1.2 && fan.bytes_per_conn <= 50 * 1024 && fan.lost === 0,
    });
  }
  const q = ok(r.queries_at_scale);
  if (q) {
    const rel = (p50: number) => ratio(p50, q.pk_p50);
    const history = rel(Math.max(q.history_p50, q.changes_p50));
    const list = rel(q.list_p50);
    const seqScans = Object.values(q.seq_scans_by_table).reduce((a, b) => a + b, 0);
    goals.push({
      scenario: "queries_at_scale",
      goal: "history and changes p50 ≤ 3× a primary-key read, list ≤ 5×, no seq scan of any table",
      value: `history/changes ${x(history)}, list ${x(list)} pk p50, ${seqScans} seq scans`,
      met: history !== null && history <= 3 && list !== null && list <= 5 && seqScans === 0,
    });
  }
  const br = ok(r.browser);
  if (br) {
    goals.push({
      scenario: "browser",
      goal: "recall tip p95 < 250 ms; conversation open p95 ≤ 2× the /sign-in floor",
      value: `tip p95 ${ms(br.recall_tip_p95)}; open p95 ${ms(br.open_p95)}, ${x(br.open_ratio_p95)} floor`,
      met: br.recall_tip_p95 < 250 && br.open_ratio_p95 !== null && br.open_ratio_p95 <= 2,
    });
  }
  const cu = ok(r.catch_up);
  if (cu)
    goals.push({
      scenario: "catch_up",
      goal: "< 1 s and converged",
      value: `${ms(cu.ms)}, ${cu.converged ? "converged" : `${cu.mismatches} mismatches`}`,
      met: cu.ms < 1000 && cu.converged,
    });
  for (const [name, o] of Object.entries(r))
    if (o && "error" in (o as object))
      goals.push({ scenario: name, goal: "ran", value: (o as { error: string }).error.split("\n")[0]!, met: false });
  return goals;
}
