import { mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { now } from "./clock";

/** What a bench or soak run sets up before anything else: its clock, its log line and its scratch folders. */
export interface RunStart {
  /** Monotonic start time, for elapsed times (see clock.ts). */
  t0: number;
  startedAt: Date;
  /** Short id for names the run creates (users, groups, message ids). */
  runId: string;
  workDir: string;
  /** Child processes' logs, kept when the run fails. */
  logDir: string;
  /** Prints a line prefixed with the run's name and the seconds since it started. */
  log: (line: string) => void;
}

export function startRun(name: "bench" | "soak"): RunStart {
  const t0 = now();
  const startedAt = new Date();
  const workDir = mkdtempSync(path.join(os.tmpdir(), `recall-${name}-`));
  const logDir = path.join(workDir, "logs");
  mkdirSync(logDir, { recursive: true });
  return {
    t0,
    startedAt,
    runId: startedAt.getTime().toString(36),
    workDir,
    logDir,
    log: (line) => console.log(`[${name} ${((now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`),
  };
}

/** Ctrl-C or SIGTERM stops everything the run started before exiting; a second signal exits at once. */
export function stopOnSignal(what: string, cleanup: () => Promise<void>): void {
  let interrupted = false;
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      console.error(`\n${sig}: stopping everything ${what} started…`);
      void cleanup().finally(() => process.exit(130));
    });
  }
}
