/**
 * Every process the benchmark starts is tracked here so that `stopAll()` (called on success, on
 * failure and on SIGINT/SIGTERM) stops exactly those, by id. Services (the app, realtime servers)
 * run in their own process group so that their children (next-server, the realtime process that
 * scripts/run.ts starts) are stopped with them.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import net from "node:net";
import { sleep } from "./clock";

interface Tracked {
  name: string;
  group: boolean;
}

const tracked = new Map<ChildProcess, Tracked>();

export function track(child: ChildProcess, name: string, group = false): void {
  tracked.set(child, { name, group });
  child.once("exit", () => tracked.delete(child));
}

export function untrack(child: ChildProcess): void {
  tracked.delete(child);
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function signal(child: ChildProcess, group: boolean, sig: NodeJS.Signals): void {
  try {
    if (group && child.pid) process.kill(-child.pid, sig);
    else child.kill(sig);
  } catch {
    // Already gone.
  }
}

/** SIGTERM (the whole group for services), then SIGKILL after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 8000): Promise<void> {
  const info = tracked.get(child) ?? { name: "?", group: false };
  if (!alive(child)) {
    // The leader exited; make sure no child of its group survived.
    if (info.group) signal(child, true, "SIGKILL");
    return;
  }
  const exited = new Promise((r) => child.once("exit", r));
  signal(child, info.group, "SIGTERM");
  const timer = setTimeout(() => signal(child, info.group, "SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
  if (info.group) signal(child, true, "SIGKILL");
}

export async function stopAll(): Promise<void> {
  await Promise.all([...tracked.keys()].map((c) => stopProcess(c)));
}

export interface Service {
  name: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/** Starts a long-running process in its own process group, stdout+stderr appended to `logFile`. */
export function startService(
  name: string,
  command: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; logFile: string },
): Service {
  const fd = openSync(opts.logFile, "a");
  const child = spawn(command, args, { env: opts.env, stdio: ["ignore", fd, fd], detached: true });
  closeSync(fd);
  track(child, name, true);
  return { name, child, logFile: opts.logFile, stop: () => stopProcess(child) };
}

/** Runs a command to completion (output to `logFile`); rejects on a non-zero exit. */
export function runToCompletion(
  name: string,
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; logFile: string },
): Promise<void> {
  const fd = openSync(opts.logFile, "a");
  const child = spawn(command, args, { env: opts.env ?? process.env, stdio: ["ignore", fd, fd], detached: true });
  closeSync(fd);
  track(child, name, true);
  return new Promise((resolve, reject) => {
    child.once("exit", (code, sig) =>
      code === 0 ? resolve() : reject(new Error(`${name} failed (${sig ?? `exit ${code}`}); see ${opts.logFile}`)),
    );
    child.once("error", reject);
  });
}

export function lastLines(file: string, n = 30): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-n).join("\n");
  } catch {
    return "";
  }
}

/** Polls until `probe` resolves true; throws after `timeoutMs` (or as soon as `failed()` says so). */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  failed?: () => string | null,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const why = failed?.();
    if (why) throw new Error(`${what}: ${why}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs} ms`);
    await sleep(250);
  }
}

export function portOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function assertPortsFree(ports: number[]): Promise<void> {
  for (const port of ports) {
    if (await portOpen(port)) throw new Error(`port ${port} is already in use; choose other ports (see --help)`);
  }
}

/** Resident set size of a process, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) * 1024;
}

/** A service's own exit, as a `failed()` callback for waitUntil. */
export function exitReason(child: ChildProcess): () => string | null {
  return () => (alive(child) ? null : `exited (${child.signalCode ?? `exit ${child.exitCode}`})`);
}
