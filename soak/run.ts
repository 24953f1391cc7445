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
import { type ChildProcess, spawn } from "node:child_process";
import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Pusher from "pusher-js";
import superjson from "superjson";
import { type AppRouter } from "~/server/root";
import { type AppHandle, buildApp, RATE_LIMIT_SCALE, startApp } from "../bench/lib/app";
import { now, sleep } from "../bench/lib/clock";
import { connect, createDatabase, databaseName, resolveDatabase, type Sql, withDatabase } from "../bench/lib/pg";
import {
  assertPortsFree,
  exitReason,
  lastLines,
  type Service,
  startService,
  stopAll,
  waitUntil,
} from "../bench/lib/procs";
import { seedGroup, seedUsers } from "../bench/lib/seed";
import { type BenchUser, sessionCookie } from "../bench/lib/session";
import { connectDevice, disconnectAll, observe, type SimDevice } from "../test/convergence/device-model";
import {
  compareDevice,
  describeDivergence,
  type Divergence,
  expectedViews,
  Ledger,
  oracleSql,
  type OracleRow,
} from "../test/convergence/oracle";

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
function numberOption(name: string, fallback: number, min: number, max: number): number {
  const i = argv.indexOf(name);
  const inline = argv.find((a) => a.startsWith(`${name}=`));
  const raw = inline ? inline.slice(name.length + 1) : i >= 0 ? argv[i + 1] : undefined;
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`${name} must be a whole number in ${min}–${max}`);
    process.exit(2);
  }
  return n;
}
if (argv.includes("--help")) {
  console.log(
    "usage: npm run soak [-- --devices N (2–200, default 50)] [--seconds S (5–150, default 60)] [--no-build] [--stress] [--check-oracle]",
  );
  process.exit(0);
}
const DEVICES = numberOption("--devices", 50, 2, 200);
const SECONDS = numberOption("--seconds", 60, 5, 150);
const build = !argv.includes("--no-build");
const STRESS = argv.includes("--stress");
const CHECK_ORACLE = argv.includes("--check-oracle");
{
  const known = new Set(["--devices", "--seconds", "--no-build", "--stress", "--check-oracle"]);
  const unknown = argv.filter(
    (a, i) => !known.has(a.split("=")[0]!) && !(i > 0 && ["--devices", "--seconds"].includes(argv[i - 1]!)),
  );
  if (unknown.length) {
    console.error(`unknown option: ${unknown.join(" ")}; see --help`);
    process.exit(2);
  }
}

const ports = {
  a: Number(process.env.SOAK_APP_PORT ?? 3300),
  b: Number(process.env.SOAK_APP2_PORT ?? 3301),
  realtime: Number(process.env.SOAK_REALTIME_PORT ?? 6301),
};
/** Hard cap on the whole run (build included). */
const TOTAL_BUDGET_MS = 5 * 60_000;
const GROUPS = 4;
const USERS = 12;
const MEMBERS_PER_GROUP = 6;
const WORKERS = 6;
const RECALL_WINDOW_MS = 100_000; // the app's window is 120 s; stay safely inside it
const CONVERGE_MS = 20_000;

const t0 = now();
const startedAt = new Date();
const log = (line: string) => console.log(`[soak ${((now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const workDir = mkdtempSync(path.join(os.tmpdir(), "recall-soak-"));
const logDir = path.join(workDir, "logs");
mkdirSync(logDir, { recursive: true });
const runId = startedAt.getTime().toString(36);

// Deterministic pseudo-random sequence (SOAK_SEED) so a failing run's choices can be replayed.
let seed = Number(process.env.SOAK_SEED ?? 20261126) % 2 ** 31;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

// ---------------------------------------------------------------------------------------------
// Devices and clients

type Api = TRPCClient<AppRouter>;

function apiFor(baseUrl: string, cookie: string): Api {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${baseUrl}/api/trpc`, transformer: superjson, headers: { cookie } })],
  });
}

const counters = {
  ops: {} as Record<string, { ok: number; rejected: number }>,
  rejections: {} as Record<string, number>,
  eventsByKind: {} as Record<string, number>,
};
function countOp(kind: string, ok: boolean, why?: string): void {
  const c = (counters.ops[kind] ??= { ok: 0, rejected: 0 });
  if (ok) c.ok += 1;
  else {
    c.rejected += 1;
    const key = `${kind}: ${(why ?? "?").slice(0, 80)}`;
    counters.rejections[key] = (counters.rejections[key] ?? 0) + 1;
  }
}

function pusherClient(realtime: AppHandle["realtime"], baseUrl: string, cookie: string): Pusher {
  return new Pusher(realtime.key, {
    cluster: "local",
    wsHost: "127.0.0.1",
    wsPort: realtime.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
    channelAuthorization: {
      endpoint: `${baseUrl}/api/pusher/auth`,
      transport: "ajax",
      // pusher-js's Node ajax transport cannot send our cookie: post the same form ourselves.
      customHandler: ({ socketId, channelName }, callback) => {
        fetch(`${baseUrl}/api/pusher/auth`, {
          method: "POST",
          headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ socket_id: socketId, channel_name: channelName }).toString(),
        })
          .then(async (res) => {
            if (!res.ok) throw new Error(`channel auth ${res.status}: ${await res.text()}`);
            callback(null, (await res.json()) as { auth: string });
          })
          .catch((e: Error) => callback(e, null));
      },
    },
  });
}

async function makeDevice(
  i: number,
  user: BenchUser,
  conversations: string[],
  apps: { A: AppHandle; B: AppHandle },
): Promise<SimDevice> {
  const instance = i % 2 === 0 ? "A" : "B";
  const baseUrl = apps[instance].baseUrl;
  const cookie = await sessionCookie(apps.A.nextAuthSecret, user);
  const api = apiFor(baseUrl, cookie);
  return connectDevice({
    name: `device-${i}`,
    userId: user.id,
    conversations,
    api: { history: (input) => api.message.history.query(input), changes: (input) => api.sync.changes.query(input) },
    client: pusherClient(apps.A.realtime, baseUrl, cookie),
    // --check-oracle: the first device swallows one recall event and never fetches by version.
    faults: CHECK_ORACLE && i === 0 ? { dropOneRecall: true, noCatchUp: true } : undefined,
    onEvent: (event) => (counters.eventsByKind[event] = (counters.eventsByKind[event] ?? 0) + 1),
  });
}

// ---------------------------------------------------------------------------------------------
// The second instance: no realtime server of its own, publishes to the first one's.

async function startSecondApp(a: AppHandle, databaseUrl: string): Promise<{ handle: AppHandle; service: Service }> {
  const dataDir = path.join(workDir, "app-data-b");
  mkdirSync(dataDir, { recursive: true });
  const baseUrl = `http://localhost:${ports.b}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("PUSHER_") || k.startsWith("REALTIME_")) delete env[k];
  Object.assign(env, {
    PORT: String(ports.b),
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: a.nextAuthSecret,
    NEXTAUTH_URL: baseUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    RATE_LIMIT_SCALE: String(RATE_LIMIT_SCALE),
    PUSHER_APP_ID: a.realtime.appId,
    PUSHER_KEY: a.realtime.key,
    PUSHER_SECRET: a.realtime.secret,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: String(a.realtime.port),
    PUSHER_PUBLIC_HOST: "localhost",
  });
  const logFile = path.join(logDir, "app-b.log");
  const service = startService("app-b", process.execPath, ["--import", "tsx", "scripts/run.ts", "start"], {
    env,
    logFile,
  });
  await waitUntil(
    "app B",
    async () => (await fetch(`${baseUrl}/api/auth/csrf`)).ok,
    120_000,
    exitReason(service.child),
  );
  return { handle: { ...a, baseUrl, service }, service };
}

// ---------------------------------------------------------------------------------------------
// Truth and comparison

interface Sent {
  id: string;
  conversationId: string;
  senderId: string;
  sentAt: number;
  recalled: boolean;
}

async function oracleRows(sql: Sql, conversationIds: string[]): Promise<OracleRow[]> {
  return (await sql.unsafe(oracleSql(conversationIds))) as unknown as OracleRow[];
}

async function divergences(sql: Sql, devices: SimDevice[], conversationIds: string[]): Promise<Divergence[]> {
  const expected = expectedViews(await oracleRows(sql, conversationIds));
  return devices.flatMap((d) =>
    d.conversations.flatMap((id) => compareDevice(d.name, id, observe(d, id), expected.get(id) ?? new Map())),
  );
}

// ---------------------------------------------------------------------------------------------
// --stress: one busy loop per core, bounded by the run's budget, stopped with everything else.

const burners: ChildProcess[] = [];
function startBurners(ms: number): number {
  const n = os.cpus().length;
  for (let i = 0; i < n; i++) {
    burners.push(
      spawn(process.execPath, ["-e", `const end = Date.now() + ${ms}; while (Date.now() < end) {}`], {
        stdio: "ignore",
      }),
    );
  }
  return n;
}
function stopBurners(): void {
  for (const b of burners.splice(0)) if (b.exitCode === null) b.kill("SIGKILL");
}

// ---------------------------------------------------------------------------------------------
// Main

interface Report {
  started_at: string;
  devices: number;
  seconds: number;
  instances: { A: string; B: string; realtime: string };
  operations: Record<string, { ok: number; rejected: number }>;
  operations_total: number;
  rejections: Record<string, number>;
  events_received: number;
  events_by_kind: Record<string, number>;
  catch_ups: { after_gap: number; after_reconnect: number };
  disconnects: number;
  outbox_drained_ms: number | null;
  converged_ms: number | null;
  divergences: number;
  diverged: string[];
  /** Problems with the run's ledger: acknowledged sends not stored exactly once, acknowledged recalls not in force. */
  ledger_problems: string[];
  ledger: { sends: number; recalled_at_end: number; restored_at_end: number };
  mode: "normal" | "stress" | "check-oracle";
  stress_processes: number;
  load_average: { before: number; during: number | null };
  messages_in_db: number;
  /** Messages held by all devices together at the final comparison (proves it was not vacuous). */
  messages_compared: number;
  wall_seconds: number;
  error?: string;
}

const devices: SimDevice[] = [];

async function main(report: Report): Promise<void> {
  await assertPortsFree([ports.a, ports.b, ports.realtime]);
  if (build) {
    log("next build… (use --no-build to reuse .next)");
    const buildLog = path.join(logDir, "build.log");
    await buildApp(buildLog, log).catch((e: Error) => {
      throw new Error(`next build failed: ${e.message}\n${lastLines(buildLog)}`);
    });
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
  const { handle: appB } = await startSecondApp(appA, appDb);
  const apps = { A: appA, B: appB };
  report.instances = { A: appA.baseUrl, B: appB.baseUrl, realtime: appA.wsUrl };

  const sql: Sql = connect(appDb, 4);
  try {
    // Seed: users, one system admin, GROUPS groups of MEMBERS_PER_GROUP (first = owner), every user in 2 groups.
    const users = await seedUsers(sql, `soak-${runId}`, USERS);
    const [admin] = await seedUsers(sql, `soak-admin-${runId}`, 1, "admin");
    const groups: { id: string; owner: BenchUser; members: BenchUser[] }[] = [];
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
    const sent: Sent[] = [];
    let disconnects = 0;
    const deadline = now() + SECONDS * 1000;
    let opNo = 0;
    const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
    const operation = async (): Promise<void> => {
      const roll = random();
      const op = opNo++;
      if (roll < 0.5 || sent.length === 0) {
        const sender = pick(users);
        const group = pick(groupsOf(sender));
        const clientMsgId = `soak-${runId}-${op}`;
        await apiOf(sender)
          .message.send.mutate({ conversationId: group.id, clientMsgId, body: `op ${op} from ${sender.name}` })
          .then(
            (m) => {
              sent.push({ id: m.id, conversationId: group.id, senderId: sender.id, sentAt: now(), recalled: false });
              ledger.sent(sender.id, clientMsgId, m.id, group.id);
              countOp("send", true);
            },
            (e) => countOp("send", false, errorText(e)),
          );
      } else if (roll < 0.66) {
        // A member recalls one of their own recent messages.
        const recent = sent.filter((s) => !s.recalled && now() - s.sentAt < RECALL_WINDOW_MS);
        if (!recent.length) return;
        const target = pick(recent.slice(-40));
        target.recalled = true;
        const sender = users.find((u) => u.id === target.senderId)!;
        await apiOf(sender)
          .message.recall.mutate({ messageId: target.id })
          .then(
            (r) => {
              ledger.recalled(target.id, r.message.version);
              countOp("recall_own", true);
            },
            (e) => countOp("recall_own", false, errorText(e)),
          );
      } else if (roll < 0.74) {
        // A group owner recalls a member's message.
        const group = pick(groups);
        const candidates = sent.filter(
          (s) => s.conversationId === group.id && !s.recalled && s.senderId !== group.owner.id,
        );
        if (!candidates.length) return;
        const target = pick(candidates.slice(-40));
        target.recalled = true;
        await apiOf(group.owner)
          .message.recall.mutate({ messageId: target.id })
          .then(
            (r) => {
              ledger.recalled(target.id, r.message.version);
              countOp("recall_by_owner", true);
            },
            (e) => countOp("recall_by_owner", false, errorText(e)),
          );
      } else if (roll < 0.8) {
        // The system admin restores a recalled message.
        const recalled = sent.filter((s) => s.recalled);
        if (!recalled.length) return;
        const target = pick(recalled);
        target.recalled = false;
        await apiOf(admin!)
          .admin.recalled.restore.mutate({ messageId: target.id })
          .then(
            (m) => {
              ledger.restored(target.id, m.version);
              countOp("restore", true);
            },
            (e) => countOp("restore", false, errorText(e)),
          );
      } else if (roll < 0.9) {
        const d = pick(devices.filter((x) => !x.disconnected));
        if (!d) return;
        d.disconnected = true;
        d.client.disconnect();
        disconnects += 1;
        countOp("disconnect", true);
      } else {
        const d = pick(devices.filter((x) => x.disconnected));
        if (!d) return;
        d.disconnected = false;
        d.client.connect();
        countOp("reconnect", true);
      }
    };
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (now() < deadline) {
          await operation();
          await sleep(20 + random() * 60);
        }
      }),
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

function renderMarkdown(r: Report): string {
  const lines = [
    `# Soak — ${r.started_at}`,
    "",
    `${r.devices} devices (half via ${r.instances.A}, half via ${r.instances.B}; realtime ${r.instances.realtime}), random phase ${r.seconds} s, wall time ${r.wall_seconds.toFixed(1)} s.`,
    `Mode: ${r.mode}${r.stress_processes ? ` (${r.stress_processes} busy-loop processes)` : ""}; load average ${r.load_average.before.toFixed(1)} before, peak ${r.load_average.during?.toFixed(1) ?? "—"} during the random phase. Oracle: SQL on the tables (test/convergence/oracle.ts).`,
    "",
    "| operation | ok | rejected |",
    "|---|---:|---:|",
    ...Object.entries(r.operations).map(([k, c]) => `| ${k} | ${c.ok} | ${c.rejected} |`),
    `| **total** | ${r.operations_total} | |`,
    "",
    "| metric | value |",
    "|---|---:|",
    `| messages in DB | ${r.messages_in_db} |`,
    `| messages compared (all device timelines) | ${r.messages_compared} |`,
    `| events received (all devices) | ${r.events_received} |`,
    ...Object.entries(r.events_by_kind).map(([k, n]) => `| &nbsp;&nbsp;${k} | ${n} |`),
    `| catch-ups after a gap (lost event → sync.changes) | ${r.catch_ups.after_gap} |`,
    `| catch-ups after reconnect | ${r.catch_ups.after_reconnect} |`,
    `| outbox drained after | ${r.outbox_drained_ms ?? "—"} ms |`,
    `| converged after | ${r.converged_ms ?? "—"} ms |`,
    `| **divergences** | **${r.divergences}** |`,
    `| ledger: acknowledged sends / recalled at end / restored at end | ${r.ledger.sends} / ${r.ledger.recalled_at_end} / ${r.ledger.restored_at_end} |`,
    `| **ledger problems** | **${r.ledger_problems.length}** |`,
  ];
  if (Object.keys(r.rejections).length)
    lines.push("", "Rejections:", ...Object.entries(r.rejections).map(([k, n]) => `- ${k} ×${n}`));
  if (r.diverged.length)
    lines.push(
      "",
      "Diverged (device, conversation, message: device state · database state):",
      ...r.diverged.map((d) => `- ${d}`),
    );
  if (r.ledger_problems.length) lines.push("", "Ledger problems:", ...r.ledger_problems.map((d) => `- ${d}`));
  if (r.error) lines.push("", "**Error:**", "```", r.error, "```");
  return `${lines.join("\n")}\n`;
}

function writeResults(r: Report, name: string): void {
  const dir = path.resolve("soak/results");
  mkdirSync(dir, { recursive: true });
  for (const [file_, body] of [
    [`${name}.json`, `${JSON.stringify(r, null, 2)}\n`],
    [`${name}.md`, renderMarkdown(r)],
  ] as const) {
    const file = path.join(dir, file_);
    writeFileSync(`${file}.tmp`, body);
    renameSync(`${file}.tmp`, file);
  }
}

async function cleanup(): Promise<void> {
  stopBurners();
  disconnectAll(devices);
  await stopAll();
}

let interrupted = false;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${sig}: stopping everything the soak started…`);
    void cleanup().finally(() => process.exit(130));
  });
}
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
