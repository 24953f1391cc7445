/**
 * The servers Playwright starts when BASE_URL is not given.
 * - first (default): a production build on port 3100 (E2E_PORT) with the embedded realtime server on 6101 (E2E_REALTIME_PORT), a
 *   fresh embedded database (or DATABASE_URL), seeded;
 * - `--second` (only with DATABASE_URL): another app instance on E2E_PORT + 1 sharing that PostgreSQL and
 *   the first instance's realtime server, to prove scale-out.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { METRICS_TOKEN } from "../e2e/users";

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
  // Only for the throwaway test servers; production must set its own.
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-only-secret-not-for-production-use",
  METRICS_TOKEN,
};
const step = (args: string[]) => execFileSync(process.execPath, args, { stdio: "inherit", env });

if (second) {
  if (!process.env.DATABASE_URL) throw new Error("--second needs DATABASE_URL (PGlite belongs to one process).");
  await waitFor(`http://localhost:${firstPort}/sign-in`);
  const creds = JSON.parse(readFileSync(`${dataDir}/realtime.json`, "utf8")) as { appId: string; key: string; secret: string };
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
  if (process.env.E2E_SKIP_BUILD !== "1") step(["node_modules/next/dist/bin/next", "build"]);
  step(["--import", "tsx", "scripts/db-seed.ts"]);
}
step(["--import", "tsx", "scripts/run.ts", "start"]);

async function waitFor(url: string) {
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up`);
}
