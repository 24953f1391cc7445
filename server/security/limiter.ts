import { getDb } from "~/server/db";
import { getEnv } from "~/server/env";
import { configuredLimits, MemoryRateLimitStore, PostgresRateLimitStore, RateLimiter } from "./rate-limit";

const g = globalThis as unknown as { recallLimiter?: Promise<{ limiter: RateLimiter; sweep: () => Promise<void> }> };

/** The process's limiter, with the store chosen by RATE_LIMIT_STORE. */
export function getLimiter() {
  g.recallLimiter ??= (async () => {
    const env = getEnv();
    const limits = configuredLimits(env.RATE_LIMITS);
    if (env.RATE_LIMIT_STORE === "memory") {
      return { limiter: new RateLimiter(new MemoryRateLimitStore(), env.RATE_LIMIT_SCALE, limits), sweep: async () => undefined };
    }
    const store = new PostgresRateLimitStore(await getDb());
    return { limiter: new RateLimiter(store, env.RATE_LIMIT_SCALE, limits), sweep: () => store.sweep() };
  })();
  // A database that was down at first use must not disable limits for good.
  g.recallLimiter.catch(() => (g.recallLimiter = undefined));
  return g.recallLimiter;
}
