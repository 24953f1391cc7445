import { getDb } from "~/server/db-handle";
import { getEnv } from "~/server/env";
import { metrics } from "~/server/observability/metrics";
import { configuredLimits, MemoryRateLimitStore, PostgresRateLimitStore, RateLimiter } from "./rate-limit";

const g = globalThis as unknown as { recallLimiter?: Promise<{ limiter: RateLimiter; sweep: () => Promise<void> }> };

/** Counts refusals for /api/metrics; the limiter itself stays unaware of metrics. */
function counted(limiter: RateLimiter): RateLimiter {
  const check = limiter.check.bind(limiter);
  limiter.check = async (...args: Parameters<RateLimiter["check"]>) => {
    const decision = await check(...args);
    if (!decision.ok) metrics().rateLimitRefusals.inc({ limit: args[0] });
    return decision;
  };
  return limiter;
}

/** The process's limiter, with the store chosen by RATE_LIMIT_STORE. */
export function getLimiter() {
  g.recallLimiter ??= (async () => {
    const env = getEnv();
    const limits = configuredLimits(env.RATE_LIMITS);
    if (env.RATE_LIMIT_STORE === "memory") {
      return {
        limiter: counted(new RateLimiter(new MemoryRateLimitStore(), env.RATE_LIMIT_SCALE, limits)),
        sweep: async () => undefined,
      };
    }
    const store = new PostgresRateLimitStore(await getDb());
    return { limiter: counted(new RateLimiter(store, env.RATE_LIMIT_SCALE, limits)), sweep: () => store.sweep() };
  })();
  // A database that was down at first use must not disable limits for good.
  g.recallLimiter.catch(() => (g.recallLimiter = undefined));
  return g.recallLimiter;
}
