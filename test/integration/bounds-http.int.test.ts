import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "~/db/schema";
import { createContextInner, type SessionUser } from "~/server/context";
import { clientIp, PEER_HEADER } from "~/server/security/client-ip";
import { LIMITS, MemoryRateLimitStore, RateLimiter } from "~/server/security/rate-limit";
import { handleTrpcRequest } from "~/server/trpc-http";
import { createTestDb, createUser, type TestDb } from "../harness";

/**
 * The real tRPC HTTP handler (batching, limits, context per request) against a real database.
 * Who is signed in comes from a test header instead of a cookie; the client IP comes from the
 * peer header exactly as in production, since that is what is under test.
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

function send(
  path: string,
  init: { body?: unknown; user?: SessionUser; peer?: string; forwardedFor?: string; batch?: boolean } = {},
) {
  const headers = new Headers({ "content-type": "application/json", [PEER_HEADER]: init.peer ?? "192.0.2.10" });
  if (init.forwardedFor) headers.set("x-forwarded-for", init.forwardedFor);
  const url = `http://app.test/api/trpc/${path}${init.batch ? "?batch=1" : ""}`;
  const req = new Request(
    url,
    init.body === undefined ? { headers } : { method: "POST", headers, body: JSON.stringify(init.body) },
  );
  return handleTrpcRequest(
    req,
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
}

const signUpInput = (tag: string) => ({
  json: {
    name: `Spam ${tag}`,
    email: `spam-${tag}-${randomUUID().slice(0, 6)}@test.local`,
    password: "long enough pw",
  },
});
const batchOf = (n: number, call: (i: number) => unknown) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), call(i)]));
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
    const attack = send(Array(60).fill("user.signUp").join(","), {
      body: batchOf(60, (i) => signUpInput(`a${i}`)),
      batch: true,
    });
    const started = performance.now();
    const me = await send("user.me", { user: bob });
    const meMs = performance.now() - started;
    const refused = await attack;
    expect(me.status).toBe(200);
    expect(meMs).toBeLessThan(1000);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain(
      "Too many calls in one request: send them in smaller batches.",
    );
    expect(await spamUsers()).toBe(0);
  });

  it("any batch over the cap is refused before a call runs; a batch at the cap is served", async () => {
    freshLimiter();
    const over = await send(Array(11).fill("user.me").join(","), { user: bob, batch: true });
    expect(over.status).toBe(400);
    const atCap = await send(Array(10).fill("user.me").join(","), { user: bob, batch: true });
    expect(atCap.status).toBe(200);
    const results = (await atCap.json()) as { result?: { data: { json: { id: string } } } }[];
    expect(results.map((r) => r.result?.data.json.id)).toEqual(Array(10).fill(bob.id));
  });

  it("sign-up inside a batch is refused call by call, even within the cap, and stores nothing", async () => {
    freshLimiter();
    const res = await send(Array(5).fill("user.signUp").join(","), {
      body: batchOf(5, (i) => signUpInput(`b${i}`)),
      batch: true,
    });
    const body = (await res.json()) as { error?: { json: { message: string; data: { code: string } } } }[];
    expect(body).toHaveLength(5);
    for (const r of body) {
      expect(r.error?.json.data.code).toBe("BAD_REQUEST");
      expect(r.error?.json.message).toBe(
        "This action cannot be combined with others in one request; send it on its own.",
      );
    }
    expect(await spamUsers()).toBe(0);
  });
});

describe("sign-up per IP", () => {
  it("the sign-up after the IP's budget is 429 with Retry-After; a new spoofed X-Forwarded-For each time does not help", async () => {
    freshLimiter();
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.signup.perIp + 2; i++) {
      const res = await send("user.signUp", {
        body: signUpInput(`c${i}`),
        peer: "198.51.100.20",
        forwardedFor: `203.0.113.${i}, 127.0.0.1`,
      });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    expect(statuses).toEqual([...Array(LIMITS.signup.perIp).fill(200), 429, 429]);
    expect(await spamUsers()).toBe(LIMITS.signup.perIp);
    // Another address still can.
    expect((await send("user.signUp", { body: signUpInput("d"), peer: "198.51.100.21" })).status).toBe(200);
  });
});
