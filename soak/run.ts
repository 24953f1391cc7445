/**
 * `npm run soak` — N simulated devices (the browser's own SyncEngine + the official pusher-js)
 * against TWO app instances that share one PostgreSQL and one realtime server (the first
 * instance's embedded one), while users send, recall (own messages; group owners moderate),
 * a system admin restores, and devices drop off and come back. At the end every device must hold
 * exactly what the SQL oracle says members see; divergences > 0 → exit code 1.
 *
 *   npm run soak                              50 devices, 60 s random phase, builds first
 *   npm run soak -- --devices 20 --seconds 30 --no-build
 *   npm run soak -- --stress                  plus one bounded busy-loop process per core
 *   npm run soak -- --check-oracle            one device drops one event with catch-up off:
 *                                             must report divergences ≥ 1 and exit non-zero
 *
 * The expected state comes from SQL written in test/convergence/oracle.ts (never the app's member
 * view), and the run's ledger of acknowledged sends, recalls and restores is checked against it.
 *
 * Ports (env): SOAK_APP_PORT 3300, SOAK_APP2_PORT 3301, SOAK_REALTIME_PORT 6301. Loopback only.
 * Database: DATABASE_URL (used as is, never dropped), else the local cluster via
 * scripts/local-postgres.sh, database `recall_soak` (recreated per run).
 * Writes soak/results/latest.{json,md}. Every process it starts is stopped, also on failure or Ctrl-C.
 */
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp, startApp } from "../bench/lib/app";
import { currentBuildId, currentSources, readStamp, reuseRefusal, writeStamp } from "../bench/lib/build-stamp";
import { now, sleep } from "../bench/lib/clock";
import { connect, createDatabase, databaseName, resolveDatabase, type Sql, withDatabase } from "../bench/lib/pg";
import { assertPortsFree, lastLines, stopAll, waitUntil } from "../bench/lib/procs";
import { startRun, stopOnSignal } from "../bench/lib/run-start";
import { seedGroup, seedUsers } from "../bench/lib/seed";
import { type BenchUser, sessionCookie } from "../bench/lib/session";
import { disconnectAll, type SimDevice } from "../test/convergence/device-model";
import { describeDivergence, type Divergence, Ledger } from "../test/convergence/oracle";
import { divergences, oracleRows } from "./check";
import { countOp, counters } from "./counters";
import { type Api, apiFor, makeDevice } from "./devices";
import {
  build,
  CHECK_ORACLE,
  CONVERGE_MS,
  DEVICES,
  GROUPS,
  MEMBERS_PER_GROUP,
  ports,
  SECONDS,
  STRESS,
  TOTAL_BUDGET_MS,
  USERS,
  WORKERS,
} from "./options";
import { random, randomPhase, type SoakGroup } from "./random-phase";
import { renderMarkdown, type Report, writeResults } from "./report";
import { startSecondApp } from "./second-app";
import { startBurners, stopBurners } from "./stress";

const { t0, startedAt, runId, workDir, logDir, log } = startRun("soak");

const devices: SimDevice[] = [];

async function main(report: Report): Promise<void> {
  await assertPortsFree([ports.a, ports.b, ports.realtime]);
  const sources = currentSources();
  if (build) {
    log("next build… (use --no-build to reuse .next)");
    const buildLog = path.join(logDir, "build.log");
    await buildApp(buildLog, log).catch((e: Error) => {
      throw new Error(`next build failed: ${e.message}\n${lastLines(buildLog)}`);
    });
    writeStamp(sources, new Date());
  } else {
    // The soak checks these sources, so a reused .next must have been built from exactly them.
    const refusal = reuseRefusal(readStamp(), sources.fingerprint, currentBuildId());
    if (refusal) throw new Error(`--no-build refused: ${refusal}. Run without --no-build.`);
  }
  const db = await resolveDatabase();
  const appDb = db.owned ? withDatabase(db.url, "recall_soak") : db.url;
  if (db.owned) await createDatabase(db.url, databaseName(appDb), true);
  log(`PostgreSQL: ${appDb.replace(/:[^:@/]+@/, ":***@")}`);

  log(`starting instance A (port ${ports.a}, embedded realtime ${ports.realtime})…`);
  const appA = await startApp({
    databaseUrl: appDb,
    port: ports.a,
    realtimePort: ports.realtime,
    workDir,
    logFile: path.join(logDir, "app-a.log"),
  });
  log(`starting instance B (port ${ports.b}, publishing to A's realtime server)…`);
  const { handle: appB } = await startSecondApp(appA, appDb, { workDir, logDir });
  const apps = { A: appA, B: appB };
  report.instances = { A: appA.baseUrl, B: appB.baseUrl, realtime: appA.wsUrl };

  const sql: Sql = connect(appDb, 4);
  try {
    // Seed: users, one system admin, GROUPS groups of MEMBERS_PER_GROUP (first = owner), every user in 2 groups.
    const users = await seedUsers(sql, `soak-${runId}`, USERS);
    const [admin] = await seedUsers(sql, `soak-admin-${runId}`, 1, "admin");
    const groups: SoakGroup[] = [];
    for (let g = 0; g < GROUPS; g++) {
      const members = Array.from({ length: MEMBERS_PER_GROUP }, (_, k) => users[(g * 3 + k) % USERS]!);
      groups.push({ id: await seedGroup(sql, `Soak ${runId} ${g}`, members), owner: members[0]!, members });
    }
    const groupsOf = (u: BenchUser) => groups.filter((g) => g.members.some((m) => m.id === u.id));

    // Actor clients: one per user and instance (writes go to both instances).
    const actorApi = new Map<string, Api>();
    for (const u of [...users, admin!]) {
      const cookie = await sessionCookie(appA.nextAuthSecret, u);
      actorApi.set(`${u.id}/A`, apiFor(appA.baseUrl, cookie));
      actorApi.set(`${u.id}/B`, apiFor(appB.baseUrl, cookie));
    }
    const apiOf = (u: BenchUser) => actorApi.get(`${u.id}/${random() < 0.5 ? "A" : "B"}`)!;
    const groupIds = groups.map((g) => g.id);
    const ledger = new Ledger();

    log(`connecting ${DEVICES} devices (half via A, half via B)…`);
    for (let i = 0; i < DEVICES; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, DEVICES - i) }, (_, k) => {
          const user = users[(i + k) % USERS]!;
          return makeDevice(
            i + k,
            user,
            groupsOf(user).map((g) => g.id),
            apps,
          );
        }),
      );
      devices.push(...batch);
    }

    // Random phase.
    if (STRESS) {
      report.stress_processes = startBurners(TOTAL_BUDGET_MS);
      log(`--stress: ${report.stress_processes} busy-loop processes started`);
    }
    log(`random phase: ${SECONDS} s, ${WORKERS} concurrent actors…`);
    const loadSampler = setInterval(
      () => (report.load_average.during = Math.max(report.load_average.during ?? 0, os.loadavg()[0]!)),
      5_000,
    );
    const disconnects = await randomPhase(
      { runId, users, admin: admin!, groups, groupsOf, apiOf, ledger, devices },
      SECONDS,
    );
    clearInterval(loadSampler);
    stopBurners();
    report.disconnects = disconnects;
    const total = Object.values(counters.ops).reduce((n, c) => n + c.ok + c.rejected, 0);
    log(`random phase done: ${total} operations; reconnecting every device…`);

    // Convergence: everyone comes back online, the outbox drains, devices catch up.
    for (const d of devices) {
      if (d.disconnected) {
        d.disconnected = false;
        d.client.connect();
        countOp("reconnect", true);
      }
    }
    const tDrain = now();
    await waitUntil(
      "outbox to drain",
      async () => {
        const [row] = await sql<{ n: number }[]>`select count(*)::int as n from realtime_outbox`;
        return row!.n === 0;
      },
      CONVERGE_MS,
    );
    report.outbox_drained_ms = Math.round(now() - tDrain);
    await waitUntil(
      "devices to reconnect",
      async () => devices.every((d) => d.client.connection.state === "connected"),
      CONVERGE_MS,
    );
    const tConverge = now();
    let remaining: Divergence[] = [];
    for (;;) {
      remaining = await divergences(sql, devices, groupIds);
      if (remaining.length === 0) {
        report.converged_ms = Math.round(now() - tConverge);
        break;
      }
      if (now() - tConverge > CONVERGE_MS) break;
      await sleep(200);
    }
    report.divergences = remaining.length;
    report.diverged = remaining.slice(0, 50).map(describeDivergence);
    for (const line of report.diverged) log(`DIVERGED ${line}`);
    report.ledger_problems = ledger.check(await oracleRows(sql, groupIds));
    const lc = ledger.counts;
    report.ledger = { sends: lc.sends, recalled_at_end: lc.recalledAtEnd, restored_at_end: lc.restoredAtEnd };
    for (const line of report.ledger_problems) log(`LEDGER ${line}`);
    if (CHECK_ORACLE && devices[0]!.dropped === 0)
      throw new Error("--check-oracle: the faulty device never received a recall event to drop; run longer");
    const [count] = await sql<
      { n: number }[]
    >`select count(*)::int as n from messages where conversation_id = any(${groups.map((g) => g.id)}::uuid[])`;
    report.messages_in_db = count!.n;
    report.messages_compared = devices.reduce(
      (n, d) => n + d.conversations.reduce((m, id) => m + (d.engine.get(id)?.messages.length ?? 0), 0),
      0,
    );
  } finally {
    await sql.end();
  }
}

async function cleanup(): Promise<void> {
  stopBurners();
  disconnectAll(devices);
  await stopAll();
}

stopOnSignal("the soak", cleanup);
const watchdog = setTimeout(() => {
  console.error(`soak: over the ${TOTAL_BUDGET_MS / 60_000}-minute budget; stopping everything`);
  void cleanup().finally(() => process.exit(1));
}, TOTAL_BUDGET_MS);
watchdog.unref();

const report: Report = {
  started_at: startedAt.toISOString(),
  devices: DEVICES,
  seconds: SECONDS,
  instances: { A: "", B: "", realtime: "" },
  operations: counters.ops,
  operations_total: 0,
  rejections: counters.rejections,
  events_received: 0,
  events_by_kind: counters.eventsByKind,
  catch_ups: { after_gap: 0, after_reconnect: 0 },
  disconnects: 0,
  outbox_drained_ms: null,
  converged_ms: null,
  divergences: 0,
  diverged: [],
  ledger_problems: [],
  ledger: { sends: 0, recalled_at_end: 0, restored_at_end: 0 },
  mode: CHECK_ORACLE ? "check-oracle" : STRESS ? "stress" : "normal",
  stress_processes: 0,
  load_average: { before: os.loadavg()[0]!, during: null },
  messages_in_db: 0,
  messages_compared: 0,
  wall_seconds: 0,
};

let exitCode = 0;
try {
  await main(report);
} catch (error) {
  report.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  log(`FAILED: ${report.error}`);
  exitCode = 1;
} finally {
  await cleanup();
}
report.operations_total = Object.values(counters.ops).reduce((n, c) => n + c.ok + c.rejected, 0);
report.events_received = devices.reduce((n, d) => n + d.events, 0);
report.catch_ups = {
  after_gap: devices.reduce((n, d) => n + d.gapCatchUps, 0),
  after_reconnect: devices.reduce((n, d) => n + d.resubscribeCatchUps, 0),
};
report.wall_seconds = (now() - t0) / 1000;
if (report.divergences > 0 || report.ledger_problems.length > 0) exitCode = 1;
if (CHECK_ORACLE && !report.error && report.divergences === 0) {
  // The deliberate fault went unnoticed: the oracle cannot be trusted.
  log("--check-oracle: the dropped event produced NO divergence; the oracle missed a deliberate fault");
  exitCode = 3;
}
const resultName = CHECK_ORACLE ? "check-oracle" : "latest";
writeResults(report, resultName);
console.log(`\n${renderMarkdown(report)}`);
log(`wrote soak/results/${resultName}.json and ${resultName}.md`);
if (CHECK_ORACLE && exitCode === 1)
  log(`--check-oracle: ${report.divergences} divergence(s) found as expected; exiting non-zero`);
if (exitCode === 0) rmSync(workDir, { recursive: true, force: true });
else console.error(`logs kept in ${logDir}`);
process.exit(exitCode);
