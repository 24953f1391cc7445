import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sql } from "drizzle-orm";
import superjson from "superjson";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { rowsOf } from "~/db/client";
import { checkCredentials } from "~/server/auth/sign-in";
import { PostgresRateLimitStore, RateLimiter } from "~/server/security/rate-limit";
import { createContextInner, type SessionUser } from "~/server/context";
import { appRouter, createCaller } from "~/server/root";
import { captureLogs } from "~/server/observability/logger";
import { expectTrpcError } from "../expect-error";
import { callerFor, clientMsgId, createGroup, createUser, type TestDb } from "../harness";
import { createWorld } from "./setup";

/**
 * Authority is read from the database at every use (issue 11): a demotion, a sign-out, a disable
 * or a removal written to the database takes effect on the very next call made with the old token.
 * Expected states come from SQL written here, never from the code under test.
 */
let t: TestDb;
let alice: SessionUser;
let bob: SessionUser;
let carol: SessionUser;

beforeAll(async () => {
  ({
    t,
    users: { alice, bob, carol },
  } = await createWorld({ alice: "Alice", bob: "Bob", carol: "Carol" }));
});
afterAll(() => t.close());
afterEach(() => vi.restoreAllMocks());

const one = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await t.db.execute(query))[0]!;
/** A token as next-auth would hold it: the claims as issued, and the epoch it was issued under. */
const tokenCaller = (user: SessionUser, epoch = 0) =>
  createCaller(createContextInner({ session: { user, epoch }, db: t.db }));

describe("roles come from the database, not the token", () => {
  it("a demotion written to the database takes effect on the next call with the old token", async () => {
    const admin = await createUser(t.db, "Demoted", "admin");
    const direct = await createGroup(t.db, "Alice & Bob", [
      [alice, "member"],
      [bob, "member"],
    ]);
    await t.db.execute(sql`update conversations set kind = 'direct' where id = ${direct}`);
    const first = await callerFor(t.db, bob).message.send({
      conversationId: direct,
      clientMsgId: clientMsgId(),
      body: "first",
    });
    const second = await callerFor(t.db, bob).message.send({
      conversationId: direct,
      clientMsgId: clientMsgId(),
      body: "second",
    });
    const oldToken = tokenCaller(admin); // claims role "admin" for its whole life

    // While the database says admin, the admin's powers hold (the test can fail both ways).
    await oldToken.message.recall({ messageId: first.id, reason: "moderation" });
    await t.db.execute(sql`update users set role = 'user' where id = ${admin.id}`);

    await expectTrpcError(oldToken.message.recall({ messageId: second.id }), "NOT_FOUND");
    await expectTrpcError(oldToken.message.bulkRecall({ userId: bob.id }), "FORBIDDEN");
    await expectTrpcError(oldToken.admin.stats(), "FORBIDDEN");
    const row = await one<{ revoked: boolean; body: string | null }>(
      sql`select revoked_at is not null as revoked, body from messages where id = ${second.id}`,
    );
    expect(row).toEqual({ revoked: false, body: "second" });
    expect(
      (
        await one<{ n: number }>(
          sql`select count(*)::int as n from messages where sender_id = ${bob.id} and revoked_at is not null`,
        )
      ).n,
    ).toBe(1);
  });

  it("a promotion written to the database takes effect without a new token", async () => {
    const promoted = await createUser(t.db, "Promoted");
    const oldToken = tokenCaller(promoted);
    await expectTrpcError(oldToken.admin.stats(), "FORBIDDEN");
    await t.db.execute(sql`update users set role = 'admin' where id = ${promoted.id}`);
    await expect(oldToken.admin.stats()).resolves.toBeTruthy();
  });
});

describe("sessions end in the database", () => {
  it("sign out everywhere: the old token answers UNAUTHORIZED, a token of the new epoch works", async () => {
    const dave = await createUser(t.db, "Dave");
    const phone = tokenCaller(dave, 0);
    const laptop = tokenCaller(dave, 0);
    expect((await phone.user.me()).id).toBe(dave.id);

    await laptop.user.signOutEverywhere();

    expect(
      (await one<{ epoch: number }>(sql`select session_epoch as epoch from users where id = ${dave.id}`)).epoch,
    ).toBe(1);
    await expectTrpcError(phone.user.me(), "UNAUTHORIZED", { appCode: "SESSION_ENDED", message: /session has ended/ });
    await expectTrpcError(phone.conversation.list(), "UNAUTHORIZED");
    await expectTrpcError(laptop.message.search({ query: "x" }), "UNAUTHORIZED");
    expect((await tokenCaller(dave, 1).user.me()).id).toBe(dave.id);
  });

  it("a disabled account's sessions end at once, and it cannot sign in again", async () => {
    const erin = await createUser(t.db, "Erin");
    const email = (await one<{ email: string }>(sql`select email from users where id = ${erin.id}`)).email;
    const session = tokenCaller(erin);
    await session.user.me();
    await t.db.execute(sql`update users set disabled_at = now() where id = ${erin.id}`);
    await expectTrpcError(session.user.me(), "UNAUTHORIZED");
    expect(await checkCredentials(t.db, email, "password123")).toEqual({ ok: false, reason: "disabled" });
    // A wrong password says only "invalid", so the disabled state is not revealed to a guesser.
    expect(await checkCredentials(t.db, email, "wrong password")).toEqual({ ok: false, reason: "invalid" });
  });

  it("a successful sign-in records its time and carries the current epoch; a failed one records nothing", async () => {
    const fay = await createUser(t.db, "Fay");
    const email = (await one<{ email: string }>(sql`select email from users where id = ${fay.id}`)).email;
    await t.db.execute(sql`update users set session_epoch = 7 where id = ${fay.id}`);
    expect(await checkCredentials(t.db, email, "nope nope")).toEqual({ ok: false, reason: "invalid" });
    expect(
      (await one<{ at: Date | null }>(sql`select last_sign_in_at as at from users where id = ${fay.id}`)).at,
    ).toBeNull();
    const result = await checkCredentials(t.db, email, "password123");
    expect(result).toMatchObject({ ok: true, user: { id: fay.id, epoch: 7, role: "user" } });
    expect(
      (
        await one<{ recent: boolean }>(
          sql`select last_sign_in_at > now() - interval '1 minute' as recent from users where id = ${fay.id}`,
        )
      ).recent,
    ).toBe(true);
  });
});

describe("membership is read at every use", () => {
  it("a removed member's replay of an old clientMsgId is NOT_FOUND and returns nothing of the conversation", async () => {
    const team = await createGroup(t.db, "Team", [
      [alice, "owner"],
      [carol, "member"],
    ]);
    const quoted = await callerFor(t.db, alice).message.send({
      conversationId: team,
      clientMsgId: clientMsgId(),
      body: "the quoted text",
    });
    const input = { conversationId: team, clientMsgId: clientMsgId(), body: "carol's reply", replyToId: quoted.id };
    // While a member, a replay answers with the same message (idempotency still works).
    const sent = await callerFor(t.db, carol).message.send(input);
    expect((await callerFor(t.db, carol).message.send(input)).id).toBe(sent.id);

    await callerFor(t.db, alice).conversation.removeMember({ conversationId: team, userId: carol.id });
    const error = await expectTrpcError(callerFor(t.db, carol).message.send(input), "NOT_FOUND");
    expect(JSON.stringify(error)).not.toContain("the quoted text");
    expect(
      (await one<{ n: number }>(sql`select count(*)::int as n from messages where conversation_id = ${team}`)).n,
    ).toBe(2);
  });
});

describe("errors carry no SQL, parameters or message text", () => {
  const SECRET = "the recalled secret 7f3a";

  async function httpCall(user: SessionUser, path: string, input: unknown, kind: "query" | "mutation" = "mutation") {
    const encoded = JSON.stringify(superjson.serialize(input));
    const req =
      kind === "query"
        ? new Request(`http://app.test/api/trpc/${path}?input=${encodeURIComponent(encoded)}`)
        : new Request(`http://app.test/api/trpc/${path}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: encoded,
          });
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      createContext: () => createContextInner({ session: { user }, db: t.db }),
    });
    return { status: res.status, text: await res.text() };
  }

  it("a database error inside message.recall leaks neither the text nor the SQL, to the caller or to the log", async () => {
    const team = await createGroup(t.db, "Secrets", [
      [alice, "owner"],
      [bob, "member"],
    ]);
    const message = await callerFor(t.db, bob).message.send({
      conversationId: team,
      clientMsgId: clientMsgId(),
      body: SECRET,
    });
    // The fault: the vault copy (bound as a parameter of the recall statement) cannot be written.
    await t.db.execute(
      sql.raw(
        `create function test_refuse_vault() returns trigger language plpgsql as $$ begin raise exception 'forced vault failure'; end $$`,
      ),
    );
    await t.db.execute(
      sql.raw(
        `create trigger test_refuse_vault before insert on recall_vault for each row execute function test_refuse_vault()`,
      ),
    );
    const capture = captureLogs();
    try {
      const res = await httpCall(bob, "message.recall", { messageId: message.id });
      expect(res.status).toBe(500);
      expect(res.text).not.toContain(SECRET);
      expect(res.text).not.toMatch(/select|insert|update|params|recall_vault|forced vault failure/i);
      expect(JSON.parse(res.text).error.json.message).toBe("Something went wrong on our side. Please try again.");
      const log = capture.lines.join("\n");
      expect(log).not.toContain(SECRET);
      expect(log).not.toMatch(/params|insert into/i);
      // What the log does say: which procedure failed, with the SQLSTATE (P0001: raise exception).
      const failed = capture.lines
        .map((l) => JSON.parse(l) as { procedure?: string; status?: string; error?: unknown })
        .find((l) => l.procedure === "message.recall");
      expect(failed).toMatchObject({ status: "INTERNAL_SERVER_ERROR" });
      expect(JSON.stringify(failed?.error)).toContain('"sqlstate":"P0001"');
    } finally {
      capture.stop();
      await t.db.execute(sql.raw(`drop trigger test_refuse_vault on recall_vault`));
      await t.db.execute(sql.raw(`drop function test_refuse_vault()`));
    }
    // Nothing half-applied: the message is untouched, and no audit or outbox row was written.
    expect(
      await one<{ body: string; revoked: boolean }>(
        sql`select body, revoked_at is not null as revoked from messages where id = ${message.id}`,
      ),
    ).toEqual({
      body: SECRET,
      revoked: false,
    });
    expect(
      (await one<{ n: number }>(sql`select count(*)::int as n from audit_log where target_message_id = ${message.id}`))
        .n,
    ).toBe(0);
  });

  it("out-of-range dates and cursors are BAD_REQUEST with a sentence, before any query", async () => {
    const farPast = new Date("-271821-04-20T00:00:00.000Z");
    const res = await httpCall(
      alice,
      "message.search",
      { query: "hi", cursor: { createdAt: farPast, id: alice.id } },
      "query",
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain("between the years 1970 and 9999");
    expect(res.text).not.toMatch(/failed query|select|params/i);
    const api = callerFor(t.db, alice);
    await expectTrpcError(
      api.message.search({ query: "hi", cursor: { createdAt: farPast, id: alice.id } }),
      "BAD_REQUEST",
      {
        message: /cursor\.createdAt must be a date between the years 1970 and 9999/,
      },
    );
    await expectTrpcError(
      api.conversation.list({
        limit: 10,
        cursor: { lastMessageAt: new Date("+275000-01-01T00:00:00Z"), id: alice.id },
      }),
      "BAD_REQUEST",
      {
        message: /between the years 1970 and 9999/,
      },
    );
    await expectTrpcError(
      api.message.bulkRecall({ userId: alice.id, conversationId: null, from: farPast }),
      "BAD_REQUEST",
      { message: /from must be a date between/ },
    );
  });
});

describe("directory privacy", () => {
  it("user.search with '' and 'a' returns only people who share a conversation, and no emails", async () => {
    const gina = await createUser(t.db, "Gina");
    const hal = await createUser(t.db, "Hal");
    const stranger = await createUser(t.db, "Aaron Stranger");
    await createGroup(t.db, "Gina's", [
      [gina, "owner"],
      [hal, "member"],
    ]);
    const expected = rowsOf<{ id: string }>(
      await t.db.execute(sql`select distinct theirs.user_id as id from conversation_members mine
        join conversation_members theirs on theirs.conversation_id = mine.conversation_id
        where mine.user_id = ${gina.id} and theirs.user_id <> ${gina.id}`),
    ).map((r) => r.id);
    const api = callerFor(t.db, gina);
    for (const query of ["", "a", "h", "@", "test.local"]) {
      const found = await api.user.search({ query });
      expect(
        found.every((p) => p.email === null),
        `emails returned for "${query}"`,
      ).toBe(true);
      expect(
        found.map((p) => p.id).filter((id) => !expected.includes(id)),
        `strangers returned for "${query}"`,
      ).toEqual([]);
    }
    expect((await api.user.search({ query: "" })).map((p) => p.id)).toEqual([hal.id]);
    expect((await api.user.search({ query: "ha" })).map((p) => p.id)).toEqual([hal.id]);
    expect(await api.user.search({ query: "aaron" })).toEqual([]);
    // An exact email finds the one account (the caller already knew the address), with it.
    const email = (await one<{ email: string }>(sql`select email from users where id = ${stranger.id}`)).email;
    expect(await api.user.search({ query: email.toUpperCase() })).toEqual([
      { id: stranger.id, name: "Aaron Stranger", email },
    ]);
    expect(await api.user.search({ query: email.slice(0, -1) })).toEqual([]);
  });

  it("sign-up answers the same for a taken email and changes nothing of the existing account", async () => {
    const anonymous = callerFor(t.db, null);
    const fresh = await anonymous.user.signUp({ name: "Ivy", email: "ivy@example.com", password: "long enough" });
    const before = await one<{ hash: string; name: string }>(
      sql`select password_hash as hash, name from users where email = 'ivy@example.com'`,
    );
    const taken = await anonymous.user.signUp({
      name: "Not Ivy",
      email: "IVY@example.com",
      password: "another password",
    });
    expect(taken).toEqual(fresh);
    expect(await one(sql`select password_hash as hash, name from users where email = 'ivy@example.com'`)).toEqual(
      before,
    );
    expect(
      (await one<{ n: number }>(sql`select count(*)::int as n from users where email = 'ivy@example.com'`)).n,
    ).toBe(1);
  });

  it("sign-up is limited per IP: the 11th in an hour is TOO_MANY_REQUESTS and creates nothing", async () => {
    const limiter = new RateLimiter(new PostgresRateLimitStore(t.db));
    const from = (ip: string) => createCaller(createContextInner({ session: null, db: t.db, limiter, ip }));
    const signUp = (ip: string, n: number) =>
      from(ip).user.signUp({ name: `Bulk ${n}`, email: `bulk-${ip}-${n}@example.com`, password: "long enough" });
    for (let n = 1; n <= 10; n++) await signUp("203.0.113.7", n);
    await expectTrpcError(signUp("203.0.113.7", 11), "TOO_MANY_REQUESTS", { appCode: "RATE_LIMITED" });
    expect(
      (await one<{ n: number }>(sql`select count(*)::int as n from users where email like 'bulk-203.0.113.7-%'`)).n,
    ).toBe(10);
    await signUp("198.51.100.2", 1); // another address is not affected
  });
});
