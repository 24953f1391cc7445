import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";
import { acquireDataDirLock } from "./data-dir-lock";

/**
 * Both drivers expose the same query builder; the app is written against the postgres.js type
 * and the PGlite instance is presented through it. Raw `execute` results differ between the
 * drivers, so code reads raw rows only through `rowsOf` below.
 */
export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  driver: "postgres" | "pglite";
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** postgres.js pool size. */
  max?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DbHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.max ?? 10);
  return openPglite(options.dataDir ?? ".data");
}

async function openPostgres(url: string, max: number): Promise<DbHandle> {
  const client = postgres(url, {
    max,
    onnotice: () => undefined,
    // Fail fast and clearly when the server is unreachable rather than hanging a request.
    connect_timeout: 5,
    // Our queries are short index lookups; JIT compilation only adds tens of ms to them (bench).
    connection: { jit: "off" },
  });
  try {
    await client`select 1`;
  } catch (error) {
    await client.end({ timeout: 1 });
    throw new DatabaseUnavailableError(
      `Cannot connect to PostgreSQL at DATABASE_URL (${redact(url)}): ${(error as Error).message}`,
    );
  }
  const db = drizzlePostgres(client, { schema, casing: "snake_case" });
  return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
}

async function openPglite(dataDir: string): Promise<DbHandle> {
  const dir = path.resolve(dataDir, "pglite");
  mkdirSync(dir, { recursive: true });
  const release = acquireDataDirLock(dir);
  try {
    const client = await PGlite.create({ dataDir: dir, extensions: { pg_trgm } });
    const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Db;
    return {
      db,
      driver: "pglite",
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** An in-memory PGlite for tests, optionally started from a dumped data dir (much faster). */
export async function openMemoryPglite(loadDataDir?: Blob | File): Promise<DbHandle & { client: PGlite }> {
  const client = await PGlite.create({ extensions: { pg_trgm }, loadDataDir });
  const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Db;
  return { db, client, driver: "pglite", close: () => client.close() };
}

export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/** postgres.js returns an array of rows; PGlite returns `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "an unparsable URL";
  }
}
