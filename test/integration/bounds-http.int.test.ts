import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "~/db/schema";
import { createContextInner, type SessionUser } from "~/server/context";
import { clientIp, PEER_HEADER } from "~/server/security/client-ip";
import { LIMITS, MemoryRateLimitStore, RateLimiter } from "~/server/security/rate-limit";
import { handleTrpcRequest } from "~/server/trpc-http";
import { createTestDb, createUser, type TestDb } from "../harness";
import { type Refusal, refusalOf, trpcClient, type TrpcFetch } from "../trpc-client";

/**
 * The real tRPC HTTP handler (batching, limits, context per request) against a real database,
 * called by the typed client (batched where a test sends a batch). Who is signed in is given to
 * the context directly instead of by a cookie; the client IP comes from the peer header exactly
 * as in production, since that is what is under test.
 */
let t: TestDb;
let bob: SessionUser;
let limiter: RateLimiter;

beforeAll(async () => {
  t = await createTestDb();
  bob = await createUser(t.db, "Bob");
});
afterAll(() => t.close());

const hourly = Object.fromEntries(
  Object.entries(LIMITS).map(([k, v]) => [k, { ...v, windowSeconds: 3600 }]),
) as typeof LIMITS;
const freshLimiter = () => (limiter = new RateLimiter(new MemoryRateLimitStore(), 1, hourly));

/**
 * A typed client whose requests the handler answers in-process. `sent.requests` counts the HTTP
 * requests it made, so a test can tell that concurrent calls really went as one batch.
 */
function client(init: { user?: SessionUser; peer?: string; forwardedFor?: string; batch?: boolean | number } = {}) {
  const sent = { requests: 0 };
  const fetch: TrpcFetch = (input, request) => {
    sent.requests++;
    const headers = new Headers(request?.headers);
    headers.set(PEER_HEADER, init.peer ?? "192.0.2.10");
    if (init.forwardedFor) headers.set("x-forwarded-for", init.forwardedFor);
    const body = typeof request?.body === "string" ? request.body : undefined;
    return handleTrpcRequest(
      new Request(String(input), { method: request?.method, headers, body }),
      async ({ req: r, batchSize }) =>
        createContextInner({
          session: init.user ? { user: init.user } : null,
          db: t.db,
          limiter,
          ip: clientIp(r.headers, 0),
          batchSize,
        }),
      10,
    );
  };
  return { api: trpcClient({ url: "http://app.test/api/trpc", fetch, batch: init.batch }), sent };
}

/** Every call's refusal (each must be refused). */
async function refusals(calls: Promise<unknown>[]): Promise<Refusal[]> {
  const settled = await Promise.allSettled(calls);
  return settled.map((s) => {
    expect(s.status, "expected the call to be refused").toBe("rejected");
    const refusal = refusalOf((s as PromiseRejectedResult).reason);
    expect(refusal?.httpStatus, String((s as PromiseRejectedResult).reason)).not.toBeNull();
    return refusal!;
  });
}

const signUpInput = (tag: string) => ({
  name: `Spam ${tag}`,
  email: `spam-${tag}-${randomUUID().slice(0, 6)}@test.local`,
  password: "long enough pw",
});
const spamUsers = async () =>
  (
    await t.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(users)
      .where(sql`${users.email} like 'spam-%'`)
  )[0]!.n;

describe("tRPC batches", () => {
  it("a 60-call sign-up batch is refused whole and stores nothing, while another user's user.me answers within 1 s", async () => {
    freshLimiter();
    const attacker = client({ batch: 60 });
    const attack = refusals(
      Array.from({ length: 60 }, (_, i) => attacker.api.user.signUp.mutate(signUpInput(`a${i}`))),
    );
    const started = performance.now();
    const me = await client({ user: bob }).api.user.me.query();
    const meMs = performance.now() - started;
    const refused = await attack;
    expect(me.id).toBe(bob.id);
    expect(meMs).toBeLessThan(1000);
    expect(attacker.sent.requests).toBe(1);
    expect(refused).toHaveLength(60);
    for (const r of refused) {
      expect(r.httpStatus).toBe(400);
      expect(r.message).toBe("Too many calls in one request: send them in smaller batches.");
    }
    expect(await spamUsers()).toBe(0);
  });

  it("any batch over the cap is refused before a call runs; a batch at the cap is served", async () => {
    freshLimiter();
    const over = client({ user: bob, batch: 11 });
    const refused = await refusals(Array.from({ length: 11 }, () => over.api.user.me.query()));
    expect(over.sent.requests).toBe(1);
    expect(refused.map((r) => r.httpStatus)).toEqual(Array(11).fill(400));
    const atCap = client({ user: bob, batch: true });
    const results = await Promise.all(Array.from({ length: 10 }, () => atCap.api.user.me.query()));
    expect(atCap.sent.requests).toBe(1);
    expect(results.map((r) => r.id)).toEqual(Array(10).fill(bob.id));
  });

  it("sign-up inside a batch is refused call by call, even within the cap, and stores nothing", async () => {
    freshLimiter();
    const batch = client({ batch: true });
    const refused = await refusals(
      Array.from({ length: 5 }, (_, i) => batch.api.user.signUp.mutate(signUpInput(`b${i}`))),
    );
    expect(batch.sent.requests).toBe(1);
    expect(refused).toHaveLength(5);
    for (const r of refused) {
      expect(r.code).toBe("BAD_REQUEST");
      expect(r.message).toBe("This action cannot be combined with others in one request; send it on its own.");
    }
    expect(await spamUsers()).toBe(0);
  });
});

describe("sign-up per IP", () => {
  it("the sign-up after the IP's budget is 429 with Retry-After; a new spoofed X-Forwarded-For each time does not help", async () => {
    freshLimiter();
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.signup.perIp + 2; i++) {
      const { api } = client({ peer: "198.51.100.20", forwardedFor: `203.0.113.${i}, 127.0.0.1` });
      try {
        await api.user.signUp.mutate(signUpInput(`c${i}`));
        statuses.push(200);
      } catch (error) {
        const refusal = refusalOf(error);
        expect(refusal?.httpStatus, String(error)).toBe(429);
        expect(Number(refusal!.response?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        statuses.push(429);
      }
    }
    expect(statuses).toEqual([...Array(LIMITS.signup.perIp).fill(200), 429, 429]);
    expect(await spamUsers()).toBe(LIMITS.signup.perIp);
    // Another address still can.
    await client({ peer: "198.51.100.21" }).api.user.signUp.mutate(signUpInput("d"));
    expect(await spamUsers()).toBe(LIMITS.signup.perIp + 1);
  });
});
