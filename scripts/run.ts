/**
 * `npm run dev` / `npm start`: one command that prepares the database (migrate; seed on an empty
 * dev database), starts the embedded Pusher-protocol server when no PUSHER_* settings are given,
 * and runs Next.js. One Ctrl-C stops everything; if either process dies, the other is stopped.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { migrate } from "~/db/migrate";
import { seed } from "~/db/seed";
import { openConfiguredDatabase } from "./cli";

const mode = process.argv[2];
if (mode !== "dev" && mode !== "start") {
  console.error("usage: tsx scripts/run.ts dev|start");
  process.exit(2);
}

const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.DATA_DIR ?? ".data";
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;

if (mode === "start" && !process.env.NEXTAUTH_SECRET) {
  console.error("error: NEXTAUTH_SECRET is not set. Set it to a long random string (e.g. `openssl rand -base64 32`) to start in production.");
  process.exit(1);
}

interface RealtimeCredentials {
  appId: string;
  key: string;
  secret: string;
}

/** Generated once per data folder so browser sessions survive restarts. */
function embeddedCredentials(): RealtimeCredentials {
  const file = path.resolve(dataDir, "realtime.json");
  try {
    return JSON.parse(readFileSync(file, "utf8")) as RealtimeCredentials;
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const creds = { appId: String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000)), key: randomBytes(10).toString("hex"), secret: randomBytes(20).toString("hex") };
    writeFileSync(file, JSON.stringify(creds), { mode: 0o600 });
    return creds;
  }
}

const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once("exit", r))))).then(() => process.exit(code));
}

function run(name: string, command: string, args: string[]) {
  const child = spawn(command, args, { stdio: "inherit", env: process.env });
  child.once("exit", (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping.`);
      stopAll(code ?? 1);
    }
  });
  children.push(child);
}

process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

const handle = await openConfiguredDatabase();
await migrate(handle);
if (mode === "dev" && (await seed(handle.db))) console.log("db: seeded demo users (password: recall-demo)");
await handle.close();

const embedded = !process.env.PUSHER_APP_ID && !process.env.PUSHER_KEY && !process.env.PUSHER_SECRET;
if (embedded) {
  const creds = embeddedCredentials();
  const realtimePort = process.env.REALTIME_PORT ?? "6001";
  Object.assign(process.env, {
    REALTIME_APP_ID: creds.appId,
    REALTIME_KEY: creds.key,
    REALTIME_SECRET: creds.secret,
    REALTIME_PORT: realtimePort,
    REALTIME_HOST: process.env.REALTIME_HOST ?? "0.0.0.0",
    PUSHER_APP_ID: creds.appId,
    PUSHER_KEY: creds.key,
    PUSHER_SECRET: creds.secret,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: realtimePort,
    PUSHER_USE_TLS: "false",
    PUSHER_PUBLIC_HOST: process.env.PUSHER_PUBLIC_HOST ?? new URL(process.env.NEXTAUTH_URL!).hostname,
  });
  run("realtime", process.execPath, ["--import", "tsx", "server/realtime/pusher-server/main.ts"]);
}

const nextBin = path.resolve("node_modules/next/dist/bin/next");
// Production runs behind our own http.Server so the app learns each request's socket address.
if (mode === "start") run("next", process.execPath, ["--import", "tsx", "scripts/next-server.ts"]);
else run("next", process.execPath, [nextBin, mode, "-p", String(port)]);
