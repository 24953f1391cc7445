/**
 * Builds and starts the real app in production mode (`scripts/run.ts start`: migrate, embedded
 * realtime server, `next start`) against the benchmark database, with credentials the benchmark
 * knows (the realtime app id/key/secret are written where run.ts reads them: DATA_DIR/realtime.json).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sleep } from "./clock";
import { exitReason, portOpen, runToCompletion, type Service, startService, waitUntil } from "./procs";

export const RATE_LIMIT_SCALE = 1_000_000;
/** The load generators open thousands of sockets from one address. */
export const LOAD_CONNECTIONS_PER_IP = 100_000;

export interface RealtimeCredentials {
  appId: string;
  key: string;
  secret: string;
}

export interface AppHandle {
  baseUrl: string;
  wsUrl: string;
  realtime: RealtimeCredentials & { host: string; port: number };
  nextAuthSecret: string;
  service: Service;
}

export function newRealtimeCredentials(): RealtimeCredentials {
  return {
    appId: String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000)),
    key: randomBytes(10).toString("hex"),
    secret: randomBytes(20).toString("hex"),
  };
}

/** `next build`; waits and retries while another build of this checkout holds Next.js's build lock. */
export async function buildApp(logFile: string, log: (line: string) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const before = existsSync(logFile) ? readFileSync(logFile, "utf8").length : 0;
    try {
      await runToCompletion(
        "next build",
        process.execPath,
        [path.resolve("node_modules/next/dist/bin/next"), "build"],
        {
          env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
          logFile,
        },
      );
      return;
    } catch (error) {
      const output = readFileSync(logFile, "utf8").slice(before);
      if (attempt >= 12 || !output.includes("Another next build process is already running")) throw error;
      log("next build: another build of this checkout is running; retrying in 10 s…");
      await sleep(10_000);
    }
  }
}

export async function startApp(opts: {
  databaseUrl: string;
  port: number;
  realtimePort: number;
  workDir: string;
  logFile: string;
}): Promise<AppHandle> {
  const dataDir = path.join(opts.workDir, "app-data");
  mkdirSync(dataDir, { recursive: true });
  const creds = newRealtimeCredentials();
  writeFileSync(path.join(dataDir, "realtime.json"), JSON.stringify(creds), { mode: 0o600 });
  const nextAuthSecret = randomBytes(32).toString("base64url");
  const baseUrl = `http://localhost:${opts.port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("PUSHER_") || k.startsWith("REALTIME_")) delete env[k];
  Object.assign(env, {
    PORT: String(opts.port),
    REALTIME_PORT: String(opts.realtimePort),
    REALTIME_HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    DATABASE_URL: opts.databaseUrl,
    NEXTAUTH_SECRET: nextAuthSecret,
    NEXTAUTH_URL: baseUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    // Every request comes from one IP (127.0.0.1) at load-test rates: the app's documented knob for
    // load tests multiplies the rate limits; the limiter itself (and its cost) stays in the path.
    RATE_LIMIT_SCALE: String(RATE_LIMIT_SCALE),
    // Likewise every load-generator socket comes from 127.0.0.1: lift the per-address socket cap.
    REALTIME_MAX_CONNECTIONS_PER_IP: String(LOAD_CONNECTIONS_PER_IP),
  });
  // Profiling hook: BENCH_APP_NODE_OPTIONS="--import ./bench/lib/cpu-profile-hook.mjs" (see that file).
  if (process.env.BENCH_APP_NODE_OPTIONS) env.NODE_OPTIONS = process.env.BENCH_APP_NODE_OPTIONS;
  const service = startService("app", process.execPath, ["--import", "tsx", "scripts/run.ts", "start"], {
    env,
    logFile: opts.logFile,
  });
  const failed = exitReason(service.child);
  await waitUntil("realtime server", () => portOpen(opts.realtimePort), 60_000, failed);
  await waitUntil(
    "app",
    async () => {
      const res = await fetch(`${baseUrl}/api/auth/csrf`);
      return res.ok;
    },
    120_000,
    failed,
  );
  return {
    baseUrl,
    wsUrl: `ws://127.0.0.1:${opts.realtimePort}`,
    realtime: { ...creds, host: "127.0.0.1", port: opts.realtimePort },
    nextAuthSecret,
    service,
  };
}
