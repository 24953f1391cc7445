// Profiling aid for the app's processes (NODE_OPTIONS does not allow --cpu-prof):
//   BENCH_APP_NODE_OPTIONS="--import ./bench/lib/cpu-profile-hook.mjs" BENCH_PROFILE_DIR=/tmp/prof npm run bench -- …
// Starts the V8 CPU profiler in every process and writes DIR/<pid>-<title>.cpuprofile when it exits
// (open it in Chrome DevTools or speedscope).
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 500 });
  session.post("Profiler.start");
  let written = false;
  process.on("exit", () => {
    if (written) return;
    written = true;
    // The in-thread inspector session answers synchronously, so this completes before exit.
    session.post("Profiler.stop", (error, result) => {
      if (error) return;
      const name = `${process.pid}-${path.basename(process.argv[1] ?? "node").replace(/[^\w.-]/g, "_")}.cpuprofile`;
      writeFileSync(path.join(dir, name), JSON.stringify(result.profile));
    });
  });
}
