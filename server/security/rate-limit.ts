import { sql } from "drizzle-orm";
import { type Db } from "~/db/client";
import { rateLimits } from "~/db/schema";

export type LimitName = "signin" | "signup" | "send" | "recall" | "channelAuth";

/** Requests allowed per window, per user (or per email for sign-in) and per client IP. */
export type Limits = Record<LimitName, { windowSeconds: number; perUser: number; perIp: number }>;

export const LIMITS: Limits = {
  signin: { windowSeconds: 60, perUser: 10, perIp: 30 },
  // Sign-up has no user yet: only the IP budget applies (perUser counts nothing).
  signup: { windowSeconds: 3600, perUser: 10, perIp: 10 },
  send: { windowSeconds: 10, perUser: 30, perIp: 120 },
  recall: { windowSeconds: 10, perUser: 20, perIp: 60 },
  channelAuth: { windowSeconds: 10, perUser: 120, perIp: 300 },
};

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
      .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
      .returning({ key: rateLimits.key, count: rateLimits.count, windowStart: rateLimits.windowStart });
    const byKey = new Map(rows.map((r) => [r.key, r.count]));
    return { counts: keys.map((k) => byKey.get(k) ?? 0), resetAt: new Date(rows[0]!.windowStart.getTime() + windowSeconds * 1000) };
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

  async check(name: LimitName, who: { user?: string | null; ip?: string | null }): Promise<RateDecision> {
    const limit = this.limits[name];
    const keys: [string, number][] = [];
    if (who.user) keys.push([`${name}:user:${who.user}`, limit.perUser * this.scale]);
    if (who.ip) keys.push([`${name}:ip:${who.ip}`, limit.perIp * this.scale]);
    if (keys.length === 0) return { ok: true };
    const { counts, resetAt } = await this.store.hit(
      keys.map(([key]) => key),
      limit.windowSeconds,
    );
    if (counts.every((count, i) => count <= keys[i]![1])) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000)) };
  }
}

/** The client's IP as the first X-Forwarded-For hop (set by Next.js itself, or by a trusted proxy). */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || null;
}
