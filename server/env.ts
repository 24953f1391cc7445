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
});

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
