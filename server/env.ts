import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * The one place that reads process.env. Everything else imports `env`.
 * Validated lazily on first use so that `next build` does not need runtime secrets.
 */
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
  PUSHER_PORT: z.coerce.number().int().positive().optional(),
  PUSHER_CLUSTER: z.string().min(1).default("local"),
  PUSHER_USE_TLS: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  // What the browser uses when it reaches the realtime service by another address (proxy, TLS).
  PUSHER_PUBLIC_HOST: z.string().min(1).optional(),
  PUSHER_PUBLIC_PORT: z.coerce.number().int().positive().optional(),
  PUSHER_PUBLIC_USE_TLS: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  // Where request counters live: PostgreSQL (shared by all instances) or this process's memory.
  RATE_LIMIT_STORE: z.enum(["postgres", "memory"]).default("postgres"),
  // Multiplies every limit (load tests); the limiter still runs.
  RATE_LIMIT_SCALE: z.coerce.number().positive().default(1),
  RECALL_PURGE_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(3600),

  // Bounds (issue #12): every unit of work a caller can cause has a limit.
  // Per-limit overrides as JSON, e.g. {"signup":{"perIp":5}}; names and defaults in README (server/security/rate-limit.ts).
  RATE_LIMITS: z.string().optional(),
  // How many proxies in front of the app append to X-Forwarded-For. 0 (default): the header is
  // ignored and the client IP is the socket's peer address, so a client cannot choose its IP.
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // Calls per tRPC batch request; a larger batch is refused whole. The browser client batches at
  // most 10 calls, so a lower figure would break it.
  TRPC_MAX_BATCH_SIZE: z.coerce.number().int().min(10, "TRPC_MAX_BATCH_SIZE must be at least 10 (the browser batches up to 10 calls).").max(100).default(10),
  // Message search: wall-clock budget for one search, in ms (statement_timeout on PostgreSQL).
  SEARCH_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  // Embedded realtime server: channels one socket may hold, sockets one IP may open,
  // the largest WebSocket frame, and the two features the app does not use (off unless enabled).
  REALTIME_MAX_CHANNELS_PER_SOCKET: z.coerce.number().int().min(1).default(100),
  REALTIME_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(50),
  REALTIME_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(64 * 1024),
  REALTIME_PUBLIC_CHANNELS: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  REALTIME_CLIENT_EVENTS: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
});

/** The realtime server runs in its own process without the app's secrets: it reads only its bounds. */
export function getRealtimeBoundsEnv() {
  return schema
    .pick({
      TRUST_PROXY_HOPS: true,
      REALTIME_MAX_CHANNELS_PER_SOCKET: true,
      REALTIME_MAX_CONNECTIONS_PER_IP: true,
      REALTIME_MAX_MESSAGE_BYTES: true,
      REALTIME_PUBLIC_CHANNELS: true,
      REALTIME_CLIENT_EVENTS: true,
    })
    .parse(process.env);
}

export type Env = z.infer<typeof schema> & { NEXTAUTH_SECRET: string };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${first?.path.join(".")}: ${first?.message}`);
  }
  const env = parsed.data;
  cached = { ...env, NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? devSecret(env) };
  return cached;
}

/**
 * A first `npm run dev` must work with no settings, so development generates a secret once and
 * keeps it in the data folder (sessions survive restarts). Production refuses to guess.
 */
function devSecret(env: z.infer<typeof schema>): string {
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
