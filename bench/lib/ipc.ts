/**
 * A tiny typed request/response protocol between the orchestrator and its load-generator
 * processes (child_process.fork with `node --import tsx`, structured-clone serialization so
 * Float64Arrays of samples cross cheaply).
 *
 * A worker file declares its commands as a type and calls `serve(handlers)`; the orchestrator
 * starts it with `startWorker<Commands>(file)` and calls `worker.call("cmd", args)`. Workers may
 * also `emit(event, data)` unsolicited messages (e.g. "all clients received message X").
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { track, untrack } from "./procs";

export type CommandMap = Record<string, { args: unknown; result: unknown }>;

type Handlers<C extends CommandMap> = {
  [K in keyof C]: (args: C[K]["args"]) => Promise<C[K]["result"]> | C[K]["result"];
};

interface Request {
  kind: "call";
  id: number;
  cmd: string;
  args: unknown;
}
type Reply =
  { kind: "reply"; id: number; ok: true; result: unknown } | { kind: "reply"; id: number; ok: false; error: string };
interface EventMessage {
  kind: "event";
  event: string;
  data: unknown;
}

/** Worker side: answers the orchestrator's calls; exits when the orchestrator goes away. */
export function serve<C extends CommandMap>(handlers: Handlers<C>): void {
  if (!process.send) throw new Error("this file is a benchmark worker: start it with startWorker()");
  process.on("message", (raw: unknown) => {
    const msg = raw as Request;
    if (msg?.kind !== "call") return;
    const handler = (handlers as Record<string, (args: unknown) => unknown>)[msg.cmd];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${msg.cmd}`);
        return handler(msg.args);
      })
      .then(
        (result) => process.send!({ kind: "reply", id: msg.id, ok: true, result } satisfies Reply),
        (error: unknown) =>
          process.send!({
            kind: "reply",
            id: msg.id,
            ok: false,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          } satisfies Reply),
      );
  });
  process.on("disconnect", () => process.exit(0));
}

export function emit(event: string, data: unknown): void {
  process.send?.({ kind: "event", event, data } satisfies EventMessage);
}

export interface Worker<C extends CommandMap> {
  pid: number;
  call<K extends keyof C & string>(cmd: K, args: C[K]["args"], timeoutMs?: number): Promise<C[K]["result"]>;
  on(event: string, listener: (data: unknown) => void): void;
  stop(): Promise<void>;
}

/** Starts `bench/workers/<name>.ts` in its own Node process. */
export function startWorker<C extends CommandMap>(name: string, label = name): Worker<C> {
  const file = fileURLToPath(new URL(`../workers/${name}.ts`, import.meta.url));
  const child = fork(file, [], {
    execArgv: ["--import", "tsx"],
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  track(child, `worker ${label}`);
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, ((data: unknown) => void)[]>();
  child.on("message", (raw: unknown) => {
    const msg = raw as Reply | EventMessage;
    if (msg.kind === "event") {
      for (const l of listeners.get(msg.event) ?? []) l(msg.data);
      return;
    }
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(`worker ${label}: ${msg.error}`));
  });
  child.once("exit", (code, signal) => {
    untrack(child);
    for (const p of pending.values()) p.reject(new Error(`worker ${label} exited (${signal ?? code})`));
    pending.clear();
  });
  return {
    pid: child.pid!,
    call(cmd, args, timeoutMs = 600_000) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`worker ${label}: ${cmd} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as never);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        child.send({ kind: "call", id, cmd, args } satisfies Request);
      });
    },
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.disconnect();
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
