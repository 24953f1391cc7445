import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Db } from "~/db/client";
import { rateLimits } from "~/db/schema";

export type LimitName =
  | "signin"
  | "signup"
  | "send"
  | "recall"
  | "bulkRecall"
  | "channelAuth"
  | "search"
  | "createGroup"
  | "createDirect"
  | "addMember"
  | "addedToGroup"
  | "settings";

/**
 * Requests allowed per window, per user (or per email for sign-in), per client IP, and per
 * target (a person on the receiving end, e.g. being added to groups). 0 = that key is not counted.
 */
export interface Limit {
  windowSeconds: number;
  perUser: number;
  perIp: number;
  perTarget?: number;
}
export type Limits = Record<LimitName, Limit>;

const HOUR = 3600;

export const LIMITS: Limits = {
  signin: { windowSeconds: 60, perUser: 10, perIp: 30 },
  // Each sign-up runs scrypt (~50 ms of CPU): the IP budget is what keeps one client from filling the CPU.
  signup: { windowSeconds: HOUR, perUser: 0, perIp: 10 },
  send: { windowSeconds: 10, perUser: 30, perIp: 120 },
  recall: { windowSeconds: 10, perUser: 20, perIp: 60 },
  bulkRecall: { windowSeconds: HOUR, perUser: 20, perIp: 60 },
  channelAuth: { windowSeconds: 10, perUser: 120, perIp: 300 },
  search: { windowSeconds: 10, perUser: 10, perIp: 60 },
  createGroup: { windowSeconds: HOUR, perUser: 20, perIp: 60 },
  createDirect: { windowSeconds: HOUR, perUser: 60, perIp: 200 },
  addMember: { windowSeconds: HOUR, perUser: 100, perIp: 300 },
  // How often one person may be put into groups by people they have never talked to.
  addedToGroup: { windowSeconds: HOUR, perUser: 0, perIp: 0, perTarget: 10 },
  settings: { windowSeconds: 60, perUser: 30, perIp: 60 },
};

const limitOverride = z
  .object({
    windowSeconds: z.number().int().min(1).max(86_400),
    perUser: z.number().int().min(0),
    perIp: z.number().int().min(0),
    perTarget: z.number().int().min(0),
  })
  .partial()
  .strict();

/** RATE_LIMITS, e.g. `{"signup":{"perIp":5},"search":{"perUser":20}}`: changes some figures, keeps the rest. */
export const limitOverrides = z.partialRecord(
  z.enum(Object.keys(LIMITS) as [LimitName, ...LimitName[]]),
  limitOverride,
);

/** The limits in force given the RATE_LIMITS setting; a bad setting stops the app with the reason. */
export function configuredLimits(setting: string | undefined): Limits {
  if (!setting) return LIMITS;
  let json: unknown;
  try {
    json = JSON.parse(setting);
  } catch {
    throw new Error('Invalid configuration: RATE_LIMITS must be JSON, e.g. {"signup":{"perIp":5}}');
  }
  const parsed = limitOverrides.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid configuration: RATE_LIMITS.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`,
    );
  }
  return withOverrides(parsed.data);
}

function withOverrides(overrides: z.infer<typeof limitOverrides>): Limits {
  const merged = { ...LIMITS };
  for (const [name, o] of Object.entries(overrides) as [LimitName, Partial<Limit>][])
    merged[name] = { ...LIMITS[name], ...o };
  return merged;
}

export interface RateLimitStore {
  /** Counts one request against each key in the current window; returns each count and the window's end. */
  hit(keys: string[], windowSeconds: number): Promise<{ counts: number[]; resetAt: Date }>;
}

/** Shared by every app instance: one upsert per key, the window computed on the database clock. */
export class PostgresRateLimitStore implements RateLimitStore {
  constructor(private readonly db: Db) {}

  /** All keys in one statement: one round trip per request, however many budgets it counts against. */
  async hit(keys: string[], windowSeconds: number) {
    const windowStart = sql`to_timestamp(floor(extract(epoch from now()) / ${windowSeconds}) * ${windowSeconds})`;
    const rows = await this.db
      .insert(rateLimits)
      .values(keys.map((key) => ({ key, windowStart, count: 1 })))
      .onConflictDoUpdate({
        target: [rateLimits.key, rateLimits.windowStart],
        set: { count: sql`${rateLimits.count} + 1` },
      })
      .returning({ key: rateLimits.key, count: rateLimits.count, windowStart: rateLimits.windowStart });
    const byKey = new Map(rows.map((r) => [r.key, r.count]));
    return {
      counts: keys.map((k) => byKey.get(k) ?? 0),
      resetAt: new Date(rows[0]!.windowStart.getTime() + windowSeconds * 1000),
    };
  }

  /** Drops windows that ended; run by the background job. */
  async sweep(): Promise<void> {
    await this.db.delete(rateLimits).where(sql`${rateLimits.windowStart} < now() - interval '1 hour'`);
  }
}

/** For a single process (development, one-instance deployments). */
export class MemoryRateLimitStore implements RateLimitStore {
  private windows = new Map<string, { start: number; count: number }>();

  async hit(keys: string[], windowSeconds: number) {
    const size = windowSeconds * 1000;
    const start = Math.floor(Date.now() / size) * size;
    const counts = keys.map((key) => {
      const current = this.windows.get(key);
      const entry = current && current.start === start ? current : { start, count: 0 };
      entry.count += 1;
      this.windows.set(key, entry);
      return entry.count;
    });
    if (this.windows.size > 100_000) this.prune(start);
    return { counts, resetAt: new Date(start + size) };
  }

  private prune(currentStart: number) {
    for (const [key, w] of this.windows) if (w.start < currentStart) this.windows.delete(key);
  }
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RateLimiter {
  /** `scale` multiplies every limit (e.g. for load tests); it never disables the check. */
  constructor(
    private readonly store: RateLimitStore,
    private readonly scale = 1,
    private readonly limits: Limits = LIMITS,
  ) {}

  async check(
    name: LimitName,
    who: { user?: string | null; ip?: string | null; targets?: readonly string[] },
  ): Promise<RateDecision> {
    const limit = this.limits[name];
    const keys: [string, number][] = [];
    if (who.user && limit.perUser > 0) keys.push([`${name}:user:${who.user}`, limit.perUser * this.scale]);
    if (who.ip && limit.perIp > 0) keys.push([`${name}:ip:${who.ip}`, limit.perIp * this.scale]);
    if (limit.perTarget)
      for (const target of new Set(who.targets)) keys.push([`${name}:target:${target}`, limit.perTarget * this.scale]);
    if (keys.length === 0) return { ok: true };
    const { counts, resetAt } = await this.store.hit(
      keys.map(([key]) => key),
      limit.windowSeconds,
    );
    if (counts.every((count, i) => count <= keys[i]![1])) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000)) };
  }
}
