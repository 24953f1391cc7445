import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "~/db/schema";
import { type SessionUser } from "~/server/context";
import { expectTrpcError } from "../expect-error";
import { callerFor, clientMsgId, createGroup, createTestDb, createUser, type TestDb } from "../harness";

let t: TestDb;
let alice: SessionUser;
let group: string;

beforeAll(async () => {
  t = await createTestDb();
  alice = await createUser(t.db, "Alice");
  group = await createGroup(t.db, "Hostile", [[alice, "owner"]]);
});
afterAll(() => t.close());

const count = async () => (await t.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(messages))[0]!.n;
// Deliberately untyped: a modified client can send anything.
const send = (input: Record<string, unknown>) =>
  callerFor(t.db, alice).message.send({ conversationId: group, clientMsgId: clientMsgId(), ...input } as never);

describe("hostile input: a clear error and nothing stored", () => {
  it.each([
    ["a NUL byte", "hello\u0000world", /control characters/],
    ["other control characters", "bell\u0007", /control characters/],
    ["an unpaired surrogate", "broken \uD83D emoji", /invalid Unicode/],
    ["a lone low surrogate", "\uDE00", /invalid Unicode/],
    ["1 MB of text", "x".repeat(1_000_000), /at most 4000/],
  ])("%s in a message body", async (_label, body, message) => {
    const before = await count();
    await expectTrpcError(send({ body }), "BAD_REQUEST", { message });
    expect(await count()).toBe(before);
  });

  it.each([
    ["a number as body", { body: 123 }, /A message must be text/],
    ["an object as conversationId", { body: "hi", conversationId: { $ne: null } }, /conversationId/],
    ["an array as replyToId", { body: "hi", replyToId: ["x"] }, /replyToId/],
  ])("wrong types: %s", async (_label, input, message) => {
    const before = await count();
    await expectTrpcError(send(input), "BAD_REQUEST", { message });
    expect(await count()).toBe(before);
  });

  it("huge pagination limits and negative cursors are refused", async () => {
    const api = callerFor(t.db, alice);
    await expectTrpcError(api.message.history({ conversationId: group, limit: 1e9 }), "BAD_REQUEST", { message: /at most 100/ });
    await expectTrpcError(api.conversation.list({ limit: 100_000 }), "BAD_REQUEST", { message: /at most 100/ });
    await expectTrpcError(api.message.history({ conversationId: group, before: -5 }), "BAD_REQUEST");
    await expectTrpcError(api.sync.changes({ conversationId: group, afterVersion: -1 }), "BAD_REQUEST", { message: /cannot be negative/ });
    await expectTrpcError(api.sync.changes({ conversationId: group, afterVersion: 1.5 }), "BAD_REQUEST", { message: /whole number/ });
    await expectTrpcError(api.message.search({ query: "x", limit: 10_000 }), "BAD_REQUEST", { message: /at most 50/ });
  });

  it("control characters in titles, names and reasons are refused too", async () => {
    const api = callerFor(t.db, alice);
    await expectTrpcError(api.conversation.createGroup({ title: "evil\u0000", memberIds: [] }), "BAD_REQUEST", { message: /control characters/ });
    await expectTrpcError(callerFor(t.db, null).user.signUp({ name: "a\u001b[31m", email: "ansi@example.com", password: "long enough" }), "BAD_REQUEST", {
      message: /control characters/,
    });
    const m = await send({ body: "to recall" });
    await expectTrpcError(api.message.recall({ messageId: m.id, reason: "why\u0000" }), "BAD_REQUEST", { message: /control characters/ });
  });
});

describe("hostile input stored safely, verbatim", () => {
  it.each([
    ["SQL", "'; DROP TABLE messages; --"],
    ["a LIKE wildcard", "100% _done_ \\"],
    ["HTML", `<img src=x onerror="alert(1)"><script>alert(2)</script>`],
    ["emoji and Chinese", "撤回 👍🏽 👨‍👩‍👧 \u00e9"],
    ["newlines and tabs", "line 1\nline 2\tindented\r\n"],
  ])("%s", async (_label, body) => {
    const m = await send({ body });
    const [row] = await t.db.select({ body: messages.body }).from(messages).where(eq(messages.id, m.id));
    expect(row?.body).toBe(body.trim());
    const found = await callerFor(t.db, alice).message.search({ query: body.trim().slice(0, 20), conversationId: group });
    expect(found.results.map((r) => r.id)).toContain(m.id);
  });

  it("a search for wildcards matches them literally, not everything", async () => {
    await send({ body: "plain words" });
    const r = await callerFor(t.db, alice).message.search({ query: "%", conversationId: group });
    expect(r.results.every((x) => x.body?.includes("%"))).toBe(true);
  });
});
