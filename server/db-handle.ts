import { type DbHandle, openDatabase } from "~/db/client";
import { getEnv } from "./env";

/**
 * The running app's one database handle, opened from the validated configuration
 * (`db/client.ts` only knows how to open a database; it reads no configuration). Kept on
 * globalThis so that Next.js dev reloads reuse it instead of opening PGlite again (which the
 * data-dir lock would refuse).
 */
const globalForDb = globalThis as unknown as { recallDb?: Promise<DbHandle> };

export function getDbHandle(): Promise<DbHandle> {
  if (!globalForDb.recallDb) {
    const env = getEnv();
    globalForDb.recallDb = openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
    globalForDb.recallDb.catch(() => {
      // Let the next request try again (e.g. PostgreSQL was still starting).
      globalForDb.recallDb = undefined;
    });
  }
  return globalForDb.recallDb;
}

export async function getDb() {
  return (await getDbHandle()).db;
}
