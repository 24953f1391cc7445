import { mkdirSync } from "node:fs";
import path from "node:path";
import { type AppHandle, RATE_LIMIT_SCALE } from "../bench/lib/app";
import { exitReason, type Service, startService, waitUntil } from "../bench/lib/procs";
import { ports } from "./options";

/** The second instance: no realtime server of its own, publishes to the first one's. */
export async function startSecondApp(
  a: AppHandle,
  databaseUrl: string,
  dirs: { workDir: string; logDir: string },
): Promise<{ handle: AppHandle; service: Service }> {
  const dataDir = path.join(dirs.workDir, "app-data-b");
  mkdirSync(dataDir, { recursive: true });
  const baseUrl = `http://localhost:${ports.b}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("PUSHER_") || k.startsWith("REALTIME_")) delete env[k];
  Object.assign(env, {
    PORT: String(ports.b),
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: a.nextAuthSecret,
    NEXTAUTH_URL: baseUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    RATE_LIMIT_SCALE: String(RATE_LIMIT_SCALE),
    PUSHER_APP_ID: a.realtime.appId,
    PUSHER_KEY: a.realtime.key,
    PUSHER_SECRET: a.realtime.secret,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: String(a.realtime.port),
    PUSHER_PUBLIC_HOST: "localhost",
  });
  const logFile = path.join(dirs.logDir, "app-b.log");
  const service = startService("app-b", process.execPath, ["--import", "tsx", "scripts/run.ts", "start"], {
    env,
    logFile,
  });
  await waitUntil(
    "app B",
    async () => (await fetch(`${baseUrl}/api/auth/csrf`)).ok,
    120_000,
    exitReason(service.child),
  );
  return { handle: { ...a, baseUrl, service }, service };
}
