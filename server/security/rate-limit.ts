import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Db } from "~/db/client";
import { rateLimits } from "~/db/schema";

export type LimitName =
  | "signin"
  | "signup"
  | "send"
  | "recall"
  | "edit"
  | "hide"
  | "report"
  | "upload"
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
  edit: { windowSeconds: 10, perUser: 20, perIp: 60 },
  hide: { windowSeconds: 10, perUser: 30, perIp: 120 },
  // Reports fill a queue people work through by hand.
  report: { windowSeconds: HOUR, perUser: 30, perIp: 100 },
  // Each upload may decode an image (CPU, memory): the bytes per day are a separate quota.
  upload: { windowSeconds: 60, perUser: 30, perIp: 120 },
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

/** One budget a request counts against: its key and its limit in this window. */
export interface Budget {
  key: string;
  limit: number;
}

export interface RateLimitStore {
  /**
   * Counts one request against each budget in the current window. Each count is the request's
   * number in its key's window (admitted while ≤ the limit); `resetAt` is the window's end.
   */
  hit(budgets: Budget[], windowSeconds: number): Promise<{ counts: number[]; resetAt: Date }>;
}

/** Units of a budget an instance reserves in one write: a tenth of it, at least one. */
export const blockOf = (limit: number) => Math.max(1, Math.floor(limit / 10));

/** A lease is per key and window length (one key is only ever counted with one window). */
const leaseId = (windowSeconds: number, b: Budget) => `${windowSeconds}:${b.key}`;

/** Units reserved from the shared counter and not yet handed out: numbers `next + 1 … end`. */
interface Lease {
  resetAt: number;
  next: number;
  end: number;
}

/**
 * Shared by every app instance without a database write per request: each instance reserves a
 * block of a key's window (`count += block`, one upsert for all of a request's keys) and hands the
 * units out locally. The units are numbered by the shared counter, so however many instances there
 * are, no more than the limit are ever admitted in a window. The price: units an instance reserved
 * but did not use stay counted, so with several instances a client may be refused up to
 * `block − 1` requests early per instance — for a budget of 30, 2. Budgets under 20 reserve one
 * unit at a time (exact, one write per request).
 */
export class PostgresRateLimitStore implements RateLimitStore {
  private leases = new Map<string, Lease>();
  /** Reservations in flight, so concurrent requests of this process share one instead of racing. */
  private inflight = new Map<string, Promise<void>>();

  constructor(private readonly db: Db) {}

  async hit(budgets: Budget[], windowSeconds: number) {
    const id = (b: Budget) => leaseId(windowSeconds, b);
    for (;;) {
      const now = Date.now();
      const needed = budgets.filter((b) => {
        const lease = this.leases.get(id(b));
        return !lease || lease.resetAt <= now || lease.next >= lease.end;
      });
      if (needed.length === 0) break;
      const waiting = needed.flatMap((b) => this.inflight.get(id(b)) ?? []);
      if (waiting.length) {
        await Promise.all(waiting);
        continue; // others waiting too may have used the new units up: look again
      }
      const reserved = this.reserve(needed, windowSeconds).finally(() => {
        for (const b of needed) this.inflight.delete(id(b));
      });
      for (const b of needed) this.inflight.set(id(b), reserved);
      await reserved;
    }
    // No await from the check above to here: the units taken are the ones just seen.
    const leases = budgets.map((b) => this.leases.get(id(b))!);
    const counts = leases.map((lease) => ++lease.next);
    const resetAt = Math.min(...leases.map((lease) => lease.resetAt));
    if (this.leases.size > 100_000) this.prune(Date.now());
    return { counts, resetAt: new Date(resetAt) };
  }

  /** All keys in one statement, the window computed on the database clock. */
  private async reserve(budgets: Budget[], windowSeconds: number): Promise<void> {
    const windowStart = sql`to_timestamp(floor(extract(epoch from now()) / ${windowSeconds}) * ${windowSeconds})`;
    const rows = await this.db
      .insert(rateLimits)
      .values(budgets.map((b) => ({ key: b.key, windowStart, count: blockOf(b.limit) })))
      .onConflictDoUpdate({
        target: [rateLimits.key, rateLimits.windowStart],
        set: { count: sql`${rateLimits.count} + excluded.count` },
      })
      .returning({ key: rateLimits.key, count: rateLimits.count, windowStart: rateLimits.windowStart });
    for (const b of budgets) {
      const row = rows.find((r) => r.key === b.key)!;
      this.leases.set(leaseId(windowSeconds, b), {
        resetAt: row.windowStart.getTime() + windowSeconds * 1000,
        next: row.count - blockOf(b.limit),
        end: row.count,
      });
    }
  }

  private prune(now: number) {
    for (const [key, lease] of this.leases) if (lease.resetAt <= now) this.leases.delete(key);
  }

  /** Drops windows that ended; run by the background job. */
  async sweep(): Promise<void> {
    await this.db.delete(rateLimits).where(sql`${rateLimits.windowStart} < now() - interval '1 hour'`);
  }
}

/** For a single process (development, one-instance deployments). */
export class MemoryRateLimitStore implements RateLimitStore {
  private windows = new Map<string, { start: number; count: number }>();

  async hit(budgets: Budget[], windowSeconds: number) {
    const size = windowSeconds * 1000;
    const start = Math.floor(Date.now() / size) * size;
    const counts = budgets.map(({ key }) => {
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
    const budgets: Budget[] = [];
    if (who.user && limit.perUser > 0)
      budgets.push({ key: `${name}:user:${who.user}`, limit: limit.perUser * this.scale });
    if (who.ip && limit.perIp > 0) budgets.push({ key: `${name}:ip:${who.ip}`, limit: limit.perIp * this.scale });
    if (limit.perTarget)
      for (const target of new Set(who.targets))
        budgets.push({ key: `${name}:target:${target}`, limit: limit.perTarget * this.scale });
    if (budgets.length === 0) return { ok: true };
    const { counts, resetAt } = await this.store.hit(budgets, limit.windowSeconds);
    if (counts.every((count, i) => count <= budgets[i]!.limit)) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000)) };
  }
}
