import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "~/test/csv";
import { rowsOf } from "~/db/client";
import { auditLog, messages, recallReviews, recallSettings, recallVault } from "~/db/schema";
import { auditCsvResponse, auditCsvStream, AUDIT_CSV_HEADER } from "~/server/admin/audit-export";
import { type SessionUser } from "~/server/context";
import { appRouter } from "~/server/root";
import { markReviewed } from "~/server/routers/admin/recalled";
import { expectTrpcError } from "../expect-error";
import { callerFor, clientMsgId, containsText, createGroup, createTestDb, createUser, type TestDb } from "../harness";
import { countRows, createWorld } from "./setup";

let t: TestDb;
let owner: SessionUser,
  groupAdmin: SessionUser,
  alice: SessionUser,
  bob: SessionUser,
  sys: SessionUser,
  plain: SessionUser;

beforeAll(async () => {
  ({
    t,
    users: { owner, groupAdmin, alice, bob, sys, plain },
  } = await createWorld({
    owner: "Olivia",
    groupAdmin: "Gary",
    alice: "Alice",
    bob: "Bob",
    sys: ["Sysop", "admin"],
    plain: "Pat",
  }));
});
afterAll(() => t.close());

const send = async (user: SessionUser, conversationId: string, body: string) =>
  (await callerFor(t.db, user).message.send({ conversationId, clientMsgId: clientMsgId(), body })).id;
const recall = (user: SessionUser, messageId: string, reason?: string) =>
  callerFor(t.db, user).message.recall({ messageId, reason });
const auditCount = (where?: ReturnType<typeof sql>) => countRows(t.db, auditLog, where);
const setRecalledAt = (messageId: string, at: Date | string) =>
  t.db
    .update(messages)
    .set({ revokedAt: new Date(at) })
    .where(eq(messages.id, messageId));
const reviewGroup = async (title: string) =>
  createGroup(t.db, title, [
    [owner, "owner"],
    [groupAdmin, "admin"],
    [alice, "member"],
    [bob, "member"],
  ]);

type Call = (input?: unknown) => Promise<unknown>;
/** A caller's procedure by its dotted path, e.g. "admin.recalled.list". */
function procedureAt(caller: unknown, path: string): Call {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as Call;
}

describe("every admin procedure is for system admins only", () => {
  const adminPaths = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith("admin."));
  const someId = "00000000-0000-4000-8000-000000000000";
  // Valid inputs, so that a refusal can only come from the role check; a procedure missing here fails.
  const sampleInput: Record<string, unknown> = {
    "admin.stats": { utcOffsetMinutes: 0 },
    "admin.recalled.list": {},
    "admin.recalled.byId": { messageId: someId },
    "admin.recalled.context": { messageId: someId },
    "admin.recalled.original": { messageId: someId },
    "admin.recalled.restore": { messageId: someId },
    "admin.recalled.purge": { messageId: someId },
    "admin.recalled.review": { messageId: someId, note: "ok" },
    "admin.recalled.reviewMany": { messageIds: [someId] },
    "admin.settings.get": undefined,
    "admin.settings.update": { recallWindowSeconds: 30 },
    "admin.settings.setOverride": { conversationId: someId, values: { recallWindowSeconds: 30 } },
    "admin.settings.clearOverride": { conversationId: someId },
    "admin.audit.list": {},
    "admin.directory.users": { query: "a" },
    "admin.directory.conversations": { query: "a" },
    "admin.directory.resolve": { userIds: [someId] },
    "admin.users.list": {},
    "admin.users.setRole": { userId: someId, role: "admin" },
    "admin.users.disable": { userId: someId },
    "admin.users.enable": { userId: someId },
    "admin.reports.list": {},
    "admin.reports.detail": { messageId: someId },
    "admin.reports.resolve": { messageId: someId, action: "dismiss" },
    "admin.reports.edits": { messageId: someId },
  };

  it("finds the procedures to check", () => {
    expect(adminPaths.length).toBeGreaterThanOrEqual(16);
    expect(adminPaths).toEqual(expect.arrayContaining(Object.keys(sampleInput)));
    expect(adminPaths.filter((p) => !(p in sampleInput))).toEqual([]);
  });

  it.each(adminPaths)(
    "%s: FORBIDDEN for a plain user, a group owner and a demoted admin; UNAUTHORIZED signed out",
    async (path) => {
      const input = path in sampleInput ? sampleInput[path] : {};
      const before = await auditCount();
      await expectTrpcError(procedureAt(callerFor(t.db, plain), path)(input), "FORBIDDEN");
      await expectTrpcError(procedureAt(callerFor(t.db, owner), path)(input), "FORBIDDEN");
      // The session token still says "admin", but the database no longer does: refused at once.
      await expectTrpcError(procedureAt(callerFor(t.db, { ...plain, role: "admin" }), path)(input), "FORBIDDEN");
      await expectTrpcError(procedureAt(callerFor(t.db, null), path)(input), "UNAUTHORIZED");
      expect(await auditCount()).toBe(before);
    },
  );

  it("the same inputs get past the role check for a system admin", async () => {
    for (const path of adminPaths) {
      const outcome = await procedureAt(
        callerFor(t.db, sys),
        path,
      )(path in sampleInput ? sampleInput[path] : {}).then(
        () => "ok",
        (e: unknown) => (e instanceof TRPCError ? e.code : "other"),
      );
      // The sample ids do not exist, so NOT_FOUND is the expected refusal for those that need one.
      expect(["ok", "NOT_FOUND"], `${path} → ${outcome}`).toContain(outcome);
    }
  });
});

describe("admin.recalled.original", () => {
  it("every view writes exactly one audit row; refused or failed views write none", async () => {
    const conv = await reviewGroup("Originals");
    const m = await send(alice, conv, "look at me 看看");
    await recall(alice, m);
    const api = callerFor(t.db, sys);
    const views = sql`${auditLog.targetMessageId} = ${m} and ${auditLog.action} = 'view_original'`;
    for (let i = 1; i <= 3; i++) {
      expect((await api.admin.recalled.original({ messageId: m })).body).toBe("look at me 看看");
      expect(await auditCount(views)).toBe(i);
    }
    const [row] = await t.db
      .select()
      .from(auditLog)
      .where(views)
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    expect(row).toMatchObject({ actorId: sys.id, targetConversationId: conv, targetUserId: alice.id });
    await expectTrpcError(callerFor(t.db, owner).admin.recalled.original({ messageId: m }), "FORBIDDEN");
    await expectTrpcError(callerFor(t.db, null).admin.recalled.original({ messageId: m }), "UNAUTHORIZED");
    await api.admin.recalled.purge({ messageId: m });
    await expectTrpcError(api.admin.recalled.original({ messageId: m }), "PRECONDITION_FAILED", {
      appCode: "ALREADY_PURGED",
    });
    expect(await auditCount(views)).toBe(3);
  });

  it("the list, detail and context never carry the original text", async () => {
    const conv = await reviewGroup("No leaks");
    const m = await send(alice, conv, "NEEDLE-原文");
    await recall(alice, m);
    const api = callerFor(t.db, sys);
    expect(containsText(await api.admin.recalled.list({ conversationId: conv }), "NEEDLE")).toBe(false);
    expect(containsText(await api.admin.recalled.byId({ messageId: m }), "NEEDLE")).toBe(false);
    expect(containsText(await api.admin.recalled.context({ messageId: m }), "NEEDLE")).toBe(false);
  });
});

describe("admin.recalled.list", () => {
  let conv: string, other: string;
  const ids = {} as Record<"m1" | "m2" | "m3" | "m4" | "m5" | "m6" | "m7" | "m8" | "live", string>;

  beforeAll(async () => {
    conv = await reviewGroup("Review");
    other = await reviewGroup("Other");
    ids.m1 = await send(alice, conv, "m1");
    await recall(alice, ids.m1, "typo");
    ids.m2 = await send(bob, conv, "m2");
    await recall(owner, ids.m2, "Spam link, please stop");
    ids.m3 = await send(alice, conv, "m3");
    await recall(sys, ids.m3, "SPAM again");
    ids.m4 = await send(bob, conv, "m4");
    await recall(groupAdmin, ids.m4);
    ids.m5 = await send(alice, conv, "m5");
    await recall(alice, ids.m5, "oops");
    await callerFor(t.db, sys).admin.recalled.restore({ messageId: ids.m5 });
    ids.m6 = await send(alice, other, "m6");
    await recall(alice, ids.m6);
    ids.m7 = await send(bob, conv, "m7");
    ids.m8 = await send(bob, conv, "m8");
    await callerFor(t.db, sys).message.bulkRecall({
      userId: bob.id,
      conversationId: conv,
      reason: "bulk cleanup",
      from: new Date(Date.now() - 60_000),
    });
    await callerFor(t.db, sys).admin.recalled.restore({ messageId: ids.m7 });
    ids.live = await send(alice, conv, "never recalled");
    // Fixed recall times; m2 and m3 share one to the microsecond, so only the id breaks the tie.
    await setRecalledAt(ids.m1, "2030-01-01T10:00:00.000Z");
    await t.db.execute(
      sql`update messages set revoked_at = '2030-01-02 10:00:00.123456+00' where id in (${ids.m2}, ${ids.m3})`,
    );
    await setRecalledAt(ids.m4, "2030-01-03T10:00:00.000Z");
    await setRecalledAt(ids.m8, "2030-01-04T10:00:00.000Z");
  });

  const list = (input: Parameters<ReturnType<typeof callerFor>["admin"]["recalled"]["list"]>[0]) =>
    callerFor(t.db, sys).admin.recalled.list(input);
  const idsOf = (r: { items: { id: string }[] }) => r.items.map((i) => i.id);

  it("shows recalled and restored messages, with revoker, reason and state; never live ones", async () => {
    const r = await list({ conversationId: conv, limit: 100 });
    expect(new Set(idsOf(r))).toEqual(new Set([ids.m1, ids.m2, ids.m3, ids.m4, ids.m5, ids.m7, ids.m8]));
    expect(r.total).toBe(7);
    const by = new Map(r.items.map((i) => [i.id, i]));
    expect(by.get(ids.m1)).toMatchObject({
      sender: { id: alice.id, name: "Alice" },
      revoker: { id: alice.id },
      revokerKind: "sender",
      reason: "typo",
      state: "retained",
      conversationLabel: "Review",
    });
    expect(by.get(ids.m2)).toMatchObject({
      sender: { id: bob.id },
      revoker: { id: owner.id, name: "Olivia" },
      revokerKind: "group_owner",
      state: "retained",
    });
    expect(by.get(ids.m4)).toMatchObject({ revokerKind: "group_admin", reason: null });
    // Restored: the recall's who/why come from the audit log (the message row no longer has them).
    expect(by.get(ids.m5)).toMatchObject({
      state: "restored",
      revoker: { id: alice.id },
      revokerKind: "sender",
      reason: "oops",
      retainedUntil: null,
    });
    expect(by.get(ids.m7)).toMatchObject({
      state: "restored",
      revoker: { id: sys.id },
      revokerKind: "system_admin",
      reason: "bulk cleanup",
    });
    expect(by.get(ids.m8)).toMatchObject({ state: "retained", revokerKind: "system_admin", reason: "bulk cleanup" });
    expect(by.get(ids.m1)!.retainedUntil!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(by.get(ids.m2)!.revokedAt.toISOString()).toBe("2030-01-02T10:00:00.123Z");
  });

  it("filters by conversation, sender, revoker, kind, reason, time, state and review", async () => {
    expect(idsOf(await list({ conversationId: other }))).toEqual([ids.m6]);
    expect(new Set(idsOf(await list({ conversationId: conv, senderId: bob.id })))).toEqual(
      new Set([ids.m2, ids.m4, ids.m7, ids.m8]),
    );
    expect(new Set(idsOf(await list({ conversationId: conv, revokerId: sys.id })))).toEqual(
      new Set([ids.m3, ids.m7, ids.m8]),
    );
    expect(new Set(idsOf(await list({ conversationId: conv, actorKind: "group_moderator" })))).toEqual(
      new Set([ids.m2, ids.m4]),
    );
    expect(new Set(idsOf(await list({ conversationId: conv, actorKind: "sender" })))).toEqual(
      new Set([ids.m1, ids.m5]),
    );
    expect(new Set(idsOf(await list({ conversationId: conv, reason: "spam" })))).toEqual(new Set([ids.m2, ids.m3]));
    expect(idsOf(await list({ conversationId: conv, reason: "100%" }))).toEqual([]);
    expect(idsOf(await list({ conversationId: conv, reason: "   " })).length).toBe(7);
    const range = await list({
      conversationId: conv,
      from: new Date("2030-01-02T00:00:00Z"),
      to: new Date("2030-01-03T23:59:59Z"),
    });
    expect(idsOf(range)).toEqual([ids.m4, ...[ids.m3, ids.m2].sort().reverse()]);
    expect(range.total).toBe(3);
    expect(new Set(idsOf(await list({ conversationId: conv, state: "restored" })))).toEqual(new Set([ids.m5, ids.m7]));
    await expectTrpcError(list({ from: new Date("2030-01-02"), to: new Date("2030-01-01") }), "BAD_REQUEST", {
      message: /before its end/,
    });
    await expectTrpcError(list({ reason: "x".repeat(201) }), "BAD_REQUEST", { message: /at most 200/ });
  });

  it("sorts by recall or send time, either way, with the id as tiebreak", async () => {
    const desc = idsOf(await list({ conversationId: conv, limit: 100 }));
    const [hi, lo] = [ids.m3, ids.m2].sort().reverse();
    // Restored ones were recalled "now", before 2030.
    expect(desc.slice(0, 5)).toEqual([ids.m8, ids.m4, hi, lo, ids.m1]);
    const asc = idsOf(await list({ conversationId: conv, dir: "asc", limit: 100 }));
    expect(asc).toEqual([...desc].reverse());
    const bySent = idsOf(await list({ conversationId: conv, sort: "sentAt", dir: "asc", limit: 100 }));
    expect(bySent).toEqual([ids.m1, ids.m2, ids.m3, ids.m4, ids.m5, ids.m7, ids.m8]);
  });

  it("cursor pagination visits every row once, in order, across microsecond ties", async () => {
    for (const order of [
      {},
      { dir: "asc" as const },
      { sort: "sentAt" as const },
      { sort: "sentAt" as const, dir: "asc" as const },
    ]) {
      const all = idsOf(await list({ conversationId: conv, limit: 100, ...order }));
      const seen: string[] = [];
      let cursor: { at: string; id: string } | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<typeof list>> = await list({ conversationId: conv, limit: 2, cursor, ...order });
        expect(page.total).toBe(pages === 0 ? 7 : null);
        seen.push(...idsOf(page));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(seen).toEqual(all);
      expect(pages).toBe(4);
    }
  });

  it("mark as reviewed: recorded with who, when and the note; filterable; only for recalled messages", async () => {
    const api = callerFor(t.db, sys);
    expect(idsOf(await list({ conversationId: conv, reviewed: true }))).toEqual([]);
    const first = await api.admin.recalled.review({ messageId: ids.m2, note: "  Checked: spam, keep it recalled.  " });
    expect(first.note).toBe("Checked: spam, keep it recalled.");
    await api.admin.recalled.review({ messageId: ids.m2, note: "" });
    const detail = await api.admin.recalled.byId({ messageId: ids.m2 });
    expect(detail.reviews).toHaveLength(2);
    expect(detail.reviews[0]).toMatchObject({ by: { id: sys.id, name: "Sysop" }, note: null });
    expect(detail.reviews[1]).toMatchObject({ note: "Checked: spam, keep it recalled." });
    expect(detail.reviews[1]!.at.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(detail.record.review).toMatchObject({ by: "Sysop", note: null });
    expect(idsOf(await list({ conversationId: conv, reviewed: true }))).toEqual([ids.m2]);
    expect(idsOf(await list({ conversationId: conv, reviewed: false }))).not.toContain(ids.m2);
    await expectTrpcError(api.admin.recalled.review({ messageId: ids.live }), "NOT_FOUND");
    await expectTrpcError(api.admin.recalled.review({ messageId: ids.m2, note: "x".repeat(1001) }), "BAD_REQUEST", {
      message: /at most 1000/,
    });
    const rows = await t.db.select().from(recallReviews).where(eq(recallReviews.messageId, ids.m2));
    expect(rows.map((r) => r.reviewerId)).toEqual([sys.id, sys.id]);
  });

  it("bulk mark reviewed: all or nothing, one review and one audit row per message, bounded", async () => {
    const api = callerFor(t.db, sys);
    const reviewsOf = async (id: string) =>
      (await t.db.select().from(recallReviews).where(eq(recallReviews.messageId, id))).length;
    const auditsOf = async (id: string) =>
      (
        await t.db
          .select()
          .from(auditLog)
          .where(sql`${auditLog.action} = 'review' and ${auditLog.targetMessageId} = ${id}`)
      ).length;
    const before = { m3: await reviewsOf(ids.m3), m4: await reviewsOf(ids.m4), a3: await auditsOf(ids.m3) };
    // One live (never recalled) message in the selection: refused, nothing stored for the others.
    await expectTrpcError(api.admin.recalled.reviewMany({ messageIds: [ids.m3, ids.live] }), "NOT_FOUND", {
      message: /nothing was marked reviewed/,
    });
    expect(await reviewsOf(ids.m3)).toBe(before.m3);
    expect(await auditsOf(ids.m3)).toBe(before.a3);
    // Duplicates count once.
    expect(await api.admin.recalled.reviewMany({ messageIds: [ids.m3, ids.m4, ids.m3], note: "bulk" })).toEqual({
      reviewed: 2,
    });
    expect(await reviewsOf(ids.m3)).toBe(before.m3 + 1);
    expect(await reviewsOf(ids.m4)).toBe(before.m4 + 1);
    expect(await auditsOf(ids.m3)).toBe(before.a3 + 1);
    await expectTrpcError(api.admin.recalled.reviewMany({ messageIds: [] }), "BAD_REQUEST", {
      message: /at least one/,
    });
    await expectTrpcError(
      api.admin.recalled.reviewMany({ messageIds: Array.from({ length: 101 }, () => ids.m3) }),
      "BAD_REQUEST",
      { message: /At most 100/ },
    );
    await expectTrpcError(callerFor(t.db, alice).admin.recalled.reviewMany({ messageIds: [ids.m3] }), "FORBIDDEN");
  });

  it("bulk mark reviewed checks the reviewer's role in the same statement that writes (a demotion after the call began stores nothing)", async () => {
    const admin2 = await createUser(t.db, "Second admin", "admin");
    const reviewsOf = async (id: string) =>
      (await t.db.select().from(recallReviews).where(eq(recallReviews.messageId, id))).length;
    const before = await reviewsOf(ids.m1);
    // The procedure's role check has passed; then the account is demoted (or disabled) before the write.
    await t.db.execute(sql`update users set role = 'user' where id = ${admin2.id}`);
    expect(await t.db.transaction((tx) => markReviewed(tx, admin2.id, [ids.m1], null))).toBe("not_admin");
    await t.db.execute(sql`update users set role = 'admin', disabled_at = now() where id = ${admin2.id}`);
    expect(await t.db.transaction((tx) => markReviewed(tx, admin2.id, [ids.m1], null))).toBe("not_admin");
    expect(await reviewsOf(ids.m1)).toBe(before);
    expect(await auditCount(sql`${auditLog.action} = 'review' and ${auditLog.actorId} = ${admin2.id}`)).toBe(0);
    // An enabled admin: one review and one audit row per message, naming the message's conversation and sender.
    await t.db.execute(sql`update users set disabled_at = null where id = ${admin2.id}`);
    expect(await t.db.transaction((tx) => markReviewed(tx, admin2.id, [ids.m1, ids.m2], "ok"))).toHaveLength(2);
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'review' and ${auditLog.actorId} = ${admin2.id}`);
    expect(audits.map((a) => [a.targetMessageId, a.targetConversationId, a.targetUserId, a.reason]).sort()).toEqual(
      [
        [ids.m1, conv, alice.id, "ok"],
        [ids.m2, conv, bob.id, "ok"],
      ].sort(),
    );
  });

  it("detail: one record by id; NOT_FOUND for a live or unknown message", async () => {
    const api = callerFor(t.db, sys);
    expect((await api.admin.recalled.byId({ messageId: ids.m7 })).record).toMatchObject({
      id: ids.m7,
      state: "restored",
      seq: expect.any(Number),
    });
    await expectTrpcError(api.admin.recalled.byId({ messageId: ids.live }), "NOT_FOUND");
    await expectTrpcError(api.admin.recalled.byId({ messageId: "00000000-0000-4000-8000-000000000000" }), "NOT_FOUND");
  });
});

describe("admin.recalled.context", () => {
  it("returns the member view around the message: tombstones, silent ones removed, no recalled text", async () => {
    const conv = await reviewGroup("Context");
    const seqIds: string[] = [];
    for (let i = 1; i <= 9; i++) seqIds.push(await send(i % 2 ? alice : bob, conv, `line ${i}`));
    await recall(alice, seqIds[4]!, "wrong chat");
    await t.db.update(recallSettings).set({ noticeMode: "silent" });
    await recall(alice, seqIds[2]!);
    await t.db.update(recallSettings).set({ noticeMode: "tip" });
    const ctx = await callerFor(t.db, sys).admin.recalled.context({ messageId: seqIds[4]!, radius: 2 });
    expect(ctx.targetSeq).toBe(5);
    expect(ctx.items.map((i) => i.seq)).toEqual([3, 4, 5, 6, 7]);
    expect(ctx.items[0]).toEqual(expect.objectContaining({ removed: true, id: seqIds[2] }));
    expect(ctx.items[1]).toMatchObject({ body: "line 4", sender: { name: "Bob" } });
    expect(ctx.items[2]).toMatchObject({ id: seqIds[4], body: null, recall: { kind: "sender", reason: "wrong chat" } });
    expect(containsText(ctx, "line 5")).toBe(false);
    expect(containsText(ctx, "line 3")).toBe(false);
    await expectTrpcError(callerFor(t.db, sys).admin.recalled.context({ messageId: seqIds[0]! }), "NOT_FOUND");
    await expectTrpcError(
      callerFor(t.db, sys).admin.recalled.context({ messageId: seqIds[4]!, radius: 11 }),
      "BAD_REQUEST",
    );
  });
});

describe("admin.stats", () => {
  // Its own database, so the numbers are exactly the hand-built fixture's.
  let s: TestDb;
  let now: Date;
  const r = {} as Record<`r${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11}`, string>;
  let restoredAt: Date;
  let conv1: string, conv2: string, conv3: string;

  const dayStart = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const at = (daysAgo: number, hour: number, minute = 0) =>
    new Date(dayStart(now).getTime() - daysAgo * 86_400_000 + (hour * 60 + minute) * 60_000);
  const localDay = (d: Date, offset: number) => new Date(d.getTime() + offset * 60_000).toISOString().slice(0, 10);
  // The test's own ledger: when each recall set up below inside the last 30 days happened
  // (`restoredAt`: the recall of the message an admin later restored).
  const recalledInWindow = () => [
    at(0, 0, 1),
    at(0, 0, 2),
    restoredAt,
    at(1, 9),
    at(3, 20),
    at(5, 12),
    at(5, 12),
    at(5, 12),
    at(2, 12),
    at(10, 12),
  ];

  beforeAll(async () => {
    s = await createTestDb();
    const [o, g, a, b, adm] = [
      await createUser(s.db, "Olivia"),
      await createUser(s.db, "Gary"),
      await createUser(s.db, "Alice"),
      await createUser(s.db, "Bob"),
      await createUser(s.db, "Sysop", "admin"),
    ];
    now = new Date(
      String(
        rowsOf<{ now: string }>(
          await s.db.execute(sql`select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as now`),
        )[0]!.now,
      ),
    );
    conv1 = await createGroup(s.db, "Alpha", [
      [o, "owner"],
      [g, "admin"],
      [a, "member"],
      [b, "member"],
    ]);
    conv2 = await createGroup(s.db, "Beta", [
      [o, "owner"],
      [g, "admin"],
      [a, "member"],
    ]);
    conv3 = (await callerFor(s.db, a).conversation.createDirect({ userId: b.id })).id;
    const say = async (u: SessionUser, c: string, body: string) =>
      (await callerFor(s.db, u).message.send({ conversationId: c, clientMsgId: clientMsgId(), body })).id;
    const take = (u: SessionUser, id: string) => callerFor(s.db, u).message.recall({ messageId: id });
    const when = (id: string, d: Date) => s.db.update(messages).set({ revokedAt: d }).where(eq(messages.id, id));

    r.r1 = await say(a, conv1, "撤回"); // 6 bytes in the vault
    await take(a, r.r1);
    await when(r.r1, at(0, 0, 1));
    r.r2 = await say(b, conv1, "r2");
    await take(o, r.r2);
    await when(r.r2, at(0, 0, 2));
    r.r3 = await say(a, conv1, "r3");
    await take(adm, r.r3);
    await when(r.r3, at(1, 9));
    r.r4 = await say(b, conv1, "r4");
    await take(g, r.r4);
    await when(r.r4, at(40, 9));
    r.r5 = await say(a, conv1, "r5");
    await take(a, r.r5);
    await when(r.r5, at(3, 20)); // 04:00 the next day at UTC+8
    for (const key of ["r6", "r7", "r8"] as const) {
      r[key] = await say(a, conv2, key);
      await take(a, r[key]);
      await when(r[key], at(5, 12));
    }
    await callerFor(s.db, adm).admin.recalled.purge({ messageId: r.r8 });
    r.r9 = await say(a, conv2, "r9");
    await take(g, r.r9);
    await callerFor(s.db, adm).admin.recalled.restore({ messageId: r.r9 });
    const [recallRow] = await s.db
      .select({ at: auditLog.createdAt })
      .from(auditLog)
      .where(sql`${auditLog.targetMessageId} = ${r.r9} and ${auditLog.action} = 'recall'`);
    restoredAt = recallRow!.at;
    await s.db.update(recallSettings).set({ contentPolicy: "erase" });
    r.r10 = await say(a, conv2, "r10");
    await take(a, r.r10);
    await when(r.r10, at(2, 12));
    await s.db.update(recallSettings).set({ contentPolicy: "retain" });
    r.r11 = await say(b, conv3, "r11");
    await take(b, r.r11);
    await when(r.r11, at(10, 12));
    await s.db.update(recallVault).set({ retainedUntil: new Date("2031-05-06T07:08:09.000Z") });
    await s.db
      .update(recallVault)
      .set({ retainedUntil: new Date("2030-05-06T07:08:09.000Z") })
      .where(eq(recallVault.messageId, r.r7));
    await callerFor(s.db, adm).admin.recalled.review({ messageId: r.r1 });
    // A live message and an unrecalled one elsewhere count for nothing.
    await say(a, conv1, "live");
  });
  afterAll(() => s.close());

  const stats = async (utcOffsetMinutes: number) => {
    const [adm] = await s.db
      .execute(sql`select id, name, role from users where role = 'admin'`)
      .then((x) => rowsOf<SessionUser>(x));
    return callerFor(s.db, adm!).admin.stats({ utcOffsetMinutes });
  };

  it("counts match the fixture (UTC)", async () => {
    const st = await stats(0);
    expect(st.recent).toEqual({ total: 10, byKind: { sender: 7, group_moderator: 2, system_admin: 1 } });
    expect(st.allTime).toEqual({
      total: 11,
      byState: { retained: 8, erased: 1, purged: 1, restored: 1 },
      unreviewed: 10,
    });
    expect(st.topConversations).toEqual([
      { id: conv2, kind: "group", label: "Beta", count: 5 },
      { id: conv1, kind: "group", label: "Alpha", count: 4 },
      { id: conv3, kind: "direct", label: "Alice & Bob", count: 1 },
    ]);
    expect(st.vault).toEqual({
      count: 8,
      bytes: 6 + 6 * 2 + 3,
      nextPurgeAt: new Date("2030-05-06T07:08:09.000Z"),
      retentionDays: 30,
    });
    expect(st.days).toHaveLength(30);
    expect(st.days.at(-1)!.day).toBe(localDay(now, 0));
    expect(st.since.toISOString()).toBe(at(29, 0).toISOString());
    const expected = new Map<string, number>();
    for (const d of recalledInWindow()) expected.set(localDay(d, 0), (expected.get(localDay(d, 0)) ?? 0) + 1);
    expect(Object.fromEntries(st.days.filter((d) => d.count > 0).map((d) => [d.day, d.count]))).toEqual(
      Object.fromEntries(expected),
    );
  });

  it("days follow the viewer's UTC offset, and each number is the review list's total for its filter", async () => {
    for (const offset of [480, -300]) {
      const st = await stats(offset);
      expect(st.days.at(-1)!.day).toBe(localDay(now, offset));
      // The recall from 40 days ago is outside the window at every offset: the filter below drops it.
      const times = [...recalledInWindow(), at(40, 9)];
      const first = st.days[0]!.day;
      const expected = new Map<string, number>();
      for (const d of times.filter((d) => localDay(d, offset) >= first))
        expected.set(localDay(d, offset), (expected.get(localDay(d, offset)) ?? 0) + 1);
      expect(Object.fromEntries(st.days.filter((d) => d.count > 0).map((d) => [d.day, d.count]))).toEqual(
        Object.fromEntries(expected),
      );
      expect(localDay(st.since, offset)).toBe(first);
      expect(new Date(st.since.getTime() + offset * 60_000).toISOString().slice(11)).toBe("00:00:00.000Z");
    }
    const st = await stats(0);
    const [adm] = await s.db
      .execute(sql`select id, name, role from users where role = 'admin'`)
      .then((x) => rowsOf<SessionUser>(x));
    const api = callerFor(s.db, adm!).admin.recalled;
    const total = async (input: Parameters<typeof api.list>[0]) => (await api.list(input)).total;
    for (const d of st.days.filter((x) => x.count > 0)) {
      const from = new Date(`${d.day}T00:00:00.000Z`);
      expect(await total({ from, to: new Date(from.getTime() + 86_400_000 - 1) })).toBe(d.count);
    }
    for (const kind of ["sender", "group_moderator", "system_admin"] as const) {
      expect(await total({ actorKind: kind, from: st.since })).toBe(st.recent.byKind[kind]);
    }
    for (const c of st.topConversations) expect(await total({ conversationId: c.id, from: st.since })).toBe(c.count);
    expect(await total({ state: "retained" })).toBe(st.vault.count);
    expect(await total({ reviewed: false })).toBe(st.allTime.unreviewed);
  });
});

describe("admin.audit.list", () => {
  it("filters by actor, action, any target and time, paged by id", async () => {
    const conv = await reviewGroup("Audit list");
    const m1 = await send(alice, conv, "a1");
    const m2 = await send(bob, conv, "a2");
    await recall(alice, m1);
    await recall(owner, m2, "rude");
    const api = callerFor(t.db, sys).admin.audit;
    const byConv = await api.list({ targetId: conv });
    expect(byConv.items.map((i) => i.targetMessageId)).toEqual([m2, m1]);
    expect(byConv.items[0]).toMatchObject({
      action: "recall",
      actorId: owner.id,
      actorName: "Olivia",
      targetUserName: "Bob",
      targetConversationLabel: "Audit list",
      reason: "rude",
    });
    expect((await api.list({ targetId: m1 })).items).toHaveLength(1);
    expect((await api.list({ targetId: bob.id, action: "recall" })).items.map((i) => i.targetMessageId)).toContain(m2);
    expect((await api.list({ actorId: owner.id, targetId: conv })).items.map((i) => i.targetMessageId)).toEqual([m2]);
    expect((await api.list({ targetId: conv, from: new Date(Date.now() + 60_000) })).items).toEqual([]);
    const page1 = await api.list({ targetId: conv, limit: 1 });
    const page2 = await api.list({ targetId: conv, limit: 1, cursor: page1.nextCursor });
    expect([...page1.items, ...page2.items].map((i) => i.targetMessageId)).toEqual([m2, m1]);
    expect(page2.nextCursor).toBeNull();
  });
});

describe("admin.settings.setOverride", () => {
  it("a direct conversation takes the rules that apply to it and refuses group-only ones with a sentence", async () => {
    const api = callerFor(t.db, sys);
    const direct = (await callerFor(t.db, alice).conversation.createDirect({ userId: bob.id })).id;
    await expectTrpcError(
      api.admin.settings.setOverride({ conversationId: direct, values: { groupOwnersMayRecall: false } }),
      "BAD_REQUEST",
      {
        message: /direct conversation has no group owners or admins/,
      },
    );
    await expectTrpcError(
      api.admin.settings.setOverride({
        conversationId: direct,
        values: { recallWindowSeconds: 15, groupAdminsMayRecall: true },
      }),
      "BAD_REQUEST",
    );
    expect(
      await auditCount(sql`${auditLog.action} = 'settings_change' and ${auditLog.targetConversationId} = ${direct}`),
    ).toBe(0);
    const saved = await api.admin.settings.setOverride({
      conversationId: direct,
      values: { recallWindowSeconds: 15, groupOwnersMayRecall: null, groupAdminsMayRecall: null, noticeMode: "silent" },
    });
    expect(saved).toMatchObject({
      recallWindowSeconds: 15,
      groupOwnersMayRecall: null,
      groupAdminsMayRecall: null,
      noticeMode: "silent",
    });
    // A group still takes them.
    const group = await reviewGroup("Override group");
    expect(
      await api.admin.settings.setOverride({ conversationId: group, values: { groupOwnersMayRecall: false } }),
    ).toMatchObject({ groupOwnersMayRecall: false });
  });
});

describe("admin.directory", () => {
  it("finds people and conversations, and names ids", async () => {
    const conv = await reviewGroup("Directory Zebra");
    const api = callerFor(t.db, sys).admin.directory;
    expect((await api.users({ query: "olivi" })).map((u) => u.id)).toEqual([owner.id]);
    expect((await api.users({ query: "%" })).length).toBe(0);
    expect((await api.conversations({ query: "zebra" })).map((c) => c.id)).toEqual([conv]);
    expect((await api.conversations({ query: "zebra", memberId: plain.id })).length).toBe(0);
    const direct = (await callerFor(t.db, alice).conversation.createDirect({ userId: plain.id })).id;
    const found = await api.conversations({ query: "Pat", memberId: alice.id });
    expect(found.map((c) => [c.id, c.label])).toEqual([[direct, "Alice & Pat"]]);
    const names = await api.resolve({ userIds: [alice.id], conversationIds: [conv, direct] });
    expect(names.users.map((u) => u.name)).toEqual(["Alice"]);
    expect(new Set(names.conversations.map((c) => c.label))).toEqual(new Set(["Directory Zebra", "Alice & Pat"]));
  });
});

describe("GET /api/admin/audit.csv", () => {
  const hostile = "=cmd|' /C calc'!A0";

  it("refuses signed-out (401) and non-admin (403) callers, and a malformed filter (400)", async () => {
    expect((await auditCsvResponse(t.db, null, new URLSearchParams())).status).toBe(401);
    expect((await auditCsvResponse(t.db, { user: plain, epoch: 0 }, new URLSearchParams())).status).toBe(403);
    // The token's role claim counts for nothing: the database says Pat is a user.
    const forged = { user: { ...plain, role: "admin" as const }, epoch: 0 };
    expect((await auditCsvResponse(t.db, forged, new URLSearchParams())).status).toBe(403);
    const bad = await auditCsvResponse(t.db, { user: sys, epoch: 0 }, new URLSearchParams({ action: "drop" }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/action must be one of/);
  });

  it("refuses an admin's cookie once the account is disabled or its sessions ended (401, nothing exported)", async () => {
    const disabled = await createUser(t.db, "Dora", "admin");
    const ended = await createUser(t.db, "Eli", "admin");
    const ok = (u: SessionUser) => auditCsvResponse(t.db, { user: u, epoch: 0 }, new URLSearchParams());
    expect((await ok(disabled)).status).toBe(200);
    expect((await ok(ended)).status).toBe(200);
    await t.db.execute(sql`update users set disabled_at = now() where id = ${disabled.id}`);
    await t.db.execute(sql`update users set session_epoch = session_epoch + 1 where id = ${ended.id}`);
    for (const u of [disabled, ended]) {
      const refused = await ok(u);
      expect(refused.status).toBe(401);
      expect(await refused.text()).toBe("Your session has ended. Sign in again.");
    }
  });

  it("streams the filtered log: BOM, RFC 4180 quoting, formula injection neutralised, Chinese intact", async () => {
    const evil = await createUser(t.db, "\t@SUM(1+1)*cmd");
    const conv = await createGroup(t.db, '-2+3, "quoted" 群组\nsecond line', [
      [owner, "owner"],
      [evil, "member"],
    ]);
    const reasons = [
      hostile,
      "a, b, and c",
      'she said "no"',
      "line one\nline two\r\nline three",
      "中文理由：不当言论",
      "+1",
      "@here look",
    ];
    const sent: string[] = [];
    for (const reason of reasons) {
      const id = await send(evil, conv, `body ${reason}`);
      sent.push(id);
      await recall(owner, id, reason);
    }
    const response = await auditCsvResponse(
      t.db,
      { user: sys, epoch: 0 },
      new URLSearchParams({ target: conv, action: "recall" }),
      new Date("2031-02-03T04:05:06Z"),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="recall-audit-2031-02-03-040506.csv"',
    );
    expect(response.body).toBeInstanceOf(ReadableStream);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith("\uFEFFid,time_utc,action,")).toBe(true);
    expect(text).not.toMatch(/(^|,)=cmd/m);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([...AUDIT_CSV_HEADER]);
    expect(rows).toHaveLength(reasons.length);
    const col = (name: (typeof AUDIT_CSV_HEADER)[number]) => AUDIT_CSV_HEADER.indexOf(name);
    // Newest first, so the reasons come back in reverse.
    expect(rows.map((r) => r[col("reason")])).toEqual(
      [...reasons].reverse().map((r) => (/^[=+\-@\t\r]/.test(r) ? `'${r}` : r)),
    );
    expect(rows.map((r) => r[col("target_message_id")])).toEqual([...sent].reverse());
    for (const row of rows) {
      expect(row).toHaveLength(AUDIT_CSV_HEADER.length);
      expect(row[col("action")]).toBe("recall");
      expect(row[col("actor_name")]).toBe("Olivia");
      expect(row[col("target_user_name")]).toBe("'\t@SUM(1+1)*cmd");
      expect(row[col("target_conversation")]).toBe(`'-2+3, "quoted" 群组\nsecond line`);
      expect(row[col("target_conversation_id")]).toBe(conv);
      expect(new Date(row[col("time_utc")]!).toISOString()).toBe(row[col("time_utc")]);
      expect(JSON.parse(row[col("details")]!)).toMatchObject({ as: "group_owner", policy: "retain" });
    }
    // Every cell that a spreadsheet would run as a formula starts with the neutralising quote.
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("pages through the database: small pages give the same bytes as one big page", async () => {
    const read = async (stream: ReadableStream<Uint8Array>) => {
      const chunks: Uint8Array[] = [];
      const reader = stream.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
      return {
        chunks: chunks.length,
        text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(Buffer.concat(chunks)),
      };
    };
    const total = await auditCount();
    const big = await read(auditCsvStream(t.db, {}, { pageSize: 10_000 }));
    const small = await read(auditCsvStream(t.db, {}, { pageSize: 3 }));
    expect(small.text).toBe(big.text);
    expect(small.chunks).toBe(1 + Math.ceil(total / 3));
    expect(parseCsv(big.text.slice(1))).toHaveLength(total + 1);
    const none = await read(auditCsvStream(t.db, { from: new Date("2100-01-01") }));
    expect(none.text).toBe(`\uFEFF${AUDIT_CSV_HEADER.join(",")}\r\n`);
  });
});
