import pino, { type DestinationStream, type Logger } from "pino";
import { getConfig } from "~/server/env";

/**
 * The one logger of server code: JSON lines on stdout (one per procedure call, errors with their
 * codes), readable lines in development. It never receives inputs, message bodies or SQL
 * parameters: call sites pass ids, names, codes and `describeError(error)`.
 */
const state = globalThis as unknown as { recallLog?: { logger: Logger; sink: { write(line: string): void } } };

/** `12:00:01 INFO  trpc message.send OK 12ms user=… req=…` for people watching `npm run dev`. */
export function devLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { time, level, msg, pid: _pid, hostname: _host, ...rest } = entry;
  const label = pino.levels.labels[Number(level)]?.toUpperCase() ?? String(level);
  const clock = typeof time === "number" ? new Date(time).toISOString().slice(11, 19) : "";
  const fields = Object.entries(rest)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" ");
  return `${clock} ${label.padEnd(5)} ${String(msg ?? "")}${fields ? ` ${fields}` : ""}\n`;
}

export function getLogger(): Logger {
  if (!state.recallLog) {
    const config = getConfig();
    const pretty = config.NODE_ENV === "development";
    const sink = { write: (line: string) => void process.stdout.write(pretty ? devLine(line) : line) };
    // Writes go through `sink` so a test can capture them (captureLogs) without a second logger.
    const stream: DestinationStream = { write: (line: string) => state.recallLog!.sink.write(line) };
    state.recallLog = { logger: pino({ level: config.LOG_LEVEL, base: { pid: process.pid } }, stream), sink };
  }
  return state.recallLog.logger;
}

/** Test helper: collects every line written from now on; `stop()` restores stdout. */
export function captureLogs(): { lines: string[]; stop: () => void } {
  getLogger();
  const log = state.recallLog!;
  const previous = log.sink;
  const lines: string[] = [];
  log.sink = { write: (line) => void lines.push(line) };
  return { lines, stop: () => void (log.sink = previous) };
}

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  constraint_name?: unknown;
  constraint?: unknown;
  cause?: unknown;
  query?: unknown;
  params?: unknown;
}

/**
 * What a log line may say about an error. Database errors are reduced to their SQLSTATE and
 * constraint: drizzle's message carries the query's parameters and PostgreSQL's can quote the
 * offending value, either of which may be a message body.
 */
export function describeError(error: unknown): {
  name: string;
  message?: string;
  sqlstate?: string;
  constraint?: string;
  cause?: ReturnType<typeof describeError>;
} {
  const e = (error ?? {}) as ErrorShape;
  const name = typeof e.name === "string" ? e.name : typeof error;
  const isDatabase =
    "params" in e ||
    "query" in e ||
    name === "PostgresError" ||
    (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code));
  const cause = e.cause && e.cause !== error ? describeError(e.cause) : undefined;
  if (isDatabase) {
    const constraint = e.constraint_name ?? e.constraint;
    return {
      name,
      ...(typeof e.code === "string" ? { sqlstate: e.code } : {}),
      ...(typeof constraint === "string" ? { constraint } : {}),
      ...(cause ? { cause } : {}),
    };
  }
  return {
    name,
    ...(typeof e.message === "string" ? { message: e.message.slice(0, 300) } : {}),
    ...(cause ? { cause } : {}),
  };
}
