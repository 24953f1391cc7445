import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowsOf } from "~/db/client";
import { realtimeOutbox } from "~/db/schema";
import { type SessionUser } from "~/server/context";
import { buildEvents } from "~/server/realtime/publisher";
import { expectTrpcError } from "../expect-error";
import { callerFor, clientMsgId, containsText, createGroup, type TestDb } from "../harness";
import { createWorld } from "./setup";

/**
 * message.edit: the sender replaces the text of their own live message inside the edit window.
 * Expected states are read with SQL written here; every refusal is checked to have written nothing.
 */
let t: TestDb;
let alice: SessionUser, bob: SessionUser, carol: SessionUser, sys: SessionUser, eve: SessionUser;
let group: string;

beforeAll(async () => {
  ({
    t,
    users: { alice, bob, carol, sys, eve },
    group,
  } = await createWorld(
    { alice: "Alice", bob: "Bob", carol: "Carol", sys: ["Sysop", "admin"], eve: "Eve" },
    // The system admin is a plain member here: being a system admin gives no right to edit.
    { title: "Edits", members: { bob: "owner", alice: "member", carol: "admin", sys: "member" } },
  ));
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.execute(
    sql`update recall_settings set edit_window_seconds = 900, content_policy = 'retain', recall_window_seconds = 120, retention_days = 30`,
  );
  await t.db.execute(sql`delete from conversation_recall_settings`);
});

const send = (user: SessionUser, body: string, conversationId = group, replyToId?: string) =>
  callerFor(t.db, user).message.send({ conversationId, clientMsgId: clientMsgId(), body, replyToId });
const edit = (user: SessionUser, messageId: string, body: string) =>
  callerFor(t.db, user).message.edit({ messageId, body });
const age = (messageId: string, seconds: number) =>
  t.db.execute(sql`update messages set created_at = now() - make_interval(secs => ${seconds}) where id = ${messageId}`);

interface Stored {
  id: string;
  seq: number;
  body: string | null;
  edited_at: string | null;
  edit_count: number;
  version: number;
  conv_version: number;
  edits: string[];
  edited_events: number;
  audits: number;
  outbox: number;
}
/** A message and everything an edit may write, straight from the tables. */
async function stored(messageId: string): Promise<Stored> {
  const [row] = rowsOf<Stored>(
    await t.db.execute(sql`
      select m.id, m.seq::int as seq, m.body, m.edit_count, m.version::int as version,
             to_char(m.edited_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as edited_at,
             (select c.version::int from conversations c where c.id = m.conversation_id) as conv_version,
             coalesce((select json_agg(e.body order by e.id) from message_edits e where e.message_id = m.id), '[]'::json) as edits,
             (select count(*)::int from realtime_outbox o where o.message_id = m.id and o.event = 'message.edited') as edited_events,
             (select count(*)::int from audit_log a where a.target_message_id = m.id) as audits,
             (select count(*)::int from realtime_outbox o where o.message_id = m.id) as outbox
        from messages m where m.id = ${messageId}`),
  );
  return row!;
}

describe("message.edit by the sender inside the window", () => {
  it("replaces the text in place: version bumped once, one event, the old text kept for admins only", async () => {
    const m = await send(alice, "see you at 9");
    const reply = await send(carol, "ok!", group, m.id);
    const before = await stored(m.id);
    const r = await edit(alice, m.id, "  see you at 10  ");
    const after = await stored(m.id);
    expect(after).toMatchObject({
      id: m.id,
      seq: m.seq,
      body: "see you at 10",
      edit_count: 1,
      version: before.conv_version + 1,
      conv_version: before.conv_version + 1,
      edits: ["see you at 9"],
      edited_events: 1,
      audits: 0,
      outbox: before.outbox + 1,
    });
    expect(after.edited_at).not.toBeNull();
    // The answer is the row as stored.
    expect(r.unchanged).toBe(false);
    expect(r.message).toEqual({
      ...m,
      body: "see you at 10",
      version: after.version,
      edited: { at: new Date(after.edited_at!), count: 1 },
    });
    const [event] = rowsOf<{ version: number; user_ids: unknown }>(
      await t.db.execute(
        sql`select version::int as version, user_ids from realtime_outbox where message_id = ${m.id} and event = 'message.edited'`,
      ),
    );
    expect(event).toEqual({ version: after.version, user_ids: null });
    const [kept] = rowsOf<{ days: number }>(
      await t.db.execute(
        sql`select round(extract(epoch from retained_until - replaced_at) / 86400)::int as days from message_edits where message_id = ${m.id}`,
      ),
    );
    expect(kept!.days).toBe(30);
    // Replies keep pointing at it, and quote the new text.
    const history = await callerFor(t.db, bob).message.history({ conversationId: group, limit: 100 });
    expect(history.messages.find((x) => x.id === reply.id)!.replyTo).toMatchObject({
      id: m.id,
      body: "see you at 10",
      recalled: false,
    });
    expect(history.messages.find((x) => x.id === m.id)).toMatchObject({ body: "see you at 10", seq: m.seq });
  });

  it("a second edit keeps both earlier texts, oldest first; saving the same text writes nothing", async () => {
    const m = await send(alice, "v1");
    await edit(alice, m.id, "v2");
    const second = await edit(alice, m.id, "v3");
    const after = await stored(m.id);
    expect(after).toMatchObject({ body: "v3", edit_count: 2, edits: ["v1", "v2"], edited_events: 2 });
    expect(second.message.edited).toEqual({ at: new Date(after.edited_at!), count: 2 });
    const same = await edit(alice, m.id, " v3 ");
    expect(same.unchanged).toBe(true);
    expect(same.message).toEqual(second.message);
    expect(await stored(m.id)).toEqual(after);
  });

  it("search, the list preview, the change feed and the live event carry the new text only", async () => {
    const conv = await createGroup(t.db, "Edit preview", [
      [alice, "owner"],
      [carol, "member"],
    ]);
    const m = await send(alice, "PINEAPPLE pizza tonight", conv);
    const sentAt = (await stored(m.id)).conv_version;
    await edit(alice, m.id, "MANGO salad tonight");
    const api = callerFor(t.db, carol);
    const feed = await api.sync.changes({ conversationId: conv, afterVersion: sentAt });
    const after = await stored(m.id);
    expect(feed.changes).toEqual([
      expect.objectContaining({
        id: m.id,
        body: after.body,
        version: after.version,
        edited: { at: new Date(after.edited_at!), count: 1 },
      }),
    ]);
    const outbox = await t.db.select().from(realtimeOutbox).where(eq(realtimeOutbox.messageId, m.id));
    const events = await buildEvents(
      t.db,
      outbox.filter((o) => o.event === "message.edited"),
    );
    expect(events).toMatchObject([
      { name: "message.edited", data: { version: after.version, message: { body: after.body } } },
    ]);
    expect(containsText([feed, events], "PINEAPPLE")).toBe(false);
    expect((await api.message.search({ query: "PINEAPPLE" })).results).toEqual([]);
    const found = await api.message.search({ query: "MANGO" });
    expect(found.results.map((x) => [x.id, x.body])).toEqual([[m.id, "MANGO salad tonight"]]);
    const s = await stored(m.id);
    const preview = (await api.conversation.list()).items.find((c) => c.id === conv)!.preview;
    expect(preview).toMatchObject({ id: m.id, body: s.body, edited: { at: new Date(s.edited_at!), count: 1 } });
  });
});

describe("edit window", () => {
  it("refuses outside the window, on the server clock, with the sentence people read", async () => {
    const m = await send(alice, "old news");
    await age(m.id, 901);
    const before = await stored(m.id);
    await expectTrpcError(edit(alice, m.id, "fresh news"), "FORBIDDEN", {
      appCode: "WINDOW_EXPIRED",
      message: /^Messages can only be edited within 15 minutes of sending\.$/,
    });
    expect(await stored(m.id)).toEqual(before);
    // Just inside: allowed.
    const n = await send(alice, "nearly old");
    await age(n.id, 880);
    expect((await edit(alice, n.id, "still fine")).unchanged).toBe(false);
  });

  it("0 turns editing off globally or per conversation, and the override beats the global setting", async () => {
    const m = await send(alice, "locked?");
    const before = await stored(m.id);
    await t.db.execute(sql`update recall_settings set edit_window_seconds = 0`);
    await expectTrpcError(edit(alice, m.id, "unlocked"), "FORBIDDEN", {
      appCode: "EDIT_DISABLED",
      message: /^Editing messages is turned off in this conversation\.$/,
    });
    // Global 900, this conversation 0.
    await t.db.execute(sql`update recall_settings set edit_window_seconds = 900`);
    await t.db.execute(
      sql`insert into conversation_recall_settings (conversation_id, edit_window_seconds) values (${group}, 0)`,
    );
    await expectTrpcError(edit(alice, m.id, "unlocked"), "FORBIDDEN", { appCode: "EDIT_DISABLED" });
    // A shorter override than the global window.
    await t.db.execute(
      sql`update conversation_recall_settings set edit_window_seconds = 60 where conversation_id = ${group}`,
    );
    await age(m.id, 61);
    await expectTrpcError(edit(alice, m.id, "unlocked"), "FORBIDDEN", {
      appCode: "WINDOW_EXPIRED",
      message: /within 1 minute of/,
    });
    expect(await stored(m.id)).toEqual(before);
    // Global 0, this conversation 1 hour: the override wins.
    await t.db.execute(sql`update recall_settings set edit_window_seconds = 0`);
    await t.db.execute(
      sql`update conversation_recall_settings set edit_window_seconds = 3600 where conversation_id = ${group}`,
    );
    expect((await callerFor(t.db, alice).conversation.byId({ id: group })).edit).toEqual({ windowSeconds: 3600 });
    await edit(alice, m.id, "unlocked");
    expect(await stored(m.id)).toMatchObject({ body: "unlocked", edit_count: 1 });
  });
});

describe("refusals write nothing", () => {
  it("someone else's message: a member, the group owner, a group admin and a system admin are all refused", async () => {
    const m = await send(alice, "my words");
    const before = await stored(m.id);
    for (const who of [carol, bob, sys]) {
      await expectTrpcError(edit(who, m.id, "your words"), "FORBIDDEN", {
        appCode: "NOT_ALLOWED",
        message: /^You can only edit messages you sent\.$/,
      });
    }
    expect(await stored(m.id)).toEqual(before);
  });

  it("a system line, a recalled message and a purged one", async () => {
    await callerFor(t.db, bob).conversation.setMemberRole({ conversationId: group, userId: carol.id, role: "member" });
    await callerFor(t.db, bob).conversation.setMemberRole({ conversationId: group, userId: carol.id, role: "admin" });
    const [line] = rowsOf<{ id: string }>(
      await t.db.execute(
        sql`select id from messages where conversation_id = ${group} and kind = 'system' order by seq desc limit 1`,
      ),
    );
    const lineBefore = await stored(line!.id);
    await expectTrpcError(edit(bob, line!.id, "rewritten"), "FORBIDDEN", {
      appCode: "SYSTEM_MESSAGE",
      message: /^System messages cannot be edited\.$/,
    });
    expect(await stored(line!.id)).toEqual(lineBefore);

    const recalled = await send(alice, "take it back");
    await callerFor(t.db, alice).message.recall({ messageId: recalled.id });
    const purged = await send(alice, "gone for good");
    await callerFor(t.db, alice).message.recall({ messageId: purged.id });
    await callerFor(t.db, sys).admin.recalled.purge({ messageId: purged.id });
    for (const id of [recalled.id, purged.id]) {
      const before = await stored(id);
      await expectTrpcError(edit(alice, id, "second thoughts"), "CONFLICT", {
        appCode: "RECALLED",
        message: /^This message was recalled, so it cannot be edited\.$/,
      });
      expect(await stored(id)).toEqual(before);
      expect(before).toMatchObject({ body: null, edit_count: 0, edits: [] });
    }
  });

  it("a non-member gets the same NOT_FOUND as for a message that does not exist", async () => {
    const m = await send(alice, "members only");
    const before = await stored(m.id);
    const outsider = await expectTrpcError(edit(eve, m.id, "hi"), "NOT_FOUND", {
      appCode: "NOT_FOUND",
      message: /^Message not found\.$/,
    });
    const unknown = await expectTrpcError(edit(eve, randomUUID(), "hi"), "NOT_FOUND", {
      appCode: "NOT_FOUND",
    });
    expect(outsider.message).toBe(unknown.message);
    expect(await stored(m.id)).toEqual(before);
  });

  it("an empty, blank, oversized or control-character body is refused with a clear message", async () => {
    const m = await send(alice, "valid");
    const before = await stored(m.id);
    const cases: [string, RegExp][] = [
      ["", /A message cannot be empty\./],
      [" \n\t ", /A message cannot be empty\./],
      ["x".repeat(4001), /A message can be at most 4000 characters\./],
      ["bell\u0007", /A message contains control characters; remove them and try again\./],
      ["nul\u0000", /A message contains control characters/],
    ];
    for (const [body, message] of cases) {
      await expectTrpcError(edit(alice, m.id, body), "BAD_REQUEST", { message });
    }
    expect(await stored(m.id)).toEqual(before);
    // 4000 characters is fine.
    await edit(alice, m.id, "y".repeat(4000));
    expect((await stored(m.id)).body).toHaveLength(4000);
  });
});
