import { execFileSync } from "node:child_process";
import { defineConfig, devices } from "@playwright/test";
import { launchOptions } from "./e2e/chromium";

/**
 * BASE_URL set → test that deployment (nothing is started). Unset → build and start the app in
 * production mode with the embedded realtime server, on a fresh embedded database (or on
 * DATABASE_URL when given).
 */
// E2E_PORT lets two checkouts run their suites side by side (the second instance is E2E_PORT + 1).
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = process.env.BASE_URL ?? `http://localhost:${port}`;
const external = Boolean(process.env.BASE_URL);
// A second app instance sharing PostgreSQL and the realtime server (scale-out spec); PGlite cannot be shared.
const secondInstance = !external && Boolean(process.env.DATABASE_URL);
if (secondInstance) process.env.E2E_SECOND_URL = `http://localhost:${port + 1}`;

// The production build is not part of the web server's start-up budget: on a loaded 2-core machine
// the build alone outlasted it (over 4 min at load average 20). So the runner builds once here,
// before Playwright starts the server and its timer; the server and the workers (which load this
// file again) inherit E2E_SKIP_BUILD and skip it. E2E_SKIP_BUILD=1 reuses an existing .next.
if (!external && process.env.E2E_SKIP_BUILD !== "1" && process.env.TEST_WORKER_INDEX === undefined) {
  execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
  process.env.E2E_SKIP_BUILD = "1";
}

export default defineConfig({
  testDir: "e2e",
  forbidOnly: Boolean(process.env.CI),
  // No retries, in CI either: a spec that misses a budget once must fail, not pass on its second try.
  retries: 0,
  workers: 1,
  // The per-test timeout only catches hangs; what a person waits for is budgeted in each expect
  // (5 s by default). Specs that drive three browsers and reload them took over 60 s at load
  // average 15 on this 2-core machine.
  timeout: 90_000,
  expect: { timeout: 5_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions,
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions }, dependencies: ["setup"] },
  ],
  webServer: external
    ? undefined
    : [
        {
          command: "npx tsx scripts/e2e-server.ts",
          url: `${baseURL}/sign-in`,
          timeout: 240_000,
          reuseExistingServer: !process.env.CI,
          stdout: "pipe",
          stderr: "pipe",
        },
        ...(secondInstance
          ? [
              {
                command: "npx tsx scripts/e2e-server.ts --second",
                url: `http://localhost:${port + 1}/sign-in`,
                timeout: 300_000,
                reuseExistingServer: !process.env.CI,
                stdout: "pipe" as const,
                stderr: "pipe" as const,
              },
            ]
          : []),
      ],
});
