/**
 * The servers Playwright starts when BASE_URL is not given.
 * - first (default): the production build (made by playwright.config.ts) on port 3100 (E2E_PORT) with the embedded
 *   realtime server on 6101 (E2E_REALTIME_PORT), a fresh embedded database (or DATABASE_URL), seeded;
 * - `--second` (only with DATABASE_URL): another app instance on E2E_PORT + 1 sharing that PostgreSQL and
 *   the first instance's realtime server, to prove scale-out.
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { METRICS_TOKEN } from "../e2e/users";
import { createInterface } from "node:readline";
import { type Readable, type Writable } from "node:stream";
import { AbortedRequestLog } from "./aborted-request-log";

const second = process.argv.includes("--second");
// E2E_PORT / E2E_REALTIME_PORT let two checkouts run their suites side by side.
const firstPort = Number(process.env.E2E_PORT ?? 3100);
const appPort = second ? firstPort + 1 : firstPort;
const realtimePort = String(process.env.E2E_REALTIME_PORT ?? 6101);
const dataDir = ".data/e2e";
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: String(appPort),
  REALTIME_PORT: realtimePort,
  DATA_DIR: dataDir,
  NEXTAUTH_URL: `http://localhost:${appPort}`,
  // The suite plays every person from one address and creates a hundred-odd groups in under an
  // hour: creation limits are raised for the test server only. Sign-in, sign-up, send and recall
  // keep their shipped limits (the security spec checks the sign-up limit).
  RATE_LIMITS:
    process.env.RATE_LIMITS ??
    JSON.stringify({
      createGroup: { perUser: 1000, perIp: 2000 },
      addMember: { perUser: 2000, perIp: 4000 },
      addedToGroup: { perTarget: 1000 },
    }),
  // Only for the throwaway test servers; production must set its own.
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-only-secret-not-for-production-use",
  METRICS_TOKEN,
};
const step = (args: string[]) => execFileSync(process.execPath, args, { stdio: "inherit", env });

if (second) {
  if (!process.env.DATABASE_URL) throw new Error("--second needs DATABASE_URL (PGlite belongs to one process).");
  await waitFor(`http://localhost:${firstPort}/sign-in`);
  const creds = JSON.parse(readFileSync(`${dataDir}/realtime.json`, "utf8")) as {
    appId: string;
    key: string;
    secret: string;
  };
  Object.assign(env, {
    PUSHER_APP_ID: creds.appId,
    PUSHER_KEY: creds.key,
    PUSHER_SECRET: creds.secret,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: realtimePort,
    PUSHER_PUBLIC_HOST: "localhost",
  });
} else {
  if (!process.env.DATABASE_URL) rmSync(dataDir, { recursive: true, force: true });
  step(["--import", "tsx", "scripts/db-seed.ts"]);
}
serve(["--import", "tsx", "scripts/run.ts", "start"]);

/** Runs the app with its output labelled (see aborted-request-log.ts); exits as it exits. */
function serve(args: string[]) {
  const app = spawn(process.execPath, args, { stdio: ["inherit", "pipe", "pipe"], env });
  relay(app.stdout, process.stdout);
  relay(app.stderr, process.stderr);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => app.kill(signal));
  app.once("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function relay(from: Readable, to: Writable) {
  const log = new AbortedRequestLog();
  const lines = createInterface({ input: from, crlfDelay: Infinity });
  lines.on("line", (line) => log.push(line).forEach((l) => to.write(`${l}\n`)));
  lines.on("close", () => log.flush().forEach((l) => to.write(`${l}\n`)));
}

async function waitFor(url: string) {
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up`);
}
