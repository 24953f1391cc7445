/**
 * `npm run bench` — builds the app, starts it in production mode against a real PostgreSQL, runs
 * the scenarios with load generators in separate processes, and writes bench/results/latest.{json,md}
 * plus a dated copy. Every process it starts is stopped, also on failure or Ctrl-C.
 *
 *   npm run bench                  full run
 *   npm run bench -- --quick       ~2 minutes (smaller scale database, shorter phases)
 *   npm run bench -- --no-build    reuse the existing .next build (refused unless it was built by
 *                                  the bench from the sources as they are now)
 *   npm run bench -- --only=recall_e2e,catch_up   writes partial-<time>.{json,md}, not latest
 *
 * Ports (env): BENCH_APP_PORT 3200, BENCH_REALTIME_PORT 6201, BENCH_FANOUT_PORT 6211, BENCH_BARE_PORT 6212.
 * Profiling: BENCH_APP_NODE_OPTIONS is passed to the app's processes as NODE_OPTIONS (see lib/cpu-profile-hook.mjs).
 * Database: DATABASE_URL (used as is, never dropped), else the local cluster via
 * scripts/local-postgres.sh, database `recall_bench` (recreated per run).
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type AppHandle, buildApp, RATE_LIMIT_SCALE, startApp } from "./lib/app";
import { now } from "./lib/clock";
import { connect, createDatabase, databaseName, resolveDatabase, serverVersion, withDatabase } from "./lib/pg";
import {
  type BuildStamp,
  currentBuildId,
  currentSources,
  git,
  readStamp,
  reuseRefusal,
  writeStamp,
} from "./lib/build-stamp";
import { assertPortsFree, lastLines, stopAll } from "./lib/procs";
import { startRun, stopOnSignal } from "./lib/run-start";
import { evaluateGoals, type Results } from "./lib/goals";
import { renderMarkdown, type RunInfo } from "./lib/report";
import { browserScenario } from "./scenarios/browser";
import { catchUp } from "./scenarios/catch-up";
import { queriesAtScale } from "./scenarios/queries-at-scale";
import { realtimeFanout } from "./scenarios/realtime-fanout";
import { recallE2E } from "./scenarios/recall-e2e";
import { throughput } from "./scenarios/throughput";

const SCENARIOS = ["queries_at_scale", "recall_e2e", "throughput", "catch_up", "browser", "realtime_fanout"] as const;
type Scenario = (typeof SCENARIOS)[number];

const argv = process.argv.slice(2);
if (argv.includes("--help")) {
  console.log("usage: npm run bench [-- --quick] [--no-build] [--only=a,b]  (scenarios: " + SCENARIOS.join(", ") + ")");
  process.exit(0);
}
const quick = argv.includes("--quick");
const build = !argv.includes("--no-build");
const only = argv
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",");
const unknown = argv.filter((a) => !["--quick", "--no-build"].includes(a) && !a.startsWith("--only="));
if (unknown.length || only?.some((s) => !SCENARIOS.includes(s as Scenario))) {
  console.error(`unknown option or scenario: ${[...unknown, ...(only ?? [])].join(" ")}; see --help`);
  process.exit(2);
}
const wanted = (s: Scenario) => !only || only.includes(s);
const appScenarios = (["recall_e2e", "throughput", "catch_up", "browser"] as const).filter(wanted);

// What the app scenarios measure must be these sources: a reused .next has to carry the stamp of
// a build from exactly them, checked before anything starts.
const sources = appScenarios.length ? currentSources() : null;
let reusedBuild: BuildStamp | null = null;
if (sources && !build) {
  const stamp = readStamp();
  const refusal = reuseRefusal(stamp, sources.fingerprint, currentBuildId());
  if (refusal) {
    console.error(`--no-build refused: ${refusal}. Run without --no-build to build the app from these sources.`);
    process.exit(2);
  }
  reusedBuild = stamp;
}

const ports = {
  app: Number(process.env.BENCH_APP_PORT ?? 3200),
  realtime: Number(process.env.BENCH_REALTIME_PORT ?? 6201),
  fanout: Number(process.env.BENCH_FANOUT_PORT ?? 6211),
  bare: Number(process.env.BENCH_BARE_PORT ?? 6212),
};

const { t0, startedAt, runId, workDir, logDir, log } = startRun("bench");

stopOnSignal("the benchmark", stopAll);

const scenarioSeconds: Record<string, number> = {};

async function attempt<T>(name: Scenario, fn: () => Promise<T>): Promise<T | { error: string }> {
  log(`${name}: start`);
  const started = now();
  try {
    const result = await fn();
    log(`${name}: done`);
    return result;
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${name}: FAILED: ${message}`);
    return { error: message };
  } finally {
    scenarioSeconds[name] = (now() - started) / 1000;
  }
}

async function main(): Promise<{ results: Results; info: RunInfo }> {
  const results: Results = {};
  const loadStart = os.loadavg();
  await assertPortsFree([
    ...(appScenarios.length ? [ports.app, ports.realtime] : []),
    ...(wanted("realtime_fanout") ? [ports.fanout, ports.bare] : []),
  ]);

  let buildError: string | null = null;
  let buildInfo: RunInfo["build"] = reusedBuild ? { ...reusedBuild, reused: true } : null;
  if (build && sources) {
    log("next build…");
    const buildLog = path.join(logDir, "build.log");
    await buildApp(buildLog, log).then(
      () => (buildInfo = { ...writeStamp(sources, new Date()), reused: false }),
      (e: Error) => {
        buildError = `${e.message}\n${lastLines(buildLog)}`;
        log(`next build FAILED (the app scenarios are skipped): ${buildError}`);
      },
    );
  }
  const db = await resolveDatabase();
  log(`PostgreSQL: ${db.url.replace(/:[^:@/]+@/, ":***@")}${db.owned ? " (local cluster)" : " (DATABASE_URL)"}`);
  const pgVersion = await serverVersion(db.url);

  if (wanted("queries_at_scale"))
    results.queries_at_scale = await attempt("queries_at_scale", () =>
      queriesAtScale({ serverUrl: db.url, quick, log }),
    );

  if (appScenarios.length && buildError) {
    for (const sc of appScenarios) results[sc] = { error: `next build failed: ${buildError}` };
  } else if (appScenarios.length) {
    const appDb = db.owned ? withDatabase(db.url, "recall_bench") : db.url;
    if (db.owned) await createDatabase(db.url, databaseName(appDb), true);
    let app: AppHandle | null = null;
    const appLog = path.join(logDir, "app.log");
    try {
      log(`starting the app (production, port ${ports.app}, realtime ${ports.realtime}; log ${appLog})…`);
      app = await startApp({
        databaseUrl: appDb,
        port: ports.app,
        realtimePort: ports.realtime,
        workDir,
        logFile: appLog,
      });
      const sql = connect(appDb, 4);
      try {
        const ctx = { app, sql, quick, runId, log };
        if (wanted("recall_e2e")) results.recall_e2e = await attempt("recall_e2e", () => recallE2E(ctx));
        if (wanted("throughput")) results.throughput = await attempt("throughput", () => throughput(ctx));
        if (wanted("catch_up")) results.catch_up = await attempt("catch_up", () => catchUp(ctx));
        if (wanted("browser")) results.browser = await attempt("browser", () => browserScenario(ctx));
      } finally {
        await sql.end();
      }
    } catch (error) {
      const message = `${error instanceof Error ? error.message : String(error)}\n${lastLines(appLog)}`;
      for (const s of appScenarios) results[s] ??= { error: message };
      log(`app: FAILED: ${message}`);
    } finally {
      await app?.service.stop();
    }
  }

  if (wanted("realtime_fanout")) {
    results.realtime_fanout = await attempt("realtime_fanout", () =>
      realtimeFanout({ quick, ports: { embedded: ports.fanout, bare: ports.bare }, logDir, log }),
    );
  }

  const cpus = os.cpus();
  const info: RunInfo = {
    started_at: startedAt.toISOString(),
    mode: quick ? "quick" : "full",
    commit: git(["rev-parse", "HEAD"]),
    dirty: git(["status", "--porcelain"]).length > 0,
    machine: {
      cpus: cpus.length,
      cpu_model: cpus[0]?.model.trim() ?? "?",
      mem: os.totalmem(),
      mem_gb: os.totalmem() / 2 ** 30,
      node: process.versions.node,
      postgres: pgVersion,
      loadavg_start: loadStart,
      loadavg_end: os.loadavg(),
    },
    duration_seconds: (now() - t0) / 1000,
    scenario_seconds: scenarioSeconds,
    build: buildInfo,
    notes: appScenarios.length
      ? [
          `App: \`next build\` + \`scripts/run.ts start\` (production, one Next.js process, embedded realtime server) on PostgreSQL \`${databaseName(db.owned ? withDatabase(db.url, "recall_bench") : db.url)}\`; ` +
            `rate limits ×${RATE_LIMIT_SCALE.toLocaleString("en")} (RATE_LIMIT_SCALE — all load comes from one IP; the limiter and its store, ${process.env.RATE_LIMIT_STORE ?? "postgres"}, stay in the path). ` +
            "Load generators: separate Node processes (bench/workers); timestamps on CLOCK_MONOTONIC, shared by all processes.",
        ]
      : [],
  };
  return { results, info };
}

function writeResults(results: Results, info: RunInfo): void {
  const dir = path.resolve("bench/results");
  mkdirSync(dir, { recursive: true });
  const body = {
    ...results,
    goals: evaluateGoals(results),
    machine: info.machine,
    commit: info.commit,
    dirty: info.dirty,
    mode: info.mode,
    started_at: info.started_at,
    duration_seconds: info.duration_seconds,
    scenario_seconds: info.scenario_seconds,
    build: info.build,
    notes: info.notes,
  };
  // Milliseconds to the microsecond are plenty; integers (counts, bytes) stay as they are.
  const json = `${JSON.stringify(body, (_k, v: unknown) => (typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v), 2)}\n`;
  const md = renderMarkdown(results, info);
  const stamp = info.started_at.slice(0, 16).replace(":", "-"); // YYYY-MM-DDTHH-MM (UTC)
  // A run of some scenarios is not the latest full picture: it never replaces latest.*.
  const names = only ? [`partial-${stamp}`] : ["latest", stamp];
  const files = names.flatMap((n) => [[`${n}.json`, json] as const, [`${n}.md`, md] as const]);
  for (const [name, body] of files) {
    const file = path.join(dir, name);
    writeFileSync(`${file}.tmp`, body);
    renameSync(`${file}.tmp`, file);
  }
  log(`wrote ${files.map(([name]) => `bench/results/${name}`).join(", ")}`);
}

let exitCode = 0;
try {
  const { results, info } = await main();
  writeResults(results, info);
  console.log(`\n${renderMarkdown(results, info)}`);
  if (Object.values(results).some((r) => r && "error" in r)) exitCode = 1;
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exitCode = 1;
} finally {
  await stopAll();
}
// Logs and the app's data folder are kept only when something failed.
if (exitCode === 0) rmSync(workDir, { recursive: true, force: true });
else console.error(`logs kept in ${logDir}`);
process.exit(exitCode);
