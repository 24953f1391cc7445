/**
 * The server Playwright starts when BASE_URL is not given: a production build on port 3100 with
 * the embedded realtime server on 6101, a fresh embedded database (or DATABASE_URL), seeded.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

const env = {
  ...process.env,
  PORT: "3100",
  REALTIME_PORT: "6101",
  DATA_DIR: ".data/e2e",
  NEXTAUTH_URL: "http://localhost:3100",
  // Only for the throwaway test server; production must set its own.
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-only-secret-not-for-production-use",
};
if (!process.env.DATABASE_URL) rmSync(".data/e2e", { recursive: true, force: true });
const step = (args: string[]) => execFileSync(process.execPath, args, { stdio: "inherit", env });
if (process.env.E2E_SKIP_BUILD !== "1") step(["node_modules/next/dist/bin/next", "build"]);
step(["--import", "tsx", "scripts/db-seed.ts"]);
step(["--import", "tsx", "scripts/run.ts", "start"]);
