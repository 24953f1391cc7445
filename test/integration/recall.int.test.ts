import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowsOf } from "~/db/client";
import {
  auditLog,
  conversationRecallSettings,
  conversations,
  messages,
  realtimeOutbox,
  recallSettings,
  recallVault,
} from "~/db/schema";
import { type SessionUser } from "~/server/context";
import { recallMessage } from "~/server/recall/engine";
import { purgeExpired } from "~/server/recall/vault";
import { buildEvents } from "~/server/realtime/publisher";
import { expectTrpcError } from "../expect-error";
import { callerFor, clientMsgId, containsText, createGroup, createUser, onPostgres, type TestDb } from "../harness";
import { countRows, createWorld } from "./setup";

let t: TestDb;
let owner: SessionUser, bob: SessionUser, carol: SessionUser, sys: SessionUser, eve: SessionUser;
let group: string;

beforeAll(async () => {
  ({
    t,
    users: { owner, bob, carol, sys, eve },
    group,
  } = await createWorld(
    { owner: "Olivia", admin: "Adam", bob: "Bob", carol: "Carol", sys: ["Sysop", "admin"], eve: "Eve" },
    { title: "Recall", members: { owner: "owner", admin: "admin", bob: "member", carol: "member" } },
  ));
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db
    .update(recallSettings)
    .set({ contentPolicy: "retain", noticeMode: "tip", recallWindowSeconds: 120, reeditWindowSeconds: 300 });
});

const send = (user: SessionUser, body: string, conversationId = group, replyToId?: string) =>
  callerFor(t.db, user).message.send({ conversationId, clientMsgId: clientMsgId(), body, replyToId });
const count = (
  table: typeof auditLog | typeof recallVault | typeof realtimeOutbox | typeof messages,
  where?: ReturnType<typeof sql>,
) => countRows(t.db, table, where);
const version = async (id = group) =>
  (await t.db.select({ v: conversations.version }).from(conversations).where(eq(conversations.id, id)))[0]!.v;

describe("message.recall", () => {
  it("gives the sender the original once for re-edit, and a repeat is a no-op that writes nothing", async () => {
    const m = await send(bob, "typo in here");
    const api = callerFor(t.db, bob);
    const first = await api.message.recall({ messageId: m.id });
    expect(first.alreadyRecalled).toBe(false);
    expect(first.reedit?.body).toBe("typo in here");
    expect(first.reedit!.until.getTime()).toBeGreaterThan(Date.now() + 290_000);
    expect(first.message).toMatchObject({
      id: m.id,
      body: null,
      recall: { kind: "sender", by: { id: bob.id, name: "Bob" } },
    });
    const v = await version();
    const audits = await count(auditLog, sql`${auditLog.targetMessageId} = ${m.id}`);
    const again = await api.message.recall({ messageId: m.id });
    expect(again).toMatchObject({ alreadyRecalled: true, reedit: null });
    expect(containsText(again, "typo in here")).toBe(false);
    expect(await version()).toBe(v);
    expect(await count(auditLog, sql`${auditLog.targetMessageId} = ${m.id}`)).toBe(audits);
  });

  it("answers with the recall as stored: the row read back with SQL, a quoted reply kept, silent only for others", async () => {
    const quotedMsg = await send(carol, "the question");
    const m = await send(bob, "the answer", group, quotedMsg.id);
    await t.db.update(recallSettings).set({ noticeMode: "silent" });
    const r = await callerFor(t.db, owner).message.recall({ messageId: m.id, reason: "Off topic" });
    const [row] = rowsOf<{
      version: number;
      revoked_at: string;
      revoker_id: string;
      revoker_kind: string;
      revoke_reason: string;
      revoke_silent: boolean;
      body: string | null;
    }>(
      await t.db.execute(sql`
        select version::int as version, to_char(revoked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as revoked_at,
               revoker_id, revoker_kind::text as revoker_kind, revoke_reason, revoke_silent, body
          from messages where id = ${m.id}`),
    );
    expect(row).toMatchObject({ revoker_id: owner.id, revoker_kind: "group_owner", revoke_silent: true, body: null });
    // The owner is not the sender: silently recalled, the owner's answer is the removal.
    expect(r.message).toEqual({ removed: true, id: m.id, conversationId: group, seq: m.seq, version: row!.version });

    await t.db.update(recallSettings).set({ noticeMode: "tip" });
    const n = await send(bob, "another answer", group, quotedMsg.id);
    const own = await callerFor(t.db, bob).message.recall({ messageId: n.id });
    const [mine] = rowsOf<{ version: number; revoked_at: string }>(
      await t.db.execute(sql`
        select version::int as version, to_char(revoked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as revoked_at
          from messages where id = ${n.id}`),
    );
    expect(own.message).toEqual({
      ...n,
      version: mine!.version,
      body: null,
      recall: { at: new Date(mine!.revoked_at), by: { id: bob.id, name: "Bob" }, kind: "sender", reason: null },
      restored: false,
    });
    expect(own.message).toMatchObject({ replyTo: { id: quotedMsg.id, body: "the question", recalled: false } });
  });

  it("no re-edit text for a moderator's recall, and the reason is kept on the tombstone", async () => {
    const m = await send(bob, "rude words");
    const r = await callerFor(t.db, owner).message.recall({ messageId: m.id, reason: "Be kind" });
    expect(r.reedit).toBeNull();
    expect(r.message).toMatchObject({ recall: { kind: "group_owner", reason: "Be kind" } });
    expect(containsText(r, "rude words")).toBe(false);
  });

  it("refuses an expired window with the sentence people read, using the server clock", async () => {
    const m = await send(bob, "too late");
    await t.db
      .update(messages)
      .set({ createdAt: sql`now() - interval '121 seconds'` })
      .where(eq(messages.id, m.id));
    await expectTrpcError(callerFor(t.db, bob).message.recall({ messageId: m.id }), "FORBIDDEN", {
      appCode: "WINDOW_EXPIRED",
      message: /^Messages can only be recalled within 2 minutes of sending\.$/,
    });
  });

  it("a per-conversation override changes the window; 0 turns member recall off", async () => {
    const api = callerFor(t.db, sys);
    await api.admin.settings.setOverride({ conversationId: group, values: { recallWindowSeconds: 5 } });
    const m = await send(bob, "short window");
    await t.db
      .update(messages)
      .set({ createdAt: sql`now() - interval '6 seconds'` })
      .where(eq(messages.id, m.id));
    await expectTrpcError(callerFor(t.db, bob).message.recall({ messageId: m.id }), "FORBIDDEN", {
      message: /within 5 seconds/,
    });
    await api.admin.settings.setOverride({ conversationId: group, values: { recallWindowSeconds: 0 } });
    const n = await send(bob, "no recall");
    await expectTrpcError(callerFor(t.db, bob).message.recall({ messageId: n.id }), "FORBIDDEN", {
      appCode: "RECALL_DISABLED",
    });
    await api.admin.settings.clearOverride({ conversationId: group });
    expect((await callerFor(t.db, bob).message.recall({ messageId: n.id })).alreadyRecalled).toBe(false);
  });

  it("validates the reason and the id, storing nothing", async () => {
    const m = await send(bob, "keep me");
    await expectTrpcError(
      callerFor(t.db, bob).message.recall({ messageId: m.id, reason: "x".repeat(201) }),
      "BAD_REQUEST",
      { message: /at most 200/ },
    );
    await expectTrpcError(callerFor(t.db, bob).message.recall({ messageId: "nope" }), "BAD_REQUEST", {
      message: /messageId must be a valid id/,
    });
    const [row] = await t.db.select().from(messages).where(eq(messages.id, m.id));
    expect(row!.revokedAt).toBeNull();
  });

  it("20 concurrent recalls of one message: one recall, one audit row, one version bump, one event", async () => {
    const m = await send(bob, "race me");
    const before = await version();
    // On PostgreSQL each recall runs on its own connection, so they truly race.
    const dbs = onPostgres
      ? await Promise.all(Array.from({ length: 20 }, () => t.connect(1)))
      : Array.from({ length: 20 }, () => t);
    const results = await Promise.all(
      dbs.map((h) => recallMessage(h.db, { id: bob.id, role: "user" }, { messageId: m.id })),
    );
    expect(results.filter((r) => !r.alreadyRecalled)).toHaveLength(1);
    expect(results.filter((r) => r.reedit !== null)).toHaveLength(1);
    expect(await version()).toBe(before + 1);
    expect(await count(auditLog, sql`${auditLog.targetMessageId} = ${m.id} and ${auditLog.action} = 'recall'`)).toBe(1);
    expect(await count(recallVault, sql`${recallVault.messageId} = ${m.id}`)).toBe(1);
    expect(
      await count(
        realtimeOutbox,
        sql`${realtimeOutbox.messageId} = ${m.id} and ${realtimeOutbox.event} = 'message.recalled'`,
      ),
    ).toBe(1);
  });
});

describe("recalled text is physically absent from everything members can read", () => {
  it("history, changes, previews, search, quotes, byId and an idempotent resend never carry it", async () => {
    const conv = await createGroup(t.db, "Leak", [
      [owner, "owner"],
      [bob, "member"],
      [carol, "member"],
    ]);
    const secret = "SECRET-撤回-TEXT";
    const idem = clientMsgId();
    const m = await callerFor(t.db, bob).message.send({ conversationId: conv, clientMsgId: idem, body: secret });
    const reply = await send(carol, "replying", conv, m.id);
    expect(reply.replyTo?.body).toBe(secret);
    await send(carol, "later", conv);
    await callerFor(t.db, bob).message.recall({ messageId: m.id });

    for (const user of [bob, carol, owner]) {
      const api = callerFor(t.db, user);
      const history = await api.message.history({ conversationId: conv });
      const responses = [
        history,
        await api.sync.changes({ conversationId: conv, afterVersion: 0 }),
        await api.conversation.list(),
        await api.conversation.byId({ id: conv }),
        await api.message.search({ query: "SECRET" }),
        await api.message.search({ query: "撤回" }),
      ];
      for (const r of responses) expect(containsText(r, secret)).toBe(false);
      const quoted = history.messages.find((x) => x.id === reply.id)!;
      expect(quoted.replyTo).toMatchObject({ id: m.id, body: null, recalled: true });
    }
    const resend = await callerFor(t.db, bob).message.send({ conversationId: conv, clientMsgId: idem, body: secret });
    expect(resend).toMatchObject({ id: m.id, body: null });
    // The realtime outbox names the change but never holds content.
    const outbox = await t.db.select().from(realtimeOutbox);
    expect(containsText(outbox, secret)).toBe(false);
  });

  it("the preview of a recalled last message says who recalled it, and unread stops counting it", async () => {
    const conv = await createGroup(t.db, "Preview", [
      [owner, "owner"],
      [bob, "member"],
    ]);
    await send(bob, "first", conv);
    const last = await send(bob, "last one", conv);
    const before = (await callerFor(t.db, owner).conversation.list()).items.find((c) => c.id === conv)!;
    expect(before.unread).toBe(2);
    await callerFor(t.db, owner).message.recall({ messageId: last.id, reason: "spam" });
    const after = (await callerFor(t.db, owner).conversation.list()).items.find((c) => c.id === conv)!;
    expect(after.unread).toBe(1);
    expect(after.preview).toMatchObject({
      id: last.id,
      body: null,
      recall: { by: { name: "Olivia" }, kind: "group_owner", reason: "spam" },
    });
  });

  it("silent notice: gone from history, and the change feed tells devices to drop it", async () => {
    await t.db.update(recallSettings).set({ noticeMode: "silent" });
    const conv = await createGroup(t.db, "Silent", [
      [owner, "owner"],
      [bob, "member"],
    ]);
    const keep = await send(bob, "stays", conv);
    const m = await send(bob, "vanishes", conv);
    const v = await version(conv);
    await callerFor(t.db, bob).message.recall({ messageId: m.id });
    const history = await callerFor(t.db, owner).message.history({ conversationId: conv });
    expect(history.messages.map((x) => x.id)).toEqual([keep.id]);
    const changes = await callerFor(t.db, owner).sync.changes({ conversationId: conv, afterVersion: v });
    expect(changes.changes).toEqual([{ removed: true, id: m.id, conversationId: conv, seq: m.seq, version: v + 1 }]);
    const preview = (await callerFor(t.db, owner).conversation.list()).items.find((c) => c.id === conv)!.preview;
    expect(preview?.id).toBe(keep.id);
  });

  it("silent notice hides the recall from the others only: the sender keeps the tip (history, change feed) and gets Re-edit", async () => {
    await t.db.update(recallSettings).set({ noticeMode: "silent" });
    const conv = await createGroup(t.db, "Silent own", [
      [owner, "owner"],
      [bob, "member"],
    ]);
    const m = await send(bob, "said too soon", conv);
    const v = await version(conv);
    const res = await callerFor(t.db, bob).message.recall({ messageId: m.id });
    expect(res.message).toMatchObject({ id: m.id, body: null, recall: { by: { id: bob.id }, kind: "sender" } });
    expect(res.reedit?.body).toBe("said too soon");
    const mine = await callerFor(t.db, bob).message.history({ conversationId: conv });
    expect(mine.messages.map((x) => [x.id, x.body, x.recall?.by.id])).toEqual([[m.id, null, bob.id]]);
    const myChanges = await callerFor(t.db, bob).sync.changes({ conversationId: conv, afterVersion: v });
    expect(myChanges.changes).toMatchObject([{ id: m.id, body: null, recall: { kind: "sender" } }]);
    // The other member: nothing at all, not even the tip.
    expect((await callerFor(t.db, owner).message.history({ conversationId: conv })).messages).toEqual([]);
    const theirs = await callerFor(t.db, owner).sync.changes({ conversationId: conv, afterVersion: v });
    expect(theirs.changes).toEqual([{ removed: true, id: m.id, conversationId: conv, seq: m.seq, version: v + 1 }]);
  });

  it("erase policy leaves no copy in any text or JSON column of the database (retain leaves exactly the vault copy)", async () => {
    const scan = async (needle: string) => {
      const columns = rowsOf<{ table_name: string; column_name: string }>(
        await t.db.execute(sql`select table_name, column_name from information_schema.columns
          where table_schema = 'public' and data_type in ('text', 'jsonb', 'json', 'character varying')`),
      );
      let hits = 0;
      for (const c of columns) {
        const r = rowsOf<{ n: number | string }>(
          await t.db.execute(
            sql`select count(*) as n from ${sql.identifier(c.table_name)} where ${sql.identifier(c.column_name)}::text like ${`%${needle}%`}`,
          ),
        );
        hits += Number(r[0]!.n);
      }
      return hits;
    };
    const retained = await send(bob, "RETAINED-NEEDLE");
    await callerFor(t.db, bob).message.recall({ messageId: retained.id });
    expect(await scan("RETAINED-NEEDLE")).toBe(1);

    await t.db.update(recallSettings).set({ contentPolicy: "erase" });
    const erased = await send(bob, "ERASED-NEEDLE");
    const result = await callerFor(t.db, bob).message.recall({ messageId: erased.id });
    expect(result.reedit?.body).toBe("ERASED-NEEDLE");
    expect(await scan("ERASED-NEEDLE")).toBe(0);
    await expectTrpcError(
      callerFor(t.db, sys).admin.recalled.restore({ messageId: erased.id }),
      "PRECONDITION_FAILED",
      { appCode: "ALREADY_PURGED" },
    );
  });
});

describe("message.search", () => {
  it("finds English words and Chinese substrings in the caller's conversations only, never recalled ones", async () => {
    const conv = await createGroup(t.db, "Search", [
      [owner, "owner"],
      [bob, "member"],
    ]);
    const hidden = await createGroup(t.db, "Hidden", [[eve, "owner"]]);
    await send(bob, "The quarterly report is ready", conv);
    await send(bob, "我刚才撤回了一条消息", conv);
    const gone = await send(bob, "report draft, please ignore", conv);
    await send(eve, "secret report", hidden);
    await callerFor(t.db, bob).message.recall({ messageId: gone.id });
    const api = callerFor(t.db, owner);
    const en = await api.message.search({ query: "report", conversationId: conv });
    expect(en.results.map((r) => r.body)).toEqual(["The quarterly report is ready"]);
    const zh = await api.message.search({ query: "撤回", conversationId: conv });
    expect(zh.results.map((r) => r.body)).toEqual(["我刚才撤回了一条消息"]);
    expect((await api.message.search({ query: "secret report" })).results).toEqual([]);
    expect((await api.message.search({ query: "100%" })).results).toEqual([]);
    await expectTrpcError(api.message.search({ query: "  " }), "BAD_REQUEST", {
      message: /Type at least 3 letters or digits/,
    });
  });
});

describe("sync.changes", () => {
  it("returns every change after a version, in version order, paged without gaps", async () => {
    const conv = await createGroup(t.db, "Feed", [
      [owner, "owner"],
      [bob, "member"],
    ]);
    const sent = [];
    for (let i = 0; i < 7; i++) sent.push(await send(bob, `feed ${i}`, conv));
    await callerFor(t.db, bob).message.recall({ messageId: sent[2]!.id });
    await callerFor(t.db, owner).message.recall({ messageId: sent[5]!.id });
    const api = callerFor(t.db, owner);
    const seen: number[] = [];
    let after = 0;
    for (;;) {
      const page = await api.sync.changes({ conversationId: conv, afterVersion: after, limit: 3 });
      seen.push(...page.changes.map((c) => c.version));
      after = page.version;
      if (!page.hasMore) break;
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(seen.length);
    expect(after).toBe(await version(conv));
    // Each message appears once, at its latest version; the recalled ones as tombstones.
    expect(seen).toHaveLength(7);
    const latest = await api.sync.changes({ conversationId: conv, afterVersion: 0, limit: 500 });
    const byId = new Map(latest.changes.map((c) => [c.id, c]));
    expect(byId.get(sent[2]!.id)).toMatchObject({ body: null, recall: { kind: "sender" } });
    expect(byId.get(sent[5]!.id)).toMatchObject({ body: null, recall: { kind: "group_owner" } });
    const tail = await api.sync.changes({ conversationId: conv, afterVersion: after - 1 });
    expect(tail.changes.map((c) => c.id)).toEqual([sent[5]!.id]);
    await expectTrpcError(api.sync.changes({ conversationId: conv, afterVersion: -1 }), "BAD_REQUEST", {
      message: /cannot be negative/,
    });
    await expectTrpcError(api.sync.changes({ conversationId: conv, afterVersion: 0, limit: 501 }), "BAD_REQUEST", {
      message: /at most 500/,
    });
    await expectTrpcError(callerFor(t.db, eve).sync.changes({ conversationId: conv, afterVersion: 0 }), "NOT_FOUND");
  });
});

describe("admin operations", () => {
  it("every view of an original writes exactly one audit row", async () => {
    const m = await send(bob, "look at me");
    await callerFor(t.db, bob).message.recall({ messageId: m.id });
    const api = callerFor(t.db, sys);
    for (let i = 1; i <= 3; i++) {
      expect((await api.admin.recalled.original({ messageId: m.id })).body).toBe("look at me");
      expect(
        await count(auditLog, sql`${auditLog.targetMessageId} = ${m.id} and ${auditLog.action} = 'view_original'`),
      ).toBe(i);
    }
    await expectTrpcError(callerFor(t.db, owner).admin.recalled.original({ messageId: m.id }), "FORBIDDEN");
    await expectTrpcError(callerFor(t.db, null).admin.recalled.original({ messageId: m.id }), "UNAUTHORIZED");
    expect(
      await count(auditLog, sql`${auditLog.targetMessageId} = ${m.id} and ${auditLog.action} = 'view_original'`),
    ).toBe(3);
  });

  it("restore brings the text back with a new version; restore again conflicts; purge makes it impossible", async () => {
    const m = await send(bob, "bring me back");
    await callerFor(t.db, bob).message.recall({ messageId: m.id });
    const v = await version();
    const api = callerFor(t.db, sys);
    const restored = await api.admin.recalled.restore({ messageId: m.id });
    expect(restored).toMatchObject({ id: m.id, body: "bring me back", recall: null, version: v + 1 });
    expect(await count(recallVault, sql`${recallVault.messageId} = ${m.id}`)).toBe(0);
    await expectTrpcError(api.admin.recalled.restore({ messageId: m.id }), "CONFLICT", { appCode: "NOT_RECALLED" });

    await callerFor(t.db, owner).message.recall({ messageId: m.id });
    await api.admin.recalled.purge({ messageId: m.id });
    expect(await count(recallVault, sql`${recallVault.messageId} = ${m.id}`)).toBe(0);
    await expectTrpcError(api.admin.recalled.restore({ messageId: m.id }), "PRECONDITION_FAILED", {
      appCode: "ALREADY_PURGED",
    });
    await expectTrpcError(api.admin.recalled.original({ messageId: m.id }), "PRECONDITION_FAILED", {
      appCode: "ALREADY_PURGED",
    });
    await expectTrpcError(api.admin.recalled.purge({ messageId: m.id }), "PRECONDITION_FAILED");
    const actions = await t.db
      .select({ a: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.targetMessageId, m.id))
      .orderBy(auditLog.id);
    expect(actions.map((r) => r.a)).toEqual(["recall", "restore", "recall", "purge"]);
    const list = await api.admin.recalled.list({ limit: 100 });
    expect(list.items.find((i) => i.id === m.id)?.state).toBe("purged");
    await expectTrpcError(callerFor(t.db, owner).admin.recalled.restore({ messageId: m.id }), "FORBIDDEN");
  });

  it("a restored message says so in every member view (history, changes, list preview, realtime payload); a fresh one does not", async () => {
    const plain = await send(bob, "never recalled");
    const m = await send(bob, "restore me");
    expect(m.restored).toBe(false);
    await callerFor(t.db, bob).message.recall({ messageId: m.id });
    const before = await version();
    const restored = await callerFor(t.db, sys).admin.recalled.restore({ messageId: m.id });
    expect(restored).toMatchObject({ id: m.id, body: "restore me", recall: null, restored: true });

    const carolApi = callerFor(t.db, carol);
    const history = await carolApi.message.history({ conversationId: group, limit: 100 });
    expect(history.messages.find((x) => x.id === m.id)).toMatchObject({ restored: true });
    expect(history.messages.find((x) => x.id === plain.id)).toMatchObject({ restored: false });
    const changes = await carolApi.sync.changes({ conversationId: group, afterVersion: before });
    expect(changes.changes).toEqual([expect.objectContaining({ id: m.id, restored: true })]);
    const list = await callerFor(t.db, bob).conversation.list();
    expect(list.items.find((c) => c.id === group)?.preview).toMatchObject({ id: m.id, restored: true });
    const [row] = await t.db
      .select()
      .from(realtimeOutbox)
      .where(and(eq(realtimeOutbox.messageId, m.id), eq(realtimeOutbox.event, "message.restored")));
    const [event] = await buildEvents(t.db, [row!]);
    expect(event?.data).toMatchObject({ message: { id: m.id, restored: true } });

    // Recalled again: the tip shows, not the marker.
    const again = await callerFor(t.db, owner).message.recall({ messageId: m.id });
    expect(again.message).toMatchObject({ restored: false, recall: { kind: "group_owner" } });
  });

  it("the retention job purges what is past its retained-until time, and audits it", async () => {
    const old = await send(bob, "old news");
    const fresh = await send(bob, "fresh news");
    await callerFor(t.db, bob).message.recall({ messageId: old.id });
    await callerFor(t.db, bob).message.recall({ messageId: fresh.id });
    await t.db
      .update(recallVault)
      .set({ retainedUntil: sql`now() - interval '1 second'` })
      .where(eq(recallVault.messageId, old.id));
    const purged = await purgeExpired(t.db);
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await count(recallVault, sql`${recallVault.messageId} = ${old.id}`)).toBe(0);
    expect(await count(recallVault, sql`${recallVault.messageId} = ${fresh.id}`)).toBe(1);
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetMessageId, old.id), eq(auditLog.action, "purge")));
    expect(audit).toMatchObject({ actorId: null, details: { by: "retention" } });
  });

  it("bulk recall: preview count, one version per message, one audit row, other conversations untouched", async () => {
    const conv = await createGroup(t.db, "Bulk", [
      [owner, "owner"],
      [bob, "member"],
      [carol, "member"],
    ]);
    const elsewhere = await createGroup(t.db, "Elsewhere", [[bob, "owner"]]);
    for (let i = 0; i < 5; i++) await send(bob, `spam ${i}`, conv);
    await send(carol, "innocent", conv);
    await send(bob, "unrelated", elsewhere);
    const v = await version(conv);

    await expectTrpcError(
      callerFor(t.db, carol).message.bulkRecall({ userId: bob.id, conversationId: conv }),
      "FORBIDDEN",
    );
    await expectTrpcError(
      callerFor(t.db, owner).message.bulkRecall({ userId: bob.id, conversationId: null }),
      "FORBIDDEN",
    );
    const preview = await callerFor(t.db, owner).message.bulkRecall({
      userId: bob.id,
      conversationId: conv,
      dryRun: true,
    });
    expect(preview).toMatchObject({ count: 5, conversations: 1, skipped: [] });
    // The dry run names what would go: sender, the count per conversation, a sample with times, never the text.
    expect(preview.preview).toMatchObject({
      sender: { id: bob.id, name: "Bob" },
      byConversation: [{ id: conv, label: "Bulk", count: 5 }],
    });
    expect(preview.preview!.sample.map((m) => [m.conversationId, m.conversationLabel])).toEqual(
      Array.from({ length: 5 }, () => [conv, "Bulk"]),
    );
    expect(JSON.stringify(preview.preview)).not.toContain("spam");
    expect(await version(conv)).toBe(v);

    const done = await callerFor(t.db, owner).message.bulkRecall({
      userId: bob.id,
      conversationId: conv,
      reason: "spam",
    });
    expect(done.count).toBe(5);
    const rows = await t.db.select().from(messages).where(eq(messages.conversationId, conv)).orderBy(messages.seq);
    const bobs = rows.filter((r) => r.senderId === bob.id);
    expect(bobs.every((r) => r.revokedAt && r.body === null && r.revokerKind === "group_owner")).toBe(true);
    expect(bobs.map((r) => r.version)).toEqual([v + 1, v + 2, v + 3, v + 4, v + 5]);
    expect(rows.find((r) => r.senderId === carol.id)?.body).toBe("innocent");
    expect(await version(conv)).toBe(v + 5);
    const [other] = await t.db.select().from(messages).where(eq(messages.conversationId, elsewhere));
    expect(other?.body).toBe("unrelated");
    expect(
      await count(auditLog, sql`${auditLog.action} = 'bulk_recall' and ${auditLog.targetUserId} = ${bob.id}`),
    ).toBe(1);
    expect(
      await count(
        recallVault,
        sql`${recallVault.messageId} in (select id from messages where conversation_id = ${conv})`,
      ),
    ).toBe(5);

    const everywhere = await callerFor(t.db, sys).message.bulkRecall({
      userId: bob.id,
      conversationId: null,
      from: new Date(Date.now() - 3600_000),
    });
    expect(everywhere.count).toBeGreaterThanOrEqual(1);
    const [after] = await t.db.select().from(messages).where(eq(messages.conversationId, elsewhere));
    expect(after?.body).toBeNull();
    await expectTrpcError(
      callerFor(t.db, sys).message.bulkRecall({
        userId: bob.id,
        conversationId: null,
        from: new Date(),
        to: new Date(Date.now() - 1000),
      }),
      "BAD_REQUEST",
      { message: /before its end/ },
    );
  });

  it("bulk recall preview is bounded: the ten busiest conversations and the five newest messages, however many match", async () => {
    const spammer = await createUser(t.db, "Spammer");
    const groups: string[] = [];
    for (let i = 0; i < 12; i++) {
      const conv = await createGroup(t.db, `Flood ${String(i).padStart(2, "0")}`, [
        [owner, "owner"],
        [spammer, "member"],
      ]);
      groups.push(conv);
      // Conversation i gets i + 1 messages, so the busiest are the last ones created.
      for (let k = 0; k <= i; k++) await send(spammer, `flood ${i}.${k}`, conv);
    }
    const dry = await callerFor(t.db, sys).message.bulkRecall({
      userId: spammer.id,
      conversationId: null,
      dryRun: true,
    });
    expect(dry).toMatchObject({ count: 78, conversations: 12 });
    expect(dry.preview!.byConversation.map((c) => [c.label, c.count])).toEqual(
      Array.from({ length: 10 }, (_, j) => [`Flood ${String(11 - j).padStart(2, "0")}`, 12 - j]),
    );
    const sample = dry.preview!.sample;
    expect(sample).toHaveLength(5);
    // Newest first; the last messages sent were conversation 11's.
    expect(sample.every((m) => m.conversationId === groups[11])).toBe(true);
    expect(sample.map((m) => m.sentAt.getTime())).toEqual(
      [...sample.map((m) => m.sentAt.getTime())].sort((a, b) => b - a),
    );
    // A real run has no preview, and recalls them all.
    const done = await callerFor(t.db, sys).message.bulkRecall({ userId: spammer.id, conversationId: null });
    expect(done).toEqual({ count: 78, conversations: 12, skipped: [] });
  });

  it("bulk recall applies the single-recall rules to each message and reports what it skipped and why", async () => {
    const conv = await createGroup(t.db, "Bulk policy", [
      [owner, "owner"],
      [bob, "member"],
      [carol, "owner"],
    ]);
    for (let i = 0; i < 3; i++) await send(bob, `bob ${i}`, conv);
    await send(carol, "co-owner", conv);
    const v = await version(conv);
    const live = async (who: SessionUser) =>
      count(
        messages,
        sql`${messages.conversationId} = ${conv} and ${messages.senderId} = ${who.id} and ${messages.revokedAt} is null`,
      );

    // This group's policy: owners may not recall others' messages. A single recall is refused…
    await t.db.insert(conversationRecallSettings).values({ conversationId: conv, groupOwnersMayRecall: false });
    const [one] = await t.db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.conversationId, conv), eq(messages.senderId, bob.id)));
    await expectTrpcError(callerFor(t.db, owner).message.recall({ messageId: one!.id }), "FORBIDDEN", {
      appCode: "NOT_ALLOWED",
    });
    // …and so is each message of a bulk recall: nothing changes, and the report says why.
    const refused = await callerFor(t.db, owner).message.bulkRecall({ userId: bob.id, conversationId: conv });
    expect(refused).toEqual({
      count: 0,
      conversations: 0,
      skipped: [{ code: "NOT_ALLOWED", message: "You are not allowed to recall this message.", count: 3 }],
    });
    expect(await live(bob)).toBe(3);
    expect(await version(conv)).toBe(v);
    const [audit] = await t.db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.action, "bulk_recall"), eq(auditLog.targetConversationId, conv)));
    expect(audit?.details).toMatchObject({ count: 0, skipped: [{ code: "NOT_ALLOWED", count: 3 }] });

    // Another owner's messages: a single recall is refused even with the policy on, and bulk skips them.
    await t.db.delete(conversationRecallSettings).where(eq(conversationRecallSettings.conversationId, conv));
    const preview = await callerFor(t.db, owner).message.bulkRecall({
      userId: carol.id,
      conversationId: conv,
      dryRun: true,
    });
    expect(preview).toMatchObject({
      count: 0,
      conversations: 0,
      skipped: [{ code: "NOT_ALLOWED", message: "You are not allowed to recall this message.", count: 1 }],
    });
    expect(preview.preview).toMatchObject({ byConversation: [], sample: [] });
    expect(await live(carol)).toBe(1);

    // The owner's own messages are the sender's: only inside the recall window.
    const mine = await send(owner, "my own", conv);
    await t.db.execute(sql`update messages set created_at = now() - interval '1 hour' where id = ${mine.id}`);
    const own = await callerFor(t.db, owner).message.bulkRecall({ userId: owner.id, conversationId: conv });
    expect(own.count).toBe(0);
    expect(own.skipped).toEqual([
      { code: "WINDOW_EXPIRED", message: "Messages can only be recalled within 2 minutes of sending.", count: 1 },
    ]);

    // With the policy back on, the member's messages go.
    const done = await callerFor(t.db, owner).message.bulkRecall({ userId: bob.id, conversationId: conv });
    expect(done).toEqual({ count: 3, conversations: 1, skipped: [] });
    expect(await live(bob)).toBe(0);
  });

  it("settings: validated with clear messages, and every save audited with old and new values", async () => {
    const api = callerFor(t.db, sys);
    await expectTrpcError(api.admin.settings.update({ recallWindowSeconds: -1 }), "BAD_REQUEST", {
      message: /cannot be negative/,
    });
    await expectTrpcError(api.admin.settings.update({ retentionDays: 0 }), "BAD_REQUEST", {
      message: /at least 1 day/,
    });
    await expectTrpcError(callerFor(t.db, owner).admin.settings.update({ recallWindowSeconds: 60 }), "FORBIDDEN");
    const before = await count(auditLog, sql`${auditLog.action} = 'settings_change'`);
    await api.admin.settings.update({ recallWindowSeconds: 60, noticeMode: "tip" });
    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "settings_change"))
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    expect(entry?.details).toEqual({ scope: "global", changes: { recallWindowSeconds: { from: 120, to: 60 } } });
    expect(await count(auditLog, sql`${auditLog.action} = 'settings_change'`)).toBe(before + 1);
    expect((await api.admin.settings.get()).global.recallWindowSeconds).toBe(60);
  });

  it("the audit log refuses updates and deletes", async () => {
    await expect(t.db.execute(sql`update audit_log set reason = 'rewritten'`)).rejects.toThrow();
    await expect(t.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    expect(await count(auditLog)).toBeGreaterThan(0);
  });
});
