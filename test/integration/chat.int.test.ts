import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "~/db/client";
import { conversationMembers, messages, users } from "~/db/schema";
import { type SessionUser } from "~/server/context";
import { expectTrpcError } from "../expect-error";
import { callerFor, clientMsgId, createGroup, type TestDb } from "../harness";
import { countRows, createWorld } from "./setup";

let t: TestDb;
let alice: SessionUser, bob: SessionUser, carol: SessionUser, eve: SessionUser;
let group: string;

beforeAll(async () => {
  ({
    t,
    users: { alice, bob, carol, eve },
    group,
  } = await createWorld(
    { alice: "Alice", bob: "Bob", carol: "Carol", eve: "Eve" },
    { title: "Team", members: { alice: "owner", bob: "member", carol: "admin" } },
  ));
});
afterAll(() => t.close());

const countMessages = () => countRows(t.db, messages);

describe("sending", () => {
  it("assigns increasing seq and versions, and a retry with the same clientMsgId returns the same message", async () => {
    const api = callerFor(t.db, alice);
    const id = clientMsgId();
    const first = await api.message.send({ conversationId: group, clientMsgId: id, body: "  hello team  " });
    const retry = await api.message.send({ conversationId: group, clientMsgId: id, body: "hello team" });
    expect(retry.id).toBe(first.id);
    expect(first.body).toBe("hello team");
    const second = await api.message.send({ conversationId: group, clientMsgId: clientMsgId(), body: "second" });
    expect(second.seq).toBe(first.seq + 1);
    expect(second.version).toBeGreaterThan(first.version);
  });

  it("answers with the message as stored (read back with SQL), a recalled quote without its text", async () => {
    const api = callerFor(t.db, bob);
    const quoted = await callerFor(t.db, carol).message.send({
      conversationId: group,
      clientMsgId: clientMsgId(),
      body: "to be taken back",
    });
    await callerFor(t.db, carol).message.recall({ messageId: quoted.id });
    const id = clientMsgId();
    const sent = await api.message.send({
      conversationId: group,
      clientMsgId: id,
      body: "replying",
      replyToId: quoted.id,
    });
    const [row] = rowsOf<{
      id: string;
      seq: number;
      version: number;
      created_at: string;
      sender_name: string;
      body: string;
    }>(
      await t.db.execute(sql`
        select m.id, m.seq::int as seq, m.version::int as version,
               to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
               u.name as sender_name, m.body
          from messages m join users u on u.id = m.sender_id
         where m.sender_id = ${bob.id} and m.client_msg_id = ${id}`),
    );
    expect(sent).toEqual({
      id: row!.id,
      conversationId: group,
      seq: row!.seq,
      version: row!.version,
      kind: "text",
      sender: { id: bob.id, name: row!.sender_name },
      clientMsgId: id,
      body: row!.body,
      attachments: [], // none were sent (attachments.int.test.ts covers them)
      createdAt: new Date(row!.created_at),
      replyTo: { id: quoted.id, seq: quoted.seq, senderName: "Carol", body: null, attachments: [], recalled: true },
      edited: null,
      recall: null,
      restored: false,
    });
  });

  it("concurrent retries of one send create one message", async () => {
    const api = callerFor(t.db, bob);
    const id = clientMsgId();
    const before = await countMessages();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => api.message.send({ conversationId: group, clientMsgId: id, body: "once" })),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await countMessages()).toBe(before + 1);
  });

  it("rejects bad input with a specific message and stores nothing", async () => {
    const api = callerFor(t.db, alice);
    const before = await countMessages();
    await expectTrpcError(
      api.message.send({ conversationId: group, clientMsgId: clientMsgId(), body: "   " }),
      "BAD_REQUEST",
      { message: /cannot be empty/ },
    );
    await expectTrpcError(
      api.message.send({ conversationId: group, clientMsgId: clientMsgId(), body: "x".repeat(4001) }),
      "BAD_REQUEST",
      { message: /at most 4000/ },
    );
    await expectTrpcError(
      api.message.send({ conversationId: "not-a-uuid", clientMsgId: clientMsgId(), body: "hi" }),
      "BAD_REQUEST",
      { message: /conversationId must be a valid id/ },
    );
    await expectTrpcError(
      api.message.send({ conversationId: group, clientMsgId: "bad id!", body: "hi" }),
      "BAD_REQUEST",
      { message: /clientMsgId/ },
    );
    expect(await countMessages()).toBe(before);
  });

  it("hides the conversation from non-members and refuses signed-out callers", async () => {
    const before = await countMessages();
    await expectTrpcError(
      callerFor(t.db, eve).message.send({ conversationId: group, clientMsgId: clientMsgId(), body: "intrusion" }),
      "NOT_FOUND",
    );
    await expectTrpcError(callerFor(t.db, eve).message.history({ conversationId: group }), "NOT_FOUND");
    await expectTrpcError(callerFor(t.db, eve).conversation.byId({ id: group }), "NOT_FOUND");
    await expectTrpcError(callerFor(t.db, null).message.history({ conversationId: group }), "UNAUTHORIZED");
    await expectTrpcError(callerFor(t.db, null).conversation.list(), "UNAUTHORIZED");
    expect(await countMessages()).toBe(before);
  });

  it("a reply must quote a message of the same conversation", async () => {
    const api = callerFor(t.db, alice);
    const other = await createGroup(t.db, "Other", [[alice, "owner"]]);
    const foreign = await api.message.send({ conversationId: other, clientMsgId: clientMsgId(), body: "elsewhere" });
    await expectTrpcError(
      api.message.send({ conversationId: group, clientMsgId: clientMsgId(), body: "re", replyToId: foreign.id }),
      "BAD_REQUEST",
      { message: /not in this conversation/ },
    );
    const original = await api.message.send({ conversationId: group, clientMsgId: clientMsgId(), body: "quote me" });
    const reply = await callerFor(t.db, bob).message.send({
      conversationId: group,
      clientMsgId: clientMsgId(),
      body: "re",
      replyToId: original.id,
    });
    expect(reply.replyTo).toMatchObject({ id: original.id, body: "quote me", recalled: false, senderName: "Alice" });
  });
});

describe("history", () => {
  it("pages backwards and forwards by seq without gaps or overlaps", async () => {
    const conv = await createGroup(t.db, "Paging", [
      [alice, "owner"],
      [bob, "member"],
    ]);
    const api = callerFor(t.db, alice);
    for (let i = 1; i <= 12; i++)
      await api.message.send({ conversationId: conv, clientMsgId: clientMsgId(), body: `m${i}` });
    const latest = await api.message.history({ conversationId: conv, limit: 5 });
    expect(latest.messages.map((m) => m.body)).toEqual(["m8", "m9", "m10", "m11", "m12"]);
    expect(latest.hasMore).toBe(true);
    const older = await api.message.history({ conversationId: conv, before: latest.messages[0]!.seq, limit: 5 });
    expect(older.messages.map((m) => m.body)).toEqual(["m3", "m4", "m5", "m6", "m7"]);
    const oldest = await api.message.history({ conversationId: conv, before: older.messages[0]!.seq, limit: 5 });
    expect(oldest.messages.map((m) => m.body)).toEqual(["m1", "m2"]);
    expect(oldest.hasMore).toBe(false);
    const forward = await api.message.history({ conversationId: conv, after: 10, limit: 5 });
    expect(forward.messages.map((m) => m.seq)).toEqual([11, 12]);
    await expect(api.message.history({ conversationId: conv, limit: 1000 })).rejects.toThrow(/at most 100/);
  });
});

describe("conversation list, unread and read state", () => {
  it("shows the last message as preview and counts unread messages from others", async () => {
    const conv = await createGroup(t.db, "Unread", [
      [alice, "owner"],
      [bob, "member"],
    ]);
    const a = callerFor(t.db, alice);
    const b = callerFor(t.db, bob);
    await a.message.send({ conversationId: conv, clientMsgId: clientMsgId(), body: "one" });
    const two = await a.message.send({ conversationId: conv, clientMsgId: clientMsgId(), body: "two" });
    const item = (await b.conversation.list()).items.find((c) => c.id === conv)!;
    expect(item.unread).toBe(2);
    expect(item.preview?.body).toBe("two");
    expect((await a.conversation.list()).items.find((c) => c.id === conv)!.unread).toBe(0);
    await b.message.markRead({ conversationId: conv, seq: two.seq });
    expect((await b.conversation.list()).items.find((c) => c.id === conv)!.unread).toBe(0);
    // Reading never goes backwards, nor beyond the last message.
    await b.message.markRead({ conversationId: conv, seq: 1 });
    const after = await b.message.markRead({ conversationId: conv, seq: 999 });
    expect(after.lastReadSeq).toBe(two.seq);
  });

  it("orders by last activity and pages with a cursor", async () => {
    const api = callerFor(t.db, carol);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await api.conversation.createGroup({ title: `Order ${i}`, memberIds: [] });
      await api.message.send({ conversationId: id, clientMsgId: clientMsgId(), body: `hi ${i}` });
      ids.push(id);
    }
    const first = await api.conversation.list({ limit: 2 });
    expect(first.items.map((i) => i.id)).toEqual([ids[2], ids[1]]);
    const next = await api.conversation.list({ limit: 2, cursor: first.nextCursor! });
    expect(next.items[0]!.id).toBe(ids[0]);
  });
});

describe("conversations and members", () => {
  it("a direct conversation is created once per pair and titled with the other person", async () => {
    const a = await callerFor(t.db, alice).conversation.createDirect({ userId: bob.id });
    const b = await callerFor(t.db, bob).conversation.createDirect({ userId: alice.id });
    expect(b).toEqual({ id: a.id, created: false });
    expect((await callerFor(t.db, alice).conversation.byId({ id: a.id })).title).toBe("Bob");
    await expectTrpcError(callerFor(t.db, alice).conversation.createDirect({ userId: alice.id }), "BAD_REQUEST", {
      message: /yourself/,
    });
  });

  it("only owners and admins add members; only owners change roles; the last owner cannot leave", async () => {
    const { id } = await callerFor(t.db, alice).conversation.createGroup({ title: "Roles", memberIds: [bob.id] });
    await expectTrpcError(
      callerFor(t.db, bob).conversation.addMember({ conversationId: id, userId: carol.id }),
      "FORBIDDEN",
    );
    await expectTrpcError(
      callerFor(t.db, eve).conversation.addMember({ conversationId: id, userId: eve.id }),
      "NOT_FOUND",
    );
    await callerFor(t.db, alice).conversation.setMemberRole({ conversationId: id, userId: bob.id, role: "admin" });
    await callerFor(t.db, bob).conversation.addMember({ conversationId: id, userId: carol.id });
    await expectTrpcError(
      callerFor(t.db, bob).conversation.addMember({ conversationId: id, userId: carol.id }),
      "CONFLICT",
      { message: /already a member/ },
    );
    await expectTrpcError(
      callerFor(t.db, bob).conversation.setMemberRole({ conversationId: id, userId: carol.id, role: "admin" }),
      "FORBIDDEN",
    );
    await expectTrpcError(callerFor(t.db, alice).conversation.leave({ conversationId: id }), "CONFLICT", {
      message: /only owner/,
    });
    await callerFor(t.db, carol).conversation.leave({ conversationId: id });
    await expectTrpcError(callerFor(t.db, carol).message.history({ conversationId: id }), "NOT_FOUND");
    const rows = await t.db.select().from(conversationMembers).where(eq(conversationMembers.conversationId, id));
    expect(rows.map((r) => r.role).sort()).toEqual(["admin", "owner"]);
  });

  it("a role change posts one system line everyone in the group reads (who, whom, from, to); no change, no line; refused, no line", async () => {
    const { id } = await callerFor(t.db, alice).conversation.createGroup({
      title: "Role lines",
      memberIds: [bob.id, carol.id],
    });
    const lines = async () =>
      rowsOf<{ sender_id: string; kind: string; body: string }>(
        await t.db.execute(sql`select sender_id, kind, body from messages where conversation_id = ${id} order by seq`),
      );
    await callerFor(t.db, alice).conversation.setMemberRole({ conversationId: id, userId: carol.id, role: "admin" });
    await callerFor(t.db, alice).conversation.setMemberRole({ conversationId: id, userId: carol.id, role: "admin" });
    await expectTrpcError(
      callerFor(t.db, bob).conversation.setMemberRole({ conversationId: id, userId: carol.id, role: "member" }),
      "FORBIDDEN",
    );
    await callerFor(t.db, alice).conversation.setMemberRole({ conversationId: id, userId: carol.id, role: "member" });
    const stored = await lines();
    expect(stored.map((r) => [r.sender_id, r.kind, JSON.parse(r.body)])).toEqual([
      [
        alice.id,
        "system",
        { type: "role_changed", target: { id: carol.id, name: "Carol" }, from: "member", to: "admin" },
      ],
      [
        alice.id,
        "system",
        { type: "role_changed", target: { id: carol.id, name: "Carol" }, from: "admin", to: "member" },
      ],
    ]);
    // Every member reads them in history; they are not unread, not searchable, not recallable.
    const seen = await callerFor(t.db, bob).message.history({ conversationId: id });
    expect(seen.messages.map((m) => [m.kind, m.sender.id])).toEqual([
      ["system", alice.id],
      ["system", alice.id],
    ]);
    const listed = (await callerFor(t.db, bob).conversation.list()).items.find((c) => c.id === id);
    expect(listed).toMatchObject({ unread: 0, preview: { kind: "system" } });
    expect((await callerFor(t.db, bob).message.search({ query: "role_changed" })).results).toEqual([]);
    await expectTrpcError(callerFor(t.db, alice).message.recall({ messageId: seen.messages[0]!.id }), "FORBIDDEN", {
      message: /System messages cannot be recalled/,
    });
  });

  it("a group title is required and limited", async () => {
    await expectTrpcError(
      callerFor(t.db, alice).conversation.createGroup({ title: " ", memberIds: [] }),
      "BAD_REQUEST",
      { message: /needs a title/ },
    );
    await expectTrpcError(
      callerFor(t.db, alice).conversation.createGroup({ title: "x".repeat(81), memberIds: [] }),
      "BAD_REQUEST",
      { message: /at most 80/ },
    );
  });
});

describe("sign-up", () => {
  it("creates a user with a hashed password; a duplicate email gets the same answer and creates nothing (issue 11)", async () => {
    const api = callerFor(t.db, null);
    await api.user.signUp({ name: "Zed", email: "Zed@Example.com", password: "long enough" });
    const [row] = await t.db.select().from(users).where(eq(users.email, "zed@example.com"));
    expect(row?.passwordHash).toMatch(/^scrypt\$/);
    expect(row?.role).toBe("user");
    expect(await api.user.signUp({ name: "Zed 2", email: "zed@example.com", password: "long enough" })).toEqual({
      ok: true,
    });
    expect(await t.db.select({ name: users.name }).from(users).where(eq(users.email, "zed@example.com"))).toEqual([
      { name: "Zed" },
    ]);
    await expectTrpcError(
      api.user.signUp({ name: "Short", email: "s@example.com", password: "short" }),
      "BAD_REQUEST",
      { message: /at least 8/ },
    );
    await expectTrpcError(
      api.user.signUp({ name: "Bad", email: "not-an-email", password: "long enough" }),
      "BAD_REQUEST",
      { message: /valid email/ },
    );
  });
});
