import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * The one place that reads process.env: the app, the embedded realtime server, the launcher
 * (`npm run dev`/`npm start`) and the scripts all import it. Every variable, its default and its
 * validation live in `schema`; README's configuration table is checked against it by env.test.ts.
 * The launcher validates eagerly (one line, exit 1); `next build` never calls it, so it needs no
 * runtime secrets.
 */
const port = (name: string) =>
  z.coerce
    .number({ message: `${name} must be a port number (1-65535).` })
    .int(`${name} must be a whole port number (1-65535).`)
    .min(1, `${name} must be a port number (1-65535).`)
    .max(65535, `${name} must be a port number (1-65535).`);
const flag = (name: string) => z.enum(["true", "false"], { message: `${name} must be true or false.` });

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.url({ message: "DATABASE_URL must be a postgres:// URL" }).optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  NEXTAUTH_SECRET: z.string().min(16, "NEXTAUTH_SECRET must be at least 16 characters").optional(),
  NEXTAUTH_URL: z.url().optional(),
  PUSHER_APP_ID: z.string().min(1).optional(),
  PUSHER_KEY: z.string().min(1).optional(),
  PUSHER_SECRET: z.string().min(1).optional(),
  PUSHER_HOST: z.string().min(1).optional(),
  PUSHER_PORT: port("PUSHER_PORT").optional(),
  PUSHER_CLUSTER: z.string().min(1).default("local"),
  PUSHER_USE_TLS: flag("PUSHER_USE_TLS")
    .default("false")
    .transform((v) => v === "true"),
  // What the browser uses when it reaches the realtime service by another address (proxy, TLS).
  PUSHER_PUBLIC_HOST: z.string().min(1).optional(),
  PUSHER_PUBLIC_PORT: port("PUSHER_PUBLIC_PORT").optional(),
  PUSHER_PUBLIC_USE_TLS: flag("PUSHER_PUBLIC_USE_TLS")
    .transform((v) => v === "true")
    .optional(),
  // Where request counters live: PostgreSQL (shared by all instances) or this process's memory.
  RATE_LIMIT_STORE: z.enum(["postgres", "memory"]).default("postgres"),
  // Multiplies every limit (load tests); the limiter still runs.
  RATE_LIMIT_SCALE: z.coerce.number().positive().default(1),
  RECALL_PURGE_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(3600),
  PORT: port("PORT").default(3000),
  // The embedded realtime server: where it listens, and the credentials the launcher generates.
  REALTIME_PORT: port("REALTIME_PORT").default(6001),
  REALTIME_HOST: z.string().min(1, "REALTIME_HOST must not be empty.").default("0.0.0.0"),
  REALTIME_APP_ID: z.string().min(1).optional(),
  REALTIME_KEY: z.string().min(1).optional(),
  REALTIME_SECRET: z.string().min(1).optional(),
  // Bearer token for GET /api/metrics; unset → the endpoint answers 404.
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters.").optional(),
  // /api/health/ready fails when the oldest unpublished outbox row is older than this.
  READY_MAX_OUTBOX_LAG_SECONDS: z.coerce
    .number({ message: "READY_MAX_OUTBOX_LAG_SECONDS must be a number of seconds." })
    .int()
    .min(1)
    .default(60),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      message: "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent.",
    })
    .default("info"),

  // Bounds (issue #12): every unit of work a caller can cause has a limit.
  // Per-limit overrides as JSON, e.g. {"signup":{"perIp":5}}; names and defaults in README (server/security/rate-limit.ts).
  RATE_LIMITS: z.string().optional(),
  // How many proxies in front of the app append to X-Forwarded-For. 0 (default): the header is
  // ignored and the client IP is the socket's peer address, so a client cannot choose its IP.
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // Calls per tRPC batch request; a larger batch is refused whole. The browser client batches at
  // most 10 calls, so a lower figure would break it.
  TRPC_MAX_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(10, "TRPC_MAX_BATCH_SIZE must be at least 10 (the browser batches up to 10 calls).")
    .max(100)
    .default(10),
  // Message search: wall-clock budget for one search, in ms (statement_timeout on PostgreSQL).
  SEARCH_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  // Embedded realtime server: channels one socket may hold, sockets one IP may open,
  // the largest WebSocket frame, and the two features the app does not use (off unless enabled).
  REALTIME_MAX_CHANNELS_PER_SOCKET: z.coerce.number().int().min(1).default(100),
  REALTIME_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(50),
  REALTIME_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024),
  REALTIME_PUBLIC_CHANNELS: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  REALTIME_CLIENT_EVENTS: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),

  // Attachments (issue #19): where their bytes live (DATA_DIR/attachments or an S3 bucket) and
  // how large and how many they may be.
  ATTACHMENT_STORAGE: z.enum(["disk", "s3"], { message: "ATTACHMENT_STORAGE must be disk or s3." }).default("disk"),
  ATTACHMENT_MAX_BYTES: z.coerce
    .number({ message: "ATTACHMENT_MAX_BYTES must be a number of bytes." })
    .int()
    .min(1)
    .max(100 * 1024 * 1024, "ATTACHMENT_MAX_BYTES can be at most 104857600 (100 MB).")
    .default(10 * 1024 * 1024),
  ATTACHMENT_MAX_PER_MESSAGE: z.coerce.number().int().min(1).max(10).default(4),
  ATTACHMENT_DAILY_BYTES: z.coerce
    .number({ message: "ATTACHMENT_DAILY_BYTES must be a number of bytes." })
    .int()
    .min(1024 * 1024, "ATTACHMENT_DAILY_BYTES must be at least 1048576 (1 MB).")
    .default(200 * 1024 * 1024),
  S3_ENDPOINT: z.url({ message: "S3_ENDPOINT must be a URL, e.g. http://localhost:9000" }).optional(),
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
});

/** Variables the launcher sets for its children, not the operator: left out of README's table. */
export const internalVariables = ["NODE_ENV", "REALTIME_APP_ID", "REALTIME_KEY", "REALTIME_SECRET"] as const;
export const configVariables = Object.keys(schema.shape);

export type Config = z.infer<typeof schema>;

/** Rules between variables, checked once each variable has passed its own. */
const checkedSchema = schema.superRefine((config, ctx) => {
  if (config.ATTACHMENT_STORAGE === "s3" && !config.S3_BUCKET) {
    ctx.addIssue({
      code: "custom",
      path: ["S3_BUCKET"],
      message: "S3_BUCKET must be set when ATTACHMENT_STORAGE is s3.",
    });
  }
  if (!config.S3_ACCESS_KEY_ID !== !config.S3_SECRET_ACCESS_KEY) {
    ctx.addIssue({
      code: "custom",
      path: ["S3_ACCESS_KEY_ID"],
      message: "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together (or both left unset).",
    });
  }
});

/** Pure: the validated settings, or one line naming the first bad variable and what is wrong. */
export function parseConfig(
  source: Record<string, string | undefined>,
): { ok: true; config: Config } | { ok: false; line: string } {
  // An empty value means "unset" (e.g. `PORT= npm start`), so the default applies.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const parsed = checkedSchema.safeParse(present);
  if (parsed.success) return { ok: true, config: parsed.data };
  const first = parsed.error.issues[0];
  const name = first?.path.join(".") || "configuration";
  const message = first?.message ?? "is invalid";
  return { ok: false, line: `Invalid configuration: ${message.startsWith(name) ? message : `${name}: ${message}`}` };
}

export type Env = Config & { NEXTAUTH_SECRET: string };

let cachedConfig: Config | undefined;
let cached: Env | undefined;

/** Validated settings without the session secret (scripts that never sign anything). */
export function getConfig(): Config {
  if (cachedConfig) return cachedConfig;
  const result = parseConfig(process.env);
  if (!result.ok) throw new Error(result.line);
  cachedConfig = result.config;
  return cachedConfig;
}

export function getEnv(): Env {
  if (cached) return cached;
  const env = getConfig();
  cached = { ...env, NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? devSecret(env) };
  return cached;
}

/** For entry points: validate now (`exitOnBadConfig(getEnv)`); a bad setting prints one line and exits 1. */
export function exitOnBadConfig<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    // Plain text, not a log line: this is what a person starting the app reads.
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

/**
 * A first `npm run dev` must work with no settings, so development generates a secret once and
 * keeps it in the data folder (sessions survive restarts). Production refuses to guess.
 */
function devSecret(env: Config): string {
  if (env.NODE_ENV === "production") {
    throw new Error(
      "NEXTAUTH_SECRET is not set. Set it to a long random string (e.g. `openssl rand -base64 32`) before starting in production.",
    );
  }
  const file = path.resolve(env.DATA_DIR, "nextauth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(env.DATA_DIR, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      // Another process wrote it first: use theirs, so every process signs with the same secret.
      return readFileSync(file, "utf8").trim();
    }
  }
}
