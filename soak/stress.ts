import { type ChildProcess, spawn } from "node:child_process";
import os from "node:os";

// --stress: one busy loop per core, bounded by the run's budget, stopped with everything else.

const burners: ChildProcess[] = [];
export function startBurners(ms: number): number {
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
export function stopBurners(): void {
  for (const b of burners.splice(0)) if (b.exitCode === null) b.kill("SIGKILL");
}
