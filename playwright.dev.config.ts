import { defineConfig } from "@playwright/test";
import baseConfig from "./playwright.config";

/**
 * `npm run test:e2e:dev`: the app under `npm run dev` (next dev, compiled on demand), opened at
 * 127.0.0.1 although NEXTAUTH_URL names localhost. Kept out of `npm test`: next dev compiles
 * every page on first visit, which costs a minute or more on a small machine.
 */
const port = Number(process.env.E2E_DEV_PORT ?? 3650);
const realtimePort = Number(process.env.E2E_DEV_REALTIME_PORT ?? 6651);

export default defineConfig({
  ...baseConfig,
  testDir: "e2e",
  testMatch: /\.devspec\.ts$/,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  use: { ...baseConfig.use, baseURL: `http://127.0.0.1:${port}` },
  projects: [{ name: "dev", use: { ...baseConfig.use } }],
  webServer: {
    command: `rm -rf .data/e2e-dev && npx tsx scripts/run.ts dev`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { PORT: String(port), REALTIME_PORT: String(realtimePort), DATA_DIR: ".data/e2e-dev", NODE_ENV: "development" },
  },
});
