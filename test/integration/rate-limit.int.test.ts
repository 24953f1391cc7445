import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "~/db/client";
import { conversationMembers, conversations, messages } from "~/db/schema";
import { type SessionUser } from "~/server/context";
import { type RateLimitedError } from "~/server/errors";
import { createContextInner } from "~/server/context";
import { createCaller } from "~/server/root";
import { LIMITS, PostgresRateLimitStore, RateLimiter } from "~/server/security/rate-limit";
import { expectTrpcError } from "../expect-error";
import { clientMsgId, createGroup, createUser, type TestDb } from "../harness";
import { countRows, createWorld } from "./setup";

let t: TestDb;
let alice: SessionUser, bob: SessionUser;
let group: string;

beforeAll(async () => {
  ({
    t,
    users: { alice, bob },
    group,
  } = await createWorld(
    { alice: "Alice", bob: "Bob" },
    { title: "Limits", members: { alice: "owner", bob: "member" } },
  ));
});
afterAll(() => t.close());

/**
 * Each "instance" has its own limiter object; they share counters only through PostgreSQL.
 * Hour-long windows, so a window boundary never falls inside a test.
 */
const TEST_LIMITS = Object.fromEntries(
  Object.entries(LIMITS).map(([k, v]) => [k, { ...v, windowSeconds: 3600 }]),
) as typeof LIMITS;
const instance = () => new RateLimiter(new PostgresRateLimitStore(t.db), 1, TEST_LIMITS);
const caller = (user: SessionUser, limiter: RateLimiter, ip: string) =>
  createCaller(createContextInner({ session: { user }, db: t.db, limiter, ip }));
const count = () => countRows(t.db, messages);

describe("rate limits backed by PostgreSQL", () => {
  it("per user: the send after the limit is TOO_MANY_REQUESTS with a retry-after, counted across two instances, and stores nothing", async () => {
    const [a, b] = [instance(), instance()];
    const limit = LIMITS.send.perUser;
    for (let i = 0; i < limit; i++) {
      await caller(alice, i % 2 ? a : b, "192.0.2.1").message.send({
        conversationId: group,
        clientMsgId: clientMsgId(),
        body: `m${i}`,
      });
    }
    const before = await count();
    const error = await caller(alice, a, "192.0.2.1")
      .message.send({ conversationId: group, clientMsgId: clientMsgId(), body: "one too many" })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    const cause = (error as TRPCError).cause as RateLimitedError;
    expect(cause.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(cause.retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect((error as TRPCError).message).toMatch(/^Too many requests\. Try again in \d+ seconds?\.$/);
    expect(await count()).toBe(before);
    // Bob, on the same IP, still has his own budget.
    await caller(bob, a, "192.0.2.1").message.send({
      conversationId: group,
      clientMsgId: clientMsgId(),
      body: "bob is fine",
    });
  });

  it("per IP: many users behind one address share its budget", async () => {
    const limiter = instance();
    const users = await Promise.all(Array.from({ length: 4 }, (_, i) => createUser(t.db, `Ip${i}`)));
    const conv = await createGroup(
      t.db,
      "IP",
      users.map((u, i) => [u, i === 0 ? "owner" : "member"] as const) as never,
    );
    let limited = 0;
    for (let i = 0; i < LIMITS.recall.perIp + 5; i++) {
      const user = users[i % users.length]!;
      const r = await caller(user, limiter, "198.51.100.7")
        .message.recall({ messageId: "00000000-0000-4000-8000-000000000000" })
        .then(
          () => "ok",
          (e: TRPCError) => e.code,
        );
      if (r === "TOO_MANY_REQUESTS") limited += 1;
      else expect(r).toBe("NOT_FOUND");
    }
    expect(limited).toBe(5);
    expect(conv).toBeTruthy();
  });
});

describe("limits on work that reaches others", () => {
  const groupsOf = async (userId: string) =>
    (
      await t.db
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(conversationMembers)
        .where(sql`${conversationMembers.userId} = ${userId}`)
    )[0]!.n;

  it("a person can be put into only so many groups per hour by people they never wrote to; nothing stored past it", async () => {
    const limiter = instance();
    const [spammer, spammer2, carol, friend] = (await Promise.all(
      ["Spammer", "Spammer2", "Carol", "Friend"].map((n) => createUser(t.db, n)),
    )) as [SessionUser, SessionUser, SessionUser, SessionUser];
    const perTarget = LIMITS.addedToGroup.perTarget!;
    for (let i = 0; i < perTarget; i++) {
      await caller(i % 2 ? spammer : spammer2, limiter, `192.0.2.${i}`).conversation.createGroup({
        title: "Team",
        memberIds: [carol.id],
      });
    }
    expect(await groupsOf(carol.id)).toBe(perTarget);
    const groupsBefore = (await t.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(conversations))[0]!.n;
    await expectTrpcError(
      caller(spammer, limiter, "192.0.2.99").conversation.createGroup({ title: "Team", memberIds: [carol.id] }),
      "TOO_MANY_REQUESTS",
      {
        message:
          /^Someone you are adding was put into many groups recently by people they have not talked to\. Try again in \d+ seconds?\.$/,
      },
    );
    const own = await caller(spammer, limiter, "192.0.2.99").conversation.createGroup({ title: "Mine", memberIds: [] });
    await expectTrpcError(
      caller(spammer, limiter, "192.0.2.99").conversation.addMember({ conversationId: own.id, userId: carol.id }),
      "TOO_MANY_REQUESTS",
    );
    expect(await groupsOf(carol.id)).toBe(perTarget);
    expect((await t.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(conversations))[0]!.n).toBe(
      groupsBefore + 1,
    );

    // Someone Carol has written to in a direct conversation is not a stranger.
    const direct = await caller(friend, limiter, "192.0.2.50").conversation.createDirect({ userId: carol.id });
    await caller(carol, limiter, "192.0.2.51").message.send({
      conversationId: direct.id,
      clientMsgId: clientMsgId(),
      body: "hi friend",
    });
    await caller(friend, limiter, "192.0.2.50").conversation.createGroup({ title: "Real team", memberIds: [carol.id] });
    expect(await groupsOf(carol.id)).toBe(perTarget + 2);
  });

  it("group creation and message search each have a per-user budget", async () => {
    const limiter = instance();
    const [maker, other] = await Promise.all([createUser(t.db, "Maker"), createUser(t.db, "Other")]);
    for (let i = 0; i < LIMITS.createGroup.perUser; i++)
      await caller(maker, limiter, `203.0.113.${i}`).conversation.createGroup({ title: `g${i}`, memberIds: [] });
    await expectTrpcError(
      caller(maker, limiter, "203.0.113.200").conversation.createGroup({ title: "one more", memberIds: [] }),
      "TOO_MANY_REQUESTS",
    );
    for (let i = 0; i < LIMITS.search.perUser; i++)
      await caller(other, limiter, `203.0.113.${i}`).message.search({ query: "hello" });
    await expectTrpcError(
      caller(other, limiter, "203.0.113.201").message.search({ query: "hello" }),
      "TOO_MANY_REQUESTS",
    );
    await caller(maker, limiter, "203.0.113.202").message.search({ query: "hello" });
  });
});

describe("reserved blocks: the shared counter is written once per block, never past the limit", () => {
  const shared = async (key: string) => {
    const [row] = rowsOf<{ n: number }>(
      await t.db.execute(sql`select coalesce(sum(count), 0)::int as n from rate_limits where key = ${key}`),
    );
    return Number(row!.n);
  };
  const budget = (key: string, limit: number) => [{ key, limit }];
  const admitted = (results: { counts: number[] }[], limit: number) =>
    results.filter((r) => r.counts[0]! <= limit).length;

  it("one instance: a budget of 30 reserves 3 units per write, and admits exactly 30 of 40 concurrent requests", async () => {
    const store = new PostgresRateLimitStore(t.db);
    const key = `lease:one:${clientMsgId()}`;
    await store.hit(budget(key, 30), 3600);
    expect(await shared(key)).toBe(3);
    await store.hit(budget(key, 30), 3600);
    await store.hit(budget(key, 30), 3600);
    expect(await shared(key)).toBe(3); // served from the block, no write
    await store.hit(budget(key, 30), 3600);
    expect(await shared(key)).toBe(6);
    // 4 used; 40 more at once: concurrent requests share one reservation instead of racing, so no
    // unit is lost and exactly the remaining 26 are admitted.
    const results = await Promise.all(Array.from({ length: 40 }, () => store.hit(budget(key, 30), 3600)));
    expect(admitted(results, 30)).toBe(26);
  });

  it("two instances hammering one budget concurrently never admit more than the limit together", async () => {
    const [a, b] = [new PostgresRateLimitStore(t.db), new PostgresRateLimitStore(t.db)];
    const key = `lease:two:${clientMsgId()}`;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).hit(budget(key, 30), 3600)),
    );
    const n = admitted(results, 30);
    expect(n).toBeLessThanOrEqual(30);
    // Each instance may hold back at most block − 1 = 2 reserved units.
    expect(n).toBeGreaterThanOrEqual(26);
    // Every admitted request got its own unit number from the shared counter.
    const units = results.map((r) => r.counts[0]!).filter((c) => c <= 30);
    expect(new Set(units).size).toBe(units.length);
  });

  it("budgets under 20 are counted exactly: one write per request", async () => {
    const store = new PostgresRateLimitStore(t.db);
    const key = `lease:small:${clientMsgId()}`;
    for (let i = 1; i <= 3; i++) {
      await store.hit(budget(key, 10), 3600);
      expect(await shared(key)).toBe(i);
    }
  });
});
