import { defineConfig, devices } from "@playwright/test";
import { launchOptions } from "./e2e/chromium";

/**
 * `npm run test:e2e:dev`: the app under `npm run dev` (next dev, compiled on demand), opened at
 * 127.0.0.1 although NEXTAUTH_URL names localhost. Kept out of `npm test`: next dev compiles
 * every page on first visit, which costs a minute or more on a small machine. Standalone on
 * purpose: importing playwright.config would run its production build and carry its baseURL.
 */
const port = Number(process.env.E2E_DEV_PORT ?? 3650);
const realtimePort = Number(process.env.E2E_DEV_REALTIME_PORT ?? 6651);

export default defineConfig({
  testDir: "e2e",
  testMatch: /\.devspec\.ts$/,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: [["list"]],
  use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${port}`, trace: "retain-on-failure", launchOptions },
  webServer: {
    command: `rm -rf .data/e2e-dev && npx tsx scripts/run.ts dev`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      REALTIME_PORT: String(realtimePort),
      DATA_DIR: ".data/e2e-dev",
      NODE_ENV: "development",
    },
  },
});
