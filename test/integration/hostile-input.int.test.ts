import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversations, messages, users } from "~/db/schema";
import { type SessionUser } from "~/server/context";
import { expectTrpcError } from "../expect-error";
import { callerFor, clientMsgId, type TestDb } from "../harness";
import { countRows, createWorld } from "./setup";

let t: TestDb;
let alice: SessionUser;
let group: string;

beforeAll(async () => {
  ({
    t,
    users: { alice },
    group,
  } = await createWorld({ alice: "Alice" }, { title: "Hostile", members: { alice: "owner" } }));
});
afterAll(() => t.close());

const count = () => countRows(t.db, messages);
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
    await expectTrpcError(api.message.history({ conversationId: group, limit: 1e9 }), "BAD_REQUEST", {
      message: /at most 100/,
    });
    await expectTrpcError(api.conversation.list({ limit: 100_000 }), "BAD_REQUEST", { message: /at most 100/ });
    await expectTrpcError(api.message.history({ conversationId: group, before: -5 }), "BAD_REQUEST");
    await expectTrpcError(api.sync.changes({ conversationId: group, afterVersion: -1 }), "BAD_REQUEST", {
      message: /cannot be negative/,
    });
    await expectTrpcError(api.sync.changes({ conversationId: group, afterVersion: 1.5 }), "BAD_REQUEST", {
      message: /whole number/,
    });
    await expectTrpcError(api.message.search({ query: "x", limit: 10_000 }), "BAD_REQUEST", { message: /at most 50/ });
  });

  it("control characters in titles, names and reasons are refused too", async () => {
    const api = callerFor(t.db, alice);
    await expectTrpcError(api.conversation.createGroup({ title: "evil\u0000", memberIds: [] }), "BAD_REQUEST", {
      message: /control characters/,
    });
    await expectTrpcError(
      callerFor(t.db, null).user.signUp({ name: "a\u001b[31m", email: "ansi@example.com", password: "long enough" }),
      "BAD_REQUEST",
      {
        message: /control characters/,
      },
    );
    const m = await send({ body: "to recall" });
    await expectTrpcError(api.message.recall({ messageId: m.id, reason: "why\u0000" }), "BAD_REQUEST", {
      message: /control characters/,
    });
  });
});

describe("names and titles that spoof", () => {
  const rows = async () => ({
    users: await countRows(t.db, users),
    groups: (await t.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(conversations))[0]!.n,
  });

  it.each([
    ["right-to-left override", "Bob\u202Egnp.exe", /invisible or text-direction character \(U\+202E\)/],
    ["isolate", "\u2067Bob", /U\+2067/],
    ["zero-width space", "Al\u200Bice", /U\+200B/],
    ["zero-width joiner", "Al\u200Dice", /U\+200D/],
    ["byte-order mark inside", "Ali\uFEFFce", /U\+FEFF/],
    ["Hangul filler (renders blank)", "\u3164", /U\+3164/],
  ])("a name or title with a %s is refused and nothing is stored", async (_label, value, message) => {
    const before = await rows();
    await expectTrpcError(
      callerFor(t.db, null).user.signUp({
        name: value,
        email: `spoof-${clientMsgId()}@test.local`,
        password: "long enough",
      }),
      "BAD_REQUEST",
      { message },
    );
    await expectTrpcError(
      callerFor(t.db, alice).conversation.createGroup({ title: value, memberIds: [] }),
      "BAD_REQUEST",
      { message },
    );
    expect(await rows()).toEqual(before);
  });

  it.each(["Admin", "Аdmin", "ADMIN ", "Team Admin", "管理员"])(
    "the staff-like name %j is reserved at sign-up",
    async (name) => {
      const before = await rows();
      await expectTrpcError(
        callerFor(t.db, null).user.signUp({
          name,
          email: `reserved-${clientMsgId()}@test.local`,
          password: "long enough",
        }),
        "BAD_REQUEST",
        {
          message: /reserved for the service's administrators/,
        },
      );
      expect(await rows()).toEqual(before);
    },
  );

  it("names are stored NFC-normalised; message bodies keep direction characters as sent", async () => {
    const email = `nfc-${clientMsgId()}@test.local`;
    await callerFor(t.db, null).user.signUp({ name: "Zoe\u0308", email, password: "long enough" });
    const [row] = await t.db.select({ name: users.name }).from(users).where(eq(users.email, email));
    expect(row!.name).toBe("Zo\u00EB");
    const body = "quote: \u202Eolleh\u202C and a\u200Bb";
    const m = await send({ body });
    const [stored] = await t.db.select({ body: messages.body }).from(messages).where(eq(messages.id, m.id));
    expect(stored!.body).toBe(body);
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
    const found = await callerFor(t.db, alice).message.search({
      query: body.trim().slice(0, 20),
      conversationId: group,
    });
    expect(found.results.map((r) => r.id)).toContain(m.id);
  });

  it("a search for wildcards matches them literally, not everything", async () => {
    await send({ body: "plain words" });
    await send({ body: "done 100% _done_" });
    const r = await callerFor(t.db, alice).message.search({ query: "0% _don", conversationId: group });
    expect(r.results.length).toBeGreaterThanOrEqual(1);
    expect(r.results.every((x) => x.body?.includes("0% _don"))).toBe(true);
  });

  it.each(["%", "%_".repeat(50), "ab", " a%_b "])(
    "a search with fewer than 3 letters or digits (%j) is refused with a clear error",
    async (query) => {
      await expectTrpcError(callerFor(t.db, alice).message.search({ query }), "BAD_REQUEST", {
        message: /Type at least 3 letters or digits \(2 Chinese characters\) to search\./,
      });
    },
  );
});
