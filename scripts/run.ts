/**
 * `npm run dev` / `npm start`: one command that prepares the database (migrate; seed on an empty
 * dev database), starts the embedded Pusher-protocol server when no PUSHER_* settings are given,
 * and runs Next.js. One Ctrl-C stops everything; if either process dies, the other is stopped.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { migrate } from "~/db/migrate";
import { seed } from "~/server/seed";
import { exitOnBadConfig, getEnv } from "~/server/env";
import { openConfiguredDatabase } from "./cli";

const mode = process.argv[2];
if (mode !== "dev" && mode !== "start") {
  console.error("usage: tsx scripts/run.ts dev|start");
  process.exit(2);
}

// Every setting is checked before anything starts; a bad one stops here with one line.
// `next start` runs in production; so must the checks (e.g. NEXTAUTH_SECRET is required).
if (mode === "start" && !process.env.NODE_ENV) Object.assign(process.env, { NODE_ENV: "production" });
const env = exitOnBadConfig(getEnv);
const port = env.PORT;
const dataDir = env.DATA_DIR;
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;

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
    const creds = {
      appId: String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000)),
      key: randomBytes(10).toString("hex"),
      secret: randomBytes(20).toString("hex"),
    };
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
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once("exit", r))))).then(() =>
    process.exit(code),
  );
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

/** Free means we could listen on it ourselves a moment ago. */
function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/**
 * The default realtime port may be taken by another checkout or an old run: in that case pick the
 * next free one and hand it to the browser (PUSHER_PORT). A port the operator chose is theirs to
 * free, so that one is an error naming the variable.
 */
async function realtimePort(): Promise<number> {
  const chosen = process.env.REALTIME_PORT !== undefined && process.env.REALTIME_PORT !== "";
  if (await portIsFree(env.REALTIME_PORT, env.REALTIME_HOST)) return env.REALTIME_PORT;
  if (chosen || mode === "start") {
    console.error(
      `error: REALTIME_PORT ${env.REALTIME_PORT} is in use by another process; stop it or set REALTIME_PORT to a free port.`,
    );
    process.exit(1);
  }
  for (let candidate = env.REALTIME_PORT + 1; candidate < env.REALTIME_PORT + 50; candidate++) {
    if (await portIsFree(candidate, env.REALTIME_HOST)) {
      console.log(`realtime: port ${env.REALTIME_PORT} (REALTIME_PORT) is in use; using ${candidate} instead.`);
      return candidate;
    }
  }
  console.error(
    `error: REALTIME_PORT ${env.REALTIME_PORT} and the next 49 ports are in use; set REALTIME_PORT to a free port.`,
  );
  process.exit(1);
}

const embedded = !env.PUSHER_APP_ID && !env.PUSHER_KEY && !env.PUSHER_SECRET;
if (embedded) {
  const creds = embeddedCredentials();
  const chosenPort = String(await realtimePort());
  Object.assign(process.env, {
    REALTIME_APP_ID: creds.appId,
    REALTIME_KEY: creds.key,
    REALTIME_SECRET: creds.secret,
    REALTIME_PORT: chosenPort,
    REALTIME_HOST: env.REALTIME_HOST,
    PUSHER_APP_ID: creds.appId,
    PUSHER_KEY: creds.key,
    PUSHER_SECRET: creds.secret,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: chosenPort,
    PUSHER_USE_TLS: "false",
  });
  // PUSHER_PUBLIC_HOST stays unset: the browser connects to the host it opened the page at.
  run("realtime", process.execPath, ["--import", "tsx", "server/realtime/pusher-server/main.ts"]);
}

const nextBin = path.resolve("node_modules/next/dist/bin/next");
// Production runs behind our own http.Server so the app learns each request's socket address.
if (mode === "start") run("next", process.execPath, ["--import", "tsx", "scripts/next-server.ts"]);
else run("next", process.execPath, [nextBin, mode, "-p", String(port)]);
