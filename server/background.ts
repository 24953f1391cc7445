import { sweepAttachments } from "./attachments/sweeper";
import { getDb } from "./db-handle";
import { getEnv } from "./env";
import { describeError, getLogger } from "./observability/logger";
import { purgeExpired } from "./recall/vault";
import { kickPublisher } from "./realtime/publisher";
import { getLimiter } from "./security/limiter";

const OUTBOX_SWEEP_MS = 2_000;

export function startBackgroundJobs(): void {
  const g = globalThis as unknown as { recallJobs?: boolean };
  if (g.recallJobs) return;
  g.recallJobs = true;
  kickPublisher();
  setInterval(kickPublisher, OUTBOX_SWEEP_MS).unref();
  const every = getEnv().RECALL_PURGE_INTERVAL_SECONDS;
  if (every > 0) {
    setInterval(() => {
      getDb()
        .then(async (db) => {
          await (await getLimiter()).sweep();
          const purged = await purgeExpired(db);
          const orphans = await sweepAttachments();
          if (orphans > 0) getLogger().info({ orphans }, "unsent attachments cleaned up");
          return purged;
        })
        .then((n) => n > 0 && getLogger().info({ purged: n }, "retention purge"))
        .catch((error: unknown) => getLogger().error({ error: describeError(error) }, "retention purge failed"));
    }, every * 1000).unref();
  }
}
