import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowsOf } from "~/db/client";
import { type SessionUser } from "~/server/context";
import { expectTrpcError } from "../expect-error";
import { callerFor, clientMsgId, type TestDb } from "../harness";
import { createWorld } from "./setup";

/**
 * message.report: a member reports someone else's live message once. Expected rows are read with
 * SQL written here; every refusal is checked to have stored nothing. The admin queue is in
 * report-admin.int.test.ts.
 */
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
    { title: "Reports", members: { alice: "owner", bob: "member", carol: "member" } },
  ));
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.execute(sql`update recall_settings set edit_window_seconds = 900, recall_window_seconds = 120`);
});

const send = (user: SessionUser, body: string) =>
  callerFor(t.db, user).message.send({ conversationId: group, clientMsgId: clientMsgId(), body });
type Category = "spam" | "abuse" | "personal_data" | "other";
const report = (user: SessionUser, messageId: string, category: Category = "spam", note?: string | null) =>
  callerFor(t.db, user).message.report({ messageId, category, note });

interface ReportRow {
  reporter_id: string;
  conversation_id: string;
  category: string;
  note: string | null;
  body: string;
  status: string;
  resolved_by: string | null;
  created_at: string;
}
const reportsOf = async (messageId: string) =>
  rowsOf<ReportRow>(
    await t.db.execute(sql`
      select reporter_id, conversation_id, category::text as category, note, body, status::text as status, resolved_by,
             to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at
        from message_reports where message_id = ${messageId} order by id`),
  );
/** Everything a report (or a refused one) could write, database-wide, and the message row. */
async function footprint(messageId: string) {
  const [row] = rowsOf<Record<string, unknown>>(
    await t.db.execute(sql`
      select (select count(*)::int from message_reports) as reports,
             (select count(*)::int from audit_log) as audits,
             (select count(*)::int from realtime_outbox) as outbox,
             (select c.version::int from conversations c where c.id = ${group}) as conv_version,
             (select json_build_object('body', m.body, 'version', m.version::int, 'revoked', m.revoked_at is not null)
                from messages m where m.id = ${messageId}) as message`),
  );
  return row!;
}

describe("message.report", () => {
  it("stores one report with the text as the reporter saw it, the category and the note; nothing else changes", async () => {
    const m = await send(alice, "buy cheap watches");
    const before = await footprint(m.id);
    const r = await report(bob, m.id, "spam", "  third time today  ");
    const rows = await reportsOf(m.id);
    expect(rows).toEqual([
      {
        reporter_id: bob.id,
        conversation_id: group,
        category: "spam",
        note: "third time today",
        body: "buy cheap watches",
        status: "open",
        resolved_by: null,
        created_at: rows[0]!.created_at,
      },
    ]);
    expect(r).toEqual({ reportedAt: new Date(rows[0]!.created_at) });
    // No version, no event, no audit row: the sender is never told.
    expect(await footprint(m.id)).toEqual({ ...before, reports: (before.reports as number) + 1 });

    // A report after an edit keeps the text as it was then; an empty note is no note.
    await callerFor(t.db, alice).message.edit({ messageId: m.id, body: "buy cheap watches!!!" });
    await report(carol, m.id, "other", "");
    expect((await reportsOf(m.id)).map((x) => [x.reporter_id, x.body, x.note])).toEqual([
      [bob.id, "buy cheap watches", "third time today"],
      [carol.id, "buy cheap watches!!!", null],
    ]);
  });

  it("once per member: a second report (any category) is refused with a clear message, still one row", async () => {
    const m = await send(alice, "once is enough");
    await report(bob, m.id, "abuse", "first");
    const before = await footprint(m.id);
    for (const category of ["abuse", "spam"] as const) {
      await expectTrpcError(report(bob, m.id, category, "again"), "CONFLICT", {
        appCode: "ALREADY_REPORTED",
        message: /^You already reported this message; the moderators have it\.$/,
      });
    }
    expect(await footprint(m.id)).toEqual(before);
    expect((await reportsOf(m.id)).map((x) => [x.reporter_id, x.category, x.note])).toEqual([
      [bob.id, "abuse", "first"],
    ]);
  });

  it("refuses one's own message, a system line, a recalled message and a non-member, storing nothing", async () => {
    const own = await send(bob, "my own words");
    let before = await footprint(own.id);
    await expectTrpcError(report(bob, own.id), "BAD_REQUEST", {
      appCode: "OWN_MESSAGE",
      message: /^You cannot report your own message; you can recall or edit it\.$/,
    });
    expect(await footprint(own.id)).toEqual(before);

    await callerFor(t.db, alice).conversation.setMemberRole({ conversationId: group, userId: carol.id, role: "admin" });
    const [line] = rowsOf<{ id: string }>(
      await t.db.execute(
        sql`select id from messages where conversation_id = ${group} and kind = 'system' order by seq desc limit 1`,
      ),
    );
    before = await footprint(line!.id);
    await expectTrpcError(report(bob, line!.id), "BAD_REQUEST", {
      appCode: "SYSTEM_MESSAGE",
      message: /^System messages cannot be reported\.$/,
    });
    expect(await footprint(line!.id)).toEqual(before);

    const recalled = await send(alice, "taken back");
    await callerFor(t.db, alice).message.recall({ messageId: recalled.id });
    before = await footprint(recalled.id);
    await expectTrpcError(report(bob, recalled.id), "CONFLICT", {
      appCode: "RECALLED",
      message: /^This message was recalled already, so there is nothing to report\.$/,
    });
    expect(await footprint(recalled.id)).toEqual(before);

    const m = await send(alice, "members only");
    before = await footprint(m.id);
    const outsider = await expectTrpcError(report(eve, m.id), "NOT_FOUND", {
      appCode: "NOT_FOUND",
      message: /^Message not found\.$/,
    });
    const unknown = await expectTrpcError(report(eve, randomUUID()), "NOT_FOUND", { appCode: "NOT_FOUND" });
    expect(outsider.message).toBe(unknown.message);
    expect(await footprint(m.id)).toEqual(before);
  });

  it("refuses a bad category or note with a clear message, storing nothing", async () => {
    const m = await send(alice, "report me properly");
    const before = await footprint(m.id);
    await expectTrpcError(report(bob, m.id, "rude" as Category), "BAD_REQUEST", {
      message: /Pick a reason: spam, abuse, personal data or other\./,
    });
    await expectTrpcError(report(bob, m.id, "other", "x".repeat(501)), "BAD_REQUEST", {
      message: /A note can be at most 500 characters\./,
    });
    await expectTrpcError(report(bob, m.id, "other", "hidden\u0007bell"), "BAD_REQUEST", {
      message: /A note contains control characters/,
    });
    await expectTrpcError(
      callerFor(t.db, bob).message.report({ messageId: "not-an-id", category: "spam" }),
      "BAD_REQUEST",
      { message: /messageId must be a valid id\./ },
    );
    expect(await footprint(m.id)).toEqual(before);
    // 500 characters is fine.
    await report(bob, m.id, "other", "y".repeat(500));
    expect((await reportsOf(m.id))[0]!.note).toHaveLength(500);
  });
});
