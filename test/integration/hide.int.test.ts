import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowsOf } from "~/db/client";
import { type SessionUser } from "~/server/context";
import { expectTrpcError } from "../expect-error";
import { callerFor, clientMsgId, createGroup, type TestDb } from "../harness";
import { createWorld } from "./setup";

/**
 * "Delete for me": a member hides a message from their own views only. Every expectation (which
 * messages each member reads, unread counts, previews, search hits, the change feed) is computed
 * with SQL written here from the tables, then compared with what the routers answer.
 */
let t: TestDb;
let alice: SessionUser, bob: SessionUser, carol: SessionUser, eve: SessionUser;

beforeAll(async () => {
  ({
    t,
    users: { alice, bob, carol, eve },
  } = await createWorld({ alice: "Alice", bob: "Bob", carol: "Carol", eve: "Eve" }));
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.execute(
    sql`update recall_settings set edit_window_seconds = 900, recall_window_seconds = 120, notice_mode = 'tip'`,
  );
});

const newGroup = (title: string) =>
  createGroup(t.db, title, [
    [alice, "owner"],
    [bob, "member"],
    [carol, "member"],
  ]);
const send = (user: SessionUser, conversationId: string, body: string) =>
  callerFor(t.db, user).message.send({ conversationId, clientMsgId: clientMsgId(), body });
const hide = (user: SessionUser, messageId: string) => callerFor(t.db, user).message.hide({ messageId });
const unhide = (user: SessionUser, messageId: string) => callerFor(t.db, user).message.unhide({ messageId });
const one = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await t.db.execute(query))[0]!;
const ids = async (query: ReturnType<typeof sql>) => rowsOf<{ id: string }>(await t.db.execute(query)).map((r) => r.id);
const notHiddenBy = (user: SessionUser) =>
  sql`not exists (select 1 from message_hides h where h.message_id = m.id and h.user_id = ${user.id}::uuid and h.hidden)`;

/** What `user` should read of `conv`, from the tables. */
async function expectedViews(user: SessionUser, conv: string, needle: string) {
  return {
    history: await ids(sql`select m.id from messages m where m.conversation_id = ${conv}
        and (not coalesce(m.revoke_silent, false) or m.sender_id = ${user.id}) and ${notHiddenBy(user)} order by m.seq`),
    preview: (
      await ids(sql`select m.id from messages m where m.conversation_id = ${conv}
        and not coalesce(m.revoke_silent, false) and ${notHiddenBy(user)} order by m.seq desc limit 1`)
    )[0],
    unread: (
      await one<{ n: number }>(sql`select count(*)::int as n from messages m
        join conversation_members cm on cm.conversation_id = m.conversation_id and cm.user_id = ${user.id}
       where m.conversation_id = ${conv} and m.seq > cm.last_read_seq and m.sender_id <> ${user.id}
         and m.revoked_at is null and m.kind = 'text' and ${notHiddenBy(user)}`)
    ).n,
    search: await ids(sql`select m.id from messages m where m.conversation_id = ${conv} and m.body like ${`%${needle}%`}
        and m.revoked_at is null and m.kind = 'text' and ${notHiddenBy(user)} order by m.id`),
  };
}
async function actualViews(user: SessionUser, conv: string, needle: string) {
  const api = callerFor(t.db, user);
  const listed = (await api.conversation.list()).items.find((c) => c.id === conv)!;
  return {
    history: (await api.message.history({ conversationId: conv, limit: 100 })).messages.map((m) => m.id),
    preview: listed.preview?.id,
    unread: listed.unread,
    search: (await api.message.search({ query: needle, conversationId: conv })).results.map((m) => m.id).sort(),
  };
}
/** Everything a hide may write: its row, the conversation version, the message row, outbox rows. */
const footprint = (messageId: string) =>
  one<{ hides: unknown; conv_version: number; message_version: number; outbox: unknown }>(sql`
    select coalesce((select json_agg(json_build_object('user', h.user_id, 'hidden', h.hidden, 'version', h.version::int))
                       from message_hides h where h.message_id = m.id), '[]'::json) as hides,
           (select c.version::int from conversations c where c.id = m.conversation_id) as conv_version,
           m.version::int as message_version,
           coalesce((select json_agg(json_build_object('event', o.event, 'users', o.user_ids, 'version', o.version::int) order by o.id)
                       from realtime_outbox o where o.message_id = m.id), '[]'::json) as outbox
      from messages m where m.id = ${messageId}`);

describe("message.hide", () => {
  it("removes the message from the hider's history, preview, unread and search, and from no one else's", async () => {
    const conv = await newGroup("Hide views");
    await send(alice, conv, "HIDENEEDLE first");
    const last = await send(bob, conv, "HIDENEEDLE last");
    await hide(carol, last.id);
    for (const user of [alice, bob, carol]) {
      expect(await actualViews(user, conv, "HIDENEEDLE"), user.name).toEqual(
        await expectedViews(user, conv, "HIDENEEDLE"),
      );
    }
    // Not vacuous: Carol lost the message in every view, the others kept it.
    const carols = await actualViews(carol, conv, "HIDENEEDLE");
    expect(carols.history).not.toContain(last.id);
    expect(carols.preview).not.toBe(last.id);
    expect(carols.unread).toBe(1);
    expect((await actualViews(alice, conv, "HIDENEEDLE")).preview).toBe(last.id);
    expect((await actualViews(alice, conv, "HIDENEEDLE")).unread).toBe(1);
  });

  it("takes one conversation version, tells only the hider's devices, and is idempotent", async () => {
    const conv = await newGroup("Hide once");
    const m = await send(alice, conv, "hide me");
    const before = await footprint(m.id);
    const first = await hide(carol, m.id);
    const after = await footprint(m.id);
    expect(first).toEqual({ conversationId: conv, version: before.conv_version + 1 });
    expect(after).toEqual({
      hides: [{ user: carol.id, hidden: true, version: first.version }],
      conv_version: first.version,
      message_version: before.message_version,
      outbox: [...(before.outbox as unknown[]), { event: "message.hidden", users: [carol.id], version: first.version }],
    });
    expect(await hide(carol, m.id)).toEqual({ conversationId: conv, version: null });
    expect(await footprint(m.id)).toEqual(after);

    // The change feed: a removal for Carol at the hide's version; nothing about it for Bob.
    const carolFeed = await callerFor(t.db, carol).sync.changes({
      conversationId: conv,
      afterVersion: before.conv_version,
    });
    expect(carolFeed.changes).toEqual([
      { removed: true, hidden: true, id: m.id, conversationId: conv, seq: m.seq, version: first.version },
    ]);
    expect(carolFeed.version).toBe(first.version);
    const bobFeed = await callerFor(t.db, bob).sync.changes({
      conversationId: conv,
      afterVersion: before.conv_version,
    });
    expect(bobFeed.changes).toEqual([]);

    // Undo: the full view back, after the hide's version.
    const back = await unhide(carol, m.id);
    expect(back.version).toBeGreaterThan(first.version!);
    expect(await footprint(m.id)).toMatchObject({
      hides: [{ user: carol.id, hidden: false, version: back.version }],
      conv_version: back.version,
      message_version: before.message_version,
    });
    const [row] = rowsOf<{ body: string; seq: number }>(
      await t.db.execute(sql`select body, seq::int as seq from messages where id = ${m.id}`),
    );
    const undone = await callerFor(t.db, carol).sync.changes({ conversationId: conv, afterVersion: first.version! });
    expect(undone.changes).toEqual([
      expect.objectContaining({ id: m.id, seq: row!.seq, body: row!.body, version: back.version, recall: null }),
    ]);
    expect(undone.changes[0]).not.toHaveProperty("removed");
    expect((await actualViews(carol, conv, "hide me")).history).toEqual([m.id]);
    const undoneFootprint = await footprint(m.id);
    expect(await unhide(carol, m.id)).toEqual({ conversationId: conv, version: null });
    expect(await footprint(m.id)).toEqual(undoneFootprint);
  });

  it("refuses a non-member (NOT_FOUND, like an unknown id) and stores nothing", async () => {
    const conv = await newGroup("Hide outsider");
    const m = await send(alice, conv, "not yours to hide");
    const before = await footprint(m.id);
    for (const call of [hide, unhide]) {
      const outsider = await expectTrpcError(call(eve, m.id), "NOT_FOUND", {
        appCode: "NOT_FOUND",
        message: /^Message not found\.$/,
      });
      const unknown = await expectTrpcError(call(eve, randomUUID()), "NOT_FOUND", { appCode: "NOT_FOUND" });
      expect(outsider.message).toBe(unknown.message);
    }
    expect(await footprint(m.id)).toEqual(before);
    const [n] = rowsOf<{ n: number }>(
      await t.db.execute(sql`select count(*)::int as n from message_hides where user_id = ${eve.id}`),
    );
    expect(n!.n).toBe(0);
  });

  it("works on recalled messages and system lines too", async () => {
    const conv = await newGroup("Hide anything");
    const recalled = await send(bob, conv, "recalled then hidden");
    await callerFor(t.db, bob).message.recall({ messageId: recalled.id });
    await callerFor(t.db, alice).conversation.setMemberRole({ conversationId: conv, userId: bob.id, role: "admin" });
    const [line] = await ids(
      sql`select id from messages where conversation_id = ${conv} and kind = 'system' order by seq desc limit 1`,
    );
    for (const id of [recalled.id, line!]) {
      const r = await hide(carol, id);
      expect(r.version).toBe((await footprint(id)).conv_version);
    }
    expect(await actualViews(carol, conv, "recalled")).toEqual(await expectedViews(carol, conv, "recalled"));
    expect((await actualViews(carol, conv, "recalled")).history).toEqual([]);
    expect((await actualViews(bob, conv, "recalled")).history).toEqual([recalled.id, line]);
  });
});

describe("sync.changes with hides", () => {
  it("pages across message changes and hides: every change exactly once, in version order, at its effective version", async () => {
    const conv = await newGroup("Hide feed");
    const sent = [];
    for (let i = 0; i < 9; i++) sent.push(await send(alice, conv, `feed ${i}`));
    // Hides of early messages after later messages were sent, mixed with edits, a recall and an undo.
    await hide(carol, sent[0]!.id);
    await hide(carol, sent[1]!.id);
    await hide(carol, sent[3]!.id);
    await callerFor(t.db, alice).message.edit({ messageId: sent[3]!.id, body: "feed 3, edited after the hide" });
    await callerFor(t.db, alice).message.edit({ messageId: sent[4]!.id, body: "feed 4, edited" });
    await hide(carol, sent[2]!.id);
    await callerFor(t.db, alice).message.recall({ messageId: sent[5]!.id });
    await hide(carol, sent[6]!.id);
    await unhide(carol, sent[6]!.id);
    await hide(carol, sent[1]!.id);
    await hide(carol, sent[5]!.id);
    await send(alice, conv, "feed 9");

    const expected = async (after: number) =>
      rowsOf<{ id: string; version: number; removed: boolean }>(
        await t.db.execute(sql`
          select m.id, greatest(m.version, coalesce(h.version, 0))::int as version, coalesce(h.hidden, false) as removed
            from messages m left join message_hides h on h.message_id = m.id and h.user_id = ${carol.id}
           where m.conversation_id = ${conv} and greatest(m.version, coalesce(h.version, 0)) > ${after}
           order by 2`),
      );
    const head = (await one<{ v: number }>(sql`select version::int as v from conversations where id = ${conv}`)).v;
    const api = callerFor(t.db, carol);
    for (const start of [0, 5]) {
      const want = await expected(start);
      for (const limit of [1, 2, 3, 4, 500]) {
        const got: { id: string; version: number; removed: boolean }[] = [];
        let after = start;
        for (let pages = 0; ; pages++) {
          expect(pages, "the feed never ended").toBeLessThan(50);
          const page = await api.sync.changes({ conversationId: conv, afterVersion: after, limit });
          got.push(...page.changes.map((c) => ({ id: c.id, version: c.version, removed: "removed" in c })));
          after = page.version;
          if (!page.hasMore) break;
        }
        expect(got, `after ${start}, limit ${limit}`).toEqual(want);
        expect(after).toBe(head);
      }
    }
  });
});
