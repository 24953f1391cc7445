import { describe, expect, it } from "vitest";
import { type CatchUpResult } from "../scenarios/catch-up";
import { type QueriesResult } from "../scenarios/queries-at-scale";
import { evaluateGoals } from "./goals";
import { renderMarkdown, type RunInfo } from "./report";

const info: RunInfo = {
  started_at: "2026-01-02T03:04:05.000Z",
  mode: "quick",
  commit: "0123456789abcdef",
  dirty: false,
  machine: {
    cpus: 2,
    cpu_model: "Test CPU",
    mem: 8 * 2 ** 30,
    mem_gb: 8,
    node: "20.0.0",
    postgres: "15",
    loadavg_start: [1, 1, 1],
    loadavg_end: [2, 2, 2],
  },
  duration_seconds: 120,
  scenario_seconds: { catch_up: 31.6 },
  build: null,
  notes: [],
};

const catchUp: CatchUpResult = {
  ms: 420,
  recalls: 1000,
  conversations: 20,
  changes: 1000,
  requests: 1,
  converged: true,
  mismatches: 0,
  floor_ms: 40,
  recall_burst_ms: 9000,
  recall_failures: 0,
};

describe("goals", () => {
  it("marks a goal met or missed from the figures", () => {
    expect(evaluateGoals({ catch_up: catchUp })).toEqual([
      { scenario: "catch_up", goal: "< 1 s and converged", value: "420 ms, converged", met: true },
    ]);
    expect(evaluateGoals({ catch_up: { ...catchUp, converged: false, mismatches: 3 } })[0]!.met).toBe(false);
  });

  it("measures history and the list against a primary-key read, and counts seq scans of every table", () => {
    const q = {
      ...({} as QueriesResult),
      pk_p50: 0.5,
      history_p50: 1.4,
      changes_p50: 1.5,
      list_p50: 2.4,
      seq_scans_by_table: { messages: 0, users: 0 },
    };
    expect(evaluateGoals({ queries_at_scale: q })[0]).toMatchObject({
      value: "history/changes 3×, list 4.8× pk p50, 0 seq scans",
      met: true,
    });
    expect(evaluateGoals({ queries_at_scale: { ...q, changes_p50: 1.6 } })[0]!.met).toBe(false);
    expect(evaluateGoals({ queries_at_scale: { ...q, list_p50: 2.6 } })[0]!.met).toBe(false);
    expect(evaluateGoals({ queries_at_scale: { ...q, seq_scans_by_table: { users: 1 } } })[0]!.met).toBe(false);
  });

  it("reports a failed scenario as a missed goal with its error", () => {
    expect(evaluateGoals({ throughput: { error: "boom\nstack" } })).toEqual([
      { scenario: "throughput", goal: "ran", value: "boom", met: false },
    ]);
  });
});

describe("markdown", () => {
  it("renders the goals table and the scenario section", () => {
    const md = renderMarkdown({ catch_up: catchUp }, info);
    expect(md).toContain("| catch_up | < 1 s and converged | 420 ms, converged | ✅ met | 32 s |");
    expect(md).toContain("## catch_up — 1000 recalls across 20 conversations while offline");
    expect(md).toContain("commit `0123456789ab`");
    expect(md).not.toContain("App build:");
  });

  it("says where the measured app came from, and which scenarios did not start", () => {
    const build = {
      commit: "fedcba9876543210",
      dirty: true,
      fingerprint: "abcdef0123456789",
      built_at: "2026-01-02T03:00:00.000Z",
      build_id: "b1",
    };
    const reused = renderMarkdown(
      { catch_up: catchUp, throughput: { error: "boom" } },
      { ...info, build: { ...build, reused: true } },
    );
    expect(reused).toContain(
      "App build: reused `.next` built 2026-01-02T03:00:00.000Z from commit `fedcba987654` with uncommitted changes; its sources match this checkout (fingerprint `abcdef012345`).",
    );
    expect(reused).toContain("| throughput | ran | boom | ❌ missed | – |");
    const fresh = renderMarkdown({ catch_up: catchUp }, { ...info, build: { ...build, dirty: false, reused: false } });
    expect(fresh).toContain("App build: built in this run from commit `fedcba987654` (fingerprint `abcdef012345`).");
  });
});
