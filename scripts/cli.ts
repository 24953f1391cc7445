import { type DbHandle, openDatabase } from "~/db/client";
import { getEnv } from "~/server/env";

/** Opens the configured database for a one-shot script; prints a one-line error and exits if it cannot. */
export async function openConfiguredDatabase(): Promise<DbHandle> {
  try {
    const env = getEnv();
    return await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, max: 2 });
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
