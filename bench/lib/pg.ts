import { execFile } from "node:child_process";
import { promisify } from "node:util";
import postgres from "postgres";

export type Sql = postgres.Sql;

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

export function connect(url: string, max = 4): Sql {
  return postgres(url, { max, onnotice: () => undefined, connect_timeout: 10 });
}

/**
 * The PostgreSQL server to use: DATABASE_URL when set (its database is the app database and is
 * never dropped), else this machine's cluster via scripts/local-postgres.sh (RECALL_PG_DB=recall_bench),
 * whose `recall_bench` database the benchmark owns and recreates on every run.
 */
export async function resolveDatabase(): Promise<{ url: string; owned: boolean }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, owned: false };
  const { stdout } = await promisify(execFile)("bash", ["scripts/local-postgres.sh"], {
    env: { ...process.env, RECALL_PG_DB: "recall_bench" },
    maxBuffer: 1 << 20,
  });
  const url = stdout.trim().split("\n").at(-1) ?? "";
  if (!url.startsWith("postgres")) throw new Error(`scripts/local-postgres.sh printed no DATABASE_URL: ${stdout}`);
  return { url, owned: true };
}

/** Identifiers we generate ourselves (a-z, 0-9, _), so quoting is only a guard. */
function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name ${name}`);
  return `"${name}"`;
}

/** A connection for CREATE/DROP DATABASE `target`: the URL's own database, unless that is the target. */
function maintenanceUrl(serverUrl: string, target: string): string {
  return databaseName(serverUrl) === target ? withDatabase(serverUrl, "postgres") : serverUrl;
}

export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  const sql = connect(maintenanceUrl(serverUrl, name), 1);
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    return rows.length > 0;
  } finally {
    await sql.end();
  }
}

export async function createDatabase(serverUrl: string, name: string, dropFirst: boolean): Promise<void> {
  const sql = connect(maintenanceUrl(serverUrl, name), 1);
  try {
    if (dropFirst) await sql.unsafe(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
    await sql.unsafe(`CREATE DATABASE ${ident(name)}`);
  } finally {
    await sql.end();
  }
}

export async function serverVersion(url: string): Promise<string> {
  const sql = connect(url, 1);
  try {
    const [row] = await sql`show server_version`;
    return String(row?.server_version ?? "?");
  } finally {
    await sql.end();
  }
}
