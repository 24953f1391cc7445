/**
 * Background work of each app process: publish outbox rows that failed or were left behind
 * (e.g. the realtime service was down, or another instance died mid-publish), and purge retained
 * originals past their retention period.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // A bad setting stops the process at start with one line, not on the first request.
  const { exitOnBadConfig, getEnv } = await import("./server/env");
  exitOnBadConfig(getEnv);
  const { startBackgroundJobs } = await import("./server/background");
  startBackgroundJobs();
}
