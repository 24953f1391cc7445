import { kickCoalesced, type RunState } from "~/server/coalesced-run";
import { getDb } from "~/server/db-handle";
import { describeError, getLogger } from "~/server/observability/logger";
import { doomOrphans, drainDoomedObjects } from "./lifecycle";
import { storageFromEnv } from "./storage-from-env";

/** Uploads never sent are cleaned up after a day. */
export const ORPHAN_AGE_SECONDS = 24 * 3600;

const state = globalThis as unknown as { recallObjectSweep?: RunState };

/**
 * Deletes doomed objects now (after a commit that may have doomed some: erase, purge), one sweep
 * at a time per process; a kick during a sweep runs one more after it. Never throws.
 */
export function kickObjectSweeper(): void {
  kickCoalesced(
    (state.recallObjectSweep ??= { running: false, again: false }),
    async () => drainDoomedObjects(await getDb(), storageFromEnv()),
    (error) => getLogger().warn({ error: describeError(error) }, "object sweeper: database unavailable"),
  );
}

/** The periodic part (background job): dooms old orphans, then deletes whatever is doomed. */
export async function sweepAttachments(): Promise<number> {
  const orphans = await doomOrphans(await getDb(), ORPHAN_AGE_SECONDS);
  kickObjectSweeper();
  return orphans;
}
