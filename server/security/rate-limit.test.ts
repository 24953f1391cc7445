import { describe, expect, it } from "vitest";
import { configuredLimits, LIMITS, MemoryRateLimitStore, RateLimiter } from "./rate-limit";

// Hour-long windows, so a window boundary never falls inside a test.
const HOURLY = Object.fromEntries(
  Object.entries(LIMITS).map(([k, v]) => [k, { ...v, windowSeconds: 3600 }]),
) as typeof LIMITS;

describe("RateLimiter (memory store)", () => {
  it("allows the limit per user, then refuses with a retry-after within the window", async () => {
    const limiter = new RateLimiter(new MemoryRateLimitStore(), 1, HOURLY);
    for (let i = 0; i < LIMITS.recall.perUser; i++)
      expect(await limiter.check("recall", { user: "u1" })).toEqual({ ok: true });
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
    for (let i = 0; i < LIMITS.recall.perUser * 2; i++)
      expect((await limiter.check("recall", { user: "u" })).ok).toBe(true);
    expect((await limiter.check("recall", { user: "u" })).ok).toBe(false);
  });
});

describe("per-target limits", () => {
  it("counts each target separately, whoever asks", async () => {
    const limiter = new RateLimiter(new MemoryRateLimitStore(), 1, HOURLY);
    const perTarget = LIMITS.addedToGroup.perTarget!;
    for (let i = 0; i < perTarget; i++)
      expect((await limiter.check("addedToGroup", { user: `adder${i}`, targets: ["carol"] })).ok).toBe(true);
    expect((await limiter.check("addedToGroup", { user: "someone-else", targets: ["carol"] })).ok).toBe(false);
    expect((await limiter.check("addedToGroup", { user: "someone-else", targets: ["dave"] })).ok).toBe(true);
  });
});

describe("RATE_LIMITS", () => {
  it("overrides only the figures given", () => {
    const limits = configuredLimits('{"signup":{"perIp":3},"search":{"windowSeconds":60}}');
    expect(limits.signup).toEqual({ ...LIMITS.signup, perIp: 3 });
    expect(limits.search).toEqual({ ...LIMITS.search, windowSeconds: 60 });
    expect(limits.send).toEqual(LIMITS.send);
    expect(configuredLimits(undefined)).toBe(LIMITS);
  });

  it("refuses unknown names, unknown fields and bad JSON with the reason", () => {
    expect(() => configuredLimits("{nope")).toThrow(/RATE_LIMITS must be JSON/);
    expect(() => configuredLimits('{"signups":{"perIp":3}}')).toThrow(/RATE_LIMITS/);
    expect(() => configuredLimits('{"signup":{"perIP":3}}')).toThrow(/RATE_LIMITS/);
    expect(() => configuredLimits('{"signup":{"perIp":-1}}')).toThrow(/RATE_LIMITS\.signup\.perIp/);
  });
});
