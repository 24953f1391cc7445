import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowsOf } from "~/db/client";
import { type SessionUser } from "~/server/context";
import { expectTrpcError } from "../expect-error";
import { callerFor, clientMsgId, type TestDb } from "../harness";
import { createWorld } from "./setup";

/**
 * The admin report queue: list (grouped per message, filtered, paged), detail (audited), resolve
 * (recall / dismiss / review, audited). Expected states are read with SQL written here.
 */
let t: TestDb;
let alice: SessionUser, bob: SessionUser, carol: SessionUser, dave: SessionUser, sys: SessionUser;
let group: string;

beforeAll(async () => {
  ({
    t,
    users: { alice, bob, carol, dave, sys },
    group,
  } = await createWorld(
    { alice: "Alice", bob: "Bob", carol: "Carol", dave: "Dave", sys: ["Sysop", "admin"] },
    { title: "Queue", members: { alice: "owner", bob: "member", carol: "member", dave: "member" } },
  ));
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.execute(sql`update recall_settings set recall_window_seconds = 120, content_policy = 'retain'`);
});

const send = (user: SessionUser, body: string) =>
  callerFor(t.db, user).message.send({ conversationId: group, clientMsgId: clientMsgId(), body });
type Category = "spam" | "abuse" | "personal_data" | "other";
const report = (user: SessionUser, messageId: string, category: Category, note?: string) =>
  callerFor(t.db, user).message.report({ messageId, category, note });
const admin = () => callerFor(t.db, sys).admin.reports;
const count = async (where: ReturnType<typeof sql>) =>
  rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from audit_log where ${where}`))[0]!.n;
const statuses = async (messageId: string) =>
  rowsOf<{ status: string; resolved_by: string | null; resolved: boolean }>(
    await t.db.execute(sql`select status::text as status, resolved_by, resolved_at is not null as resolved
        from message_reports where message_id = ${messageId} order by id`),
  );

/** The queue as SQL groups it: one row per reported message, with the filter applied. */
async function expectedQueue(filter: "open" | "resolved" | "all", category?: Category) {
  const rows = rowsOf<{ id: string; reports: number; open: number; categories: string; state: string }>(
    await t.db.execute(sql`
      select r.message_id as id, count(*)::int as reports, (count(*) filter (where r.status = 'open'))::int as open,
             string_agg(distinct r.category::text, ',' order by r.category::text) as categories,
             case when m.revoked_at is not null then 'recalled' when m.edited_at is not null then 'edited' else 'live' end as state
        from message_reports r join messages m on m.id = r.message_id
       group by r.message_id, m.revoked_at, m.edited_at
      having ${filter === "open" ? sql`count(*) filter (where r.status = 'open') > 0` : filter === "resolved" ? sql`count(*) filter (where r.status = 'open') = 0` : sql`true`}
         and ${category ? sql`bool_or(r.category = ${category}::report_category)` : sql`true`}`),
  );
  return new Map(rows.map((r) => [r.id, r]));
}

describe("admin.reports.list", () => {
  it("groups reports per message with counts and categories, filters by status and category, and pages without gaps", async () => {
    const spam = await send(alice, "queue: spam");
    const mixed = await send(bob, "queue: mixed");
    const quiet = await send(carol, "queue: quiet");
    await report(bob, spam.id, "spam");
    await report(carol, spam.id, "spam");
    await report(dave, spam.id, "abuse");
    await report(alice, mixed.id, "personal_data");
    await report(carol, mixed.id, "other");
    await report(dave, quiet.id, "other");
    await callerFor(t.db, bob).message.edit({ messageId: mixed.id, body: "queue: mixed (edited)" });
    await admin().resolve({ messageId: quiet.id, action: "dismiss" });
    // Two messages last reported within the same millisecond (microseconds apart), as busy queues have.
    await t.db.execute(
      sql`update message_reports set created_at = '2030-01-01T00:00:00.123456Z' where message_id = ${spam.id}`,
    );
    await t.db.execute(
      sql`update message_reports set created_at = '2030-01-01T00:00:00.123200Z' where message_id = ${mixed.id}`,
    );

    const cases = [
      { status: "all" },
      { status: "open" },
      { status: "resolved" },
      { status: "all", category: "abuse" },
      { status: "open", category: "other" },
    ] as const;
    for (const input of cases) {
      const category = "category" in input ? input.category : undefined;
      const want = await expectedQueue(input.status, category);
      const all = await admin().list({ ...input, limit: 100 });
      expect(all.nextCursor).toBeNull();
      expect(all.items.map((i) => i.messageId).sort(), JSON.stringify(input)).toEqual([...want.keys()].sort());
      for (const item of all.items) {
        const w = want.get(item.messageId)!;
        expect([item.reports, item.openReports, [...item.categories].sort().join(","), item.state]).toEqual([
          w.reports,
          w.open,
          w.categories,
          w.state,
        ]);
        expect(item.conversationLabel).toBe("Queue");
        expect(JSON.stringify(item)).not.toContain("queue:");
      }
      // Most recently reported first, by the (lastReportedAt, messageId) the cursor carries.
      const keys = all.items.map((i) => [i.lastReportedAt.getTime(), i.messageId] as const);
      expect(keys).toEqual([...keys].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : -1)));
      for (const limit of [1, 2]) {
        const paged: string[] = [];
        let cursor: { at: Date; id: string } | null = null;
        for (let pages = 0; ; pages++) {
          expect(pages).toBeLessThan(50);
          const page = await admin().list({ ...input, limit, cursor });
          paged.push(...page.items.map((i) => i.messageId));
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        expect(paged, `${JSON.stringify(input)} limit ${limit}`).toEqual(all.items.map((i) => i.messageId));
      }
    }
    const one = (await admin().list({ status: "all", limit: 100 })).items.find((i) => i.messageId === spam.id)!;
    // One message's row by its id (the report page's facts), and nothing for an unreported one.
    expect((await admin().list({ status: "all", messageId: spam.id })).items).toEqual([one]);
    const unreported = await send(alice, "queue: nobody reported this");
    expect((await admin().list({ status: "all", messageId: unreported.id })).items).toEqual([]);
    expect(one).toMatchObject({ sender: { id: alice.id, name: "Alice" }, conversationId: group, reports: 3 });
    expect(one.lastReportedAt).toEqual(new Date("2030-01-01T00:00:00.123Z"));
  });
});

describe("admin.reports.detail and resolve", () => {
  it("detail shows each report with its reporter and the text seen, and audits every look", async () => {
    const m = await send(alice, "look closer");
    await report(bob, m.id, "abuse", "not ok");
    await report(carol, m.id, "spam");
    const want = rowsOf<{ id: number; reporter_id: string; category: string; note: string | null; body: string }>(
      await t.db.execute(sql`select id::int as id, reporter_id, category::text as category, note, body
          from message_reports where message_id = ${m.id} order by created_at, id`),
    );
    for (let i = 1; i <= 2; i++) {
      const { reports } = await admin().detail({ messageId: m.id });
      expect(reports.map((r) => [r.id, r.reporter.id, r.category, r.note, r.body, r.status, r.resolvedBy])).toEqual(
        want.map((w) => [w.id, w.reporter_id, w.category, w.note, w.body, "open", null]),
      );
      expect(reports.map((r) => r.reporter.name)).toEqual(["Bob", "Carol"]);
      expect(await count(sql`action = 'view_report' and target_message_id = ${m.id} and actor_id = ${sys.id}`)).toBe(i);
    }
    const unreported = await send(alice, "nobody minds");
    await expectTrpcError(admin().detail({ messageId: unreported.id }), "NOT_FOUND", {
      message: /^No reports for this message\.$/,
    });
    expect(await count(sql`target_message_id = ${unreported.id}`)).toBe(0);
  });

  it("resolve by recall: recalled as a system admin with the reason, reports actioned, both audited; again is refused", async () => {
    const m = await send(alice, "awful words");
    await report(bob, m.id, "abuse");
    await report(carol, m.id, "abuse");
    const r = await admin().resolve({ messageId: m.id, action: "recall", reason: "Harassment" });
    expect(r).toEqual({ closed: 2, recalled: true });
    const [row] = rowsOf<Record<string, unknown>>(
      await t.db.execute(sql`select body, revoked_at is not null as revoked, revoker_id, revoker_kind::text as kind,
          revoke_reason, (select body from recall_vault v where v.message_id = m.id) as vaulted from messages m where id = ${m.id}`),
    );
    expect(row).toEqual({
      body: null,
      revoked: true,
      revoker_id: sys.id,
      kind: "system_admin",
      revoke_reason: "Harassment",
      vaulted: "awful words",
    });
    expect(await statuses(m.id)).toEqual([
      { status: "actioned", resolved_by: sys.id, resolved: true },
      { status: "actioned", resolved_by: sys.id, resolved: true },
    ]);
    const audits = rowsOf<{ action: string; actor_id: string; reason: string; details: Record<string, unknown> }>(
      await t.db.execute(sql`select action::text as action, actor_id, reason, details from audit_log
          where target_message_id = ${m.id} order by id`),
    );
    expect(audits.map((a) => [a.action, a.actor_id, a.reason])).toEqual([
      ["recall", sys.id, "Harassment"],
      ["report_resolve", sys.id, "Harassment"],
    ]);
    expect(audits[1]!.details).toEqual({ resolution: "recall", reports: 2 });
    for (const action of ["recall", "dismiss"] as const) {
      await expectTrpcError(admin().resolve({ messageId: m.id, action }), "CONFLICT", {
        appCode: "ALREADY_DONE",
        message: /^This message has no open reports: they were already resolved\.$/,
      });
    }
    expect(await count(sql`target_message_id = ${m.id}`)).toBe(2);
  });

  it("dismiss and review close the open reports only, leave the message alone, and are audited", async () => {
    const a = await send(alice, "harmless a");
    const b = await send(alice, "harmless b");
    await report(bob, a.id, "spam");
    await report(bob, b.id, "other");
    const [v] = rowsOf<{ a: number; b: number }>(
      await t.db.execute(sql`select (select version::int from messages where id = ${a.id}) as a,
          (select version::int from messages where id = ${b.id}) as b`),
    );
    expect(await admin().resolve({ messageId: a.id, action: "dismiss" })).toEqual({ closed: 1, recalled: false });
    expect(await admin().resolve({ messageId: b.id, action: "review", reason: "Looked fine" })).toEqual({
      closed: 1,
      recalled: false,
    });
    expect((await statuses(a.id)).map((s) => s.status)).toEqual(["dismissed"]);
    expect((await statuses(b.id)).map((s) => s.status)).toEqual(["reviewed"]);
    const [after] = rowsOf<{ a: number; b: number; live: number }>(
      await t.db.execute(sql`select (select version::int from messages where id = ${a.id}) as a,
          (select version::int from messages where id = ${b.id}) as b,
          (select count(*)::int from messages where id in (${a.id}, ${b.id}) and revoked_at is null) as live`),
    );
    expect(after).toEqual({ ...v, live: 2 });
    expect(
      await count(
        sql`action = 'report_resolve' and target_message_id = ${a.id} and details->>'resolution' = 'dismiss'`,
      ),
    ).toBe(1);
    expect(await count(sql`action = 'report_resolve' and target_message_id = ${b.id} and reason = 'Looked fine'`)).toBe(
      1,
    );
    // A later report reopens the message in the queue; the dismissed one stays dismissed.
    await report(carol, a.id, "abuse");
    expect((await statuses(a.id)).map((s) => s.status)).toEqual(["dismissed", "open"]);
    expect((await admin().list({ limit: 100 })).items.find((i) => i.messageId === a.id)).toMatchObject({
      reports: 2,
      openReports: 1,
    });
  });

  it("a reported message the sender then recalls stays in the queue, with the reported text in the detail", async () => {
    const m = await send(alice, "regrettable");
    await report(dave, m.id, "abuse", "please look");
    await callerFor(t.db, alice).message.recall({ messageId: m.id });
    expect((await admin().list({ limit: 100 })).items.find((i) => i.messageId === m.id)).toMatchObject({
      state: "recalled",
      openReports: 1,
    });
    const { reports } = await admin().detail({ messageId: m.id });
    expect(reports).toMatchObject([{ reporter: { id: dave.id }, body: "regrettable", note: "please look" }]);
    // Already recalled by its sender: closing the report as actioned recalls nothing more.
    expect(await admin().resolve({ messageId: m.id, action: "recall", reason: "Handled" })).toEqual({
      closed: 1,
      recalled: false,
    });
    expect(await count(sql`action = 'recall' and target_message_id = ${m.id}`)).toBe(1);
  });

  it("every admin.reports procedure is refused to members and group owners, with nothing audited or changed", async () => {
    const m = await send(bob, "report fodder");
    await report(carol, m.id, "spam");
    const audits = await count(sql`true`);
    for (const who of [alice, carol]) {
      const api = callerFor(t.db, who).admin.reports;
      await expectTrpcError(api.list({}), "FORBIDDEN");
      await expectTrpcError(api.detail({ messageId: m.id }), "FORBIDDEN");
      await expectTrpcError(api.resolve({ messageId: m.id, action: "recall", reason: "mine now" }), "FORBIDDEN");
      await expectTrpcError(api.edits({ messageId: m.id }), "FORBIDDEN");
    }
    await expectTrpcError(callerFor(t.db, null).admin.reports.list({}), "UNAUTHORIZED");
    expect(await count(sql`true`)).toBe(audits);
    expect(await statuses(m.id)).toEqual([{ status: "open", resolved_by: null, resolved: false }]);
    const [row] = rowsOf<{ body: string }>(await t.db.execute(sql`select body from messages where id = ${m.id}`));
    expect(row!.body).toBe("report fodder");
  });
});
