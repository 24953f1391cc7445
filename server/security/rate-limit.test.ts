import { describe, expect, it } from "vitest";
import { clientIp, LIMITS, MemoryRateLimitStore, RateLimiter } from "./rate-limit";

// Hour-long windows, so a window boundary never falls inside a test.
const HOURLY = Object.fromEntries(Object.entries(LIMITS).map(([k, v]) => [k, { ...v, windowSeconds: 3600 }])) as typeof LIMITS;

describe("RateLimiter (memory store)", () => {
  it("allows the limit per user, then refuses with a retry-after within the window", async () => {
    const limiter = new RateLimiter(new MemoryRateLimitStore(), 1, HOURLY);
    for (let i = 0; i < LIMITS.recall.perUser; i++) expect(await limiter.check("recall", { user: "u1" })).toEqual({ ok: true });
    const denied = await limiter.check("recall", { user: "u1" });
    expect(denied.ok).toBe(false);
    expect(!denied.ok && denied.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(!denied.ok && denied.retryAfterSeconds).toBeLessThanOrEqual(3600);
    // Another user is not affected.
    expect(await limiter.check("recall", { user: "u2" })).toEqual({ ok: true });
  });

  it("also limits per IP across users", async () => {
    const limiter = new RateLimiter(new MemoryRateLimitStore(), 1, HOURLY);
    let denied = 0;
    for (let i = 0; i < LIMITS.signin.perIp + 1; i++) {
      const r = await limiter.check("signin", { user: `email${i}`, ip: "10.0.0.1" });
      if (!r.ok) denied += 1;
    }
    expect(denied).toBe(1);
  });

  it("scales limits for load tests", async () => {
    const limiter = new RateLimiter(new MemoryRateLimitStore(), 2, HOURLY);
    for (let i = 0; i < LIMITS.recall.perUser * 2; i++) expect((await limiter.check("recall", { user: "u" })).ok).toBe(true);
    expect((await limiter.check("recall", { user: "u" })).ok).toBe(false);
  });
});

describe("clientIp", () => {
  it("takes the first forwarded hop", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.5, 10.0.0.1" }))).toBe("203.0.113.5");
    expect(clientIp(new Headers({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientIp(new Headers())).toBeNull();
  });
});
