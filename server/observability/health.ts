import { readMigrationFiles } from "drizzle-orm/migrator";
import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "~/db/client";
import { migrationsFolder } from "~/db/migrate";
import { getDb } from "~/server/db-handle";
import { getConfig } from "~/server/env";
import { publisherClient } from "~/server/realtime/publisher";
import { describeError } from "./logger";
import { metrics } from "./metrics";

/** No check may hold a load balancer's probe longer than this. */
const CHECK_TIMEOUT_MS = 2_000;

export interface Check {
  ok: boolean;
  detail: string;
}

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Pure: the outbox is healthy while its oldest unpublished row is younger than the threshold. */
export function outboxCheck(lagSeconds: number, pending: number, maxLagSeconds: number): Check {
  const ok = lagSeconds < maxLagSeconds;
  return { ok, detail: `${pending} pending, oldest ${Math.round(lagSeconds)} s (limit ${maxLagSeconds} s)` };
}

export async function outboxState(db: Db): Promise<{ pending: number; lagSeconds: number }> {
  const [row] = rowsOf<{ pending: number; lag: number }>(
    await db.execute(
      sql`select count(*)::int as pending, coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as lag from realtime_outbox`,
    ),
  );
  return { pending: Number(row?.pending ?? 0), lagSeconds: Number(row?.lag ?? 0) };
}

/** Compares the newest applied migration with the newest committed one (drizzle's own journal). */
async function migrationsCheck(db: Db): Promise<Check> {
  const files = readMigrationFiles({ migrationsFolder });
  const latest = Math.max(...files.map((f) => f.folderMillis));
  const [row] = rowsOf<{ applied: string | number | null }>(
    await db.execute(sql`select max(created_at) as applied from drizzle.__drizzle_migrations`),
  );
  const applied = Number(row?.applied ?? 0);
  return applied >= latest
    ? { ok: true, detail: `${files.length} applied` }
    : { ok: false, detail: "the database is behind the committed migrations: run `npm run db:migrate`" };
}

type RealtimeClient = ReturnType<typeof publisherClient>;

async function publisherCheck(client: RealtimeClient): Promise<Check> {
  if (!client) return { ok: true, detail: "no realtime service configured" };
  const response = await client.get({ path: "/channels" });
  return response.ok
    ? { ok: true, detail: "realtime service answers" }
    : { ok: false, detail: `realtime service answered ${response.status}` };
}

async function run(what: string, check: () => Promise<Check>): Promise<Check> {
  try {
    return await within(check(), what);
  } catch (error) {
    const e = describeError(error);
    return { ok: false, detail: `${what} failed: ${e.message ?? e.sqlstate ?? e.name}` };
  }
}

/** /api/health/ready: may this instance take traffic? Tests pass their own database and client. */
export async function readiness(
  openDb: () => Promise<Db> = getDb,
  client: RealtimeClient = publisherClient(),
  maxLag = getConfig().READY_MAX_OUTBOX_LAG_SECONDS,
): Promise<{ ok: boolean; checks: Record<string, Check> }> {
  let db: Db | null = null;
  const database = await run("database", async () => {
    db = await openDb();
    await db.execute(sql`select 1`);
    return { ok: true, detail: "reachable" };
  });
  const unreachable = { ok: false, detail: "skipped: the database is unreachable" };
  const checks: Record<string, Check> = {
    database,
    migrations: db ? await run("migrations", () => migrationsCheck(db!)) : unreachable,
    realtime: await run("realtime publisher", () => publisherCheck(client)),
    outbox: db
      ? await run("outbox", async () => {
          const { pending, lagSeconds } = await outboxState(db!);
          return outboxCheck(lagSeconds, pending, maxLag);
        })
      : unreachable,
  };
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}

/** Sets the gauges that need I/O just before /api/metrics renders; a failed source leaves them unset. */
export async function refreshGauges(): Promise<void> {
  const m = metrics();
  await run("outbox", async () => {
    const { pending, lagSeconds } = await outboxState(await getDb());
    m.outboxPending.set(pending);
    m.outboxLag.set(lagSeconds);
    return { ok: true, detail: "" };
  });
  await run("realtime stats", async () => {
    const client = publisherClient();
    // Only the embedded server answers /stats (Pusher and soketi do not): nothing to report then.
    const response = client ? await client.get({ path: "/stats" }) : null;
    if (response?.ok) {
      const stats = (await response.json()) as { connections: number; channels: number };
      m.realtimeConnections.set(stats.connections);
      m.realtimeChannels.set(stats.channels);
    }
    return { ok: true, detail: "" };
  });
}
