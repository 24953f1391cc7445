import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowsOf } from "~/db/client";
import { type SessionUser } from "~/server/context";
import { RECALL_ATTEMPTS, recallSeam } from "~/server/recall/engine";
import { expectTrpcError } from "../expect-error";
import { callerFor, clientMsgId, onPostgres, type TestDb } from "../harness";
import { createWorld, untilWaitingForLock } from "./setup";

/**
 * The recall's conditional UPDATE re-asserts every fact the decision used. These tests commit a
 * change to one fact between the decision and the UPDATE (through the engine's test seam) and
 * check that the recall re-decides and refuses for the right reason, that nothing is written,
 * and that the retry loop ends. Expected states are read with SQL written here.
 */
let t: TestDb;
let owner: SessionUser, mod: SessionUser, carol: SessionUser, sys: SessionUser;
let group: string;

beforeAll(async () => {
  ({
    t,
    users: { owner, mod, carol, sys },
    group,
  } = await createWorld(
    { owner: "Olivia", mod: "Mo", carol: "Carol", sys: ["Sysop", "admin"] },
    { title: "Rechecks", members: { owner: "owner", mod: "admin", carol: "member" } },
  ));
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.execute(
    sql`update recall_settings set recall_window_seconds = 120, content_policy = 'retain', notice_mode = 'tip'`,
  );
  await t.db.execute(
    sql`update conversation_members set role = case user_id when ${owner.id}::uuid then 'owner'::member_role when ${mod.id}::uuid then 'admin'::member_role else 'member'::member_role end where conversation_id = ${group}`,
  );
});
afterEach(() => {
  recallSeam.beforeMark = null;
});

const send = (user: SessionUser, body: string) =>
  callerFor(t.db, user).message.send({ conversationId: group, clientMsgId: clientMsgId(), body });
const setRole = (user: SessionUser, role: "owner" | "admin" | "member") =>
  t.db.execute(
    sql`update conversation_members set role = ${role}::member_role where conversation_id = ${group} and user_id = ${user.id}`,
  );

interface Row {
  revoked: boolean;
  revoker_id: string | null;
  body: string | null;
  version: number;
  conv_version: number;
  recall_audits: number;
  recalled_events: number;
}
/** The message's state, straight from the tables. */
async function state(messageId: string): Promise<Row> {
  const [row] = rowsOf<Row>(
    await t.db.execute(sql`
      select m.revoked_at is not null as revoked, m.revoker_id, m.body, m.version::int as version,
             (select c.version::int from conversations c where c.id = m.conversation_id) as conv_version,
             (select count(*)::int from audit_log a where a.target_message_id = m.id and a.action = 'recall') as recall_audits,
             (select count(*)::int from realtime_outbox o where o.message_id = m.id and o.event = 'message.recalled') as recalled_events
        from messages m where m.id = ${messageId}`),
  );
  return row!;
}

/** Installs a seam that runs `change` on the first attempt only and counts every call. */
function onFirstAttempt(change: () => Promise<unknown>): { calls: number } {
  const seen = { calls: 0 };
  recallSeam.beforeMark = async (attempt) => {
    seen.calls += 1;
    if (attempt === 0) await change();
  };
  return seen;
}

describe("recall re-checks facts that change between the decision and the mark", () => {
  it("the window runs out in between: refused as expired on the database clock, nothing written", async () => {
    const m = await send(carol, "just in time?");
    // 2 s left in the 120 s window when the decision is made…
    await t.db.execute(sql`update messages set created_at = now() - interval '118 seconds' where id = ${m.id}`);
    const before = await state(m.id);
    // …and gone (on the database clock) by the time the UPDATE runs.
    const seam = onFirstAttempt(async () => {
      const [left] = rowsOf<{ ms: number }>(
        await t.db.execute(
          sql`select extract(epoch from (created_at + interval '120 seconds' - clock_timestamp())) * 1000 as ms from messages where id = ${m.id}`,
        ),
      );
      await new Promise((r) => setTimeout(r, Math.max(0, Number(left!.ms)) + 100));
    });
    await expectTrpcError(callerFor(t.db, carol).message.recall({ messageId: m.id }), "FORBIDDEN", {
      appCode: "WINDOW_EXPIRED",
    });
    expect(seam.calls).toBe(1); // the second decision refused before reaching the mark
    expect(await state(m.id)).toEqual(before);
    expect(before).toMatchObject({ revoked: false, body: "just in time?", recall_audits: 0, recalled_events: 0 });
  });

  it("the moderator is demoted in between: refused as not allowed, nothing written", async () => {
    const m = await send(carol, "moderate me");
    const before = await state(m.id);
    const seam = onFirstAttempt(() => setRole(mod, "member"));
    await expectTrpcError(callerFor(t.db, mod).message.recall({ messageId: m.id }), "FORBIDDEN", {
      appCode: "NOT_ALLOWED",
    });
    expect(seam.calls).toBe(1);
    expect(await state(m.id)).toEqual(before);
  });

  it("the sender is promoted to group admin in between: a group admin may no longer recall it", async () => {
    const m = await send(carol, "soon protected");
    const before = await state(m.id);
    const seam = onFirstAttempt(() => setRole(carol, "admin"));
    await expectTrpcError(callerFor(t.db, mod).message.recall({ messageId: m.id }), "FORBIDDEN", {
      appCode: "NOT_ALLOWED",
    });
    expect(seam.calls).toBe(1);
    expect(await state(m.id)).toEqual(before);
  });

  it("the sender becomes an owner in between: the owner may no longer recall it", async () => {
    const m = await send(carol, "owner to be");
    const before = await state(m.id);
    onFirstAttempt(() => setRole(carol, "owner"));
    await expectTrpcError(callerFor(t.db, owner).message.recall({ messageId: m.id }), "FORBIDDEN", {
      appCode: "NOT_ALLOWED",
    });
    expect(await state(m.id)).toEqual(before);
  });

  it("someone else recalls it in between: the late recall returns the existing recall, one audit row, one event", async () => {
    const m = await send(carol, "twice?");
    const seam = onFirstAttempt(async () => {
      const inner = recallSeam.beforeMark;
      recallSeam.beforeMark = null;
      await callerFor(t.db, owner).message.recall({ messageId: m.id });
      recallSeam.beforeMark = inner;
    });
    const r = await callerFor(t.db, carol).message.recall({ messageId: m.id });
    expect(r.alreadyRecalled).toBe(true);
    expect(r.reedit).toBeNull();
    expect(seam.calls).toBe(1);
    expect(await state(m.id)).toMatchObject({
      revoked: true,
      revoker_id: owner.id,
      body: null,
      recall_audits: 1,
      recalled_events: 1,
    });
  });

  it("a recall and a restore land in between: the mark applies after the restore, with a newer version", async () => {
    const m = await send(carol, "back and forth");
    let restoredAt = 0;
    onFirstAttempt(async () => {
      recallSeam.beforeMark = null;
      await callerFor(t.db, owner).message.recall({ messageId: m.id });
      await callerFor(t.db, sys).admin.recalled.restore({ messageId: m.id });
      restoredAt = (await state(m.id)).version;
    });
    const r = await callerFor(t.db, carol).message.recall({ messageId: m.id });
    expect(r.alreadyRecalled).toBe(false);
    const after = await state(m.id);
    expect(after).toMatchObject({
      revoked: true,
      revoker_id: carol.id,
      body: null,
      recall_audits: 2,
      recalled_events: 2,
    });
    expect(after.version).toBeGreaterThan(restoredAt);
    expect(after.version).toBe(after.conv_version);
  });

  // Needs two connections, so PostgreSQL only (PGlite has one).
  it.skipIf(!onPostgres)(
    "the moderator is demoted by a transaction holding the conversation lock while the mark waits: the mark sees it",
    async () => {
      const m = await send(carol, "wait for it");
      const before = await state(m.id);
      const other = await t.connect(1);
      let release!: () => void;
      let holding!: Promise<unknown>;
      onFirstAttempt(
        () =>
          new Promise<void>((locked) => {
            // The demotion takes the conversation row lock first, as every membership change does.
            holding = other.db.transaction(async (tx) => {
              await tx.execute(sql`update conversations set version = version + 1 where id = ${group}`);
              await tx.execute(
                sql`update conversation_members set role = 'member' where conversation_id = ${group} and user_id = ${mod.id}`,
              );
              locked();
              await new Promise<void>((r) => (release = r));
            });
          }),
      );
      const recall = callerFor(t.db, mod).message.recall({ messageId: m.id });
      // Commit the demotion only once the mark is waiting for the lock: its guards ran before the
      // commit would be a read taken too early.
      await untilWaitingForLock(t.db);
      release();
      await holding;
      await expectTrpcError(recall, "FORBIDDEN", { appCode: "NOT_ALLOWED" });
      expect(await state(m.id)).toEqual({ ...before, conv_version: before.conv_version + 1 });
    },
  );

  it("facts that change on every attempt end the retry loop with CONFLICT after a bounded number of attempts", async () => {
    const m = await send(carol, "moving target");
    const before = await state(m.id);
    let calls = 0;
    // Every decision is allowed (owner, then admin, then owner…), and every mark finds the role changed.
    recallSeam.beforeMark = async () => {
      calls += 1;
      await setRole(mod, calls % 2 === 1 ? "owner" : "admin");
    };
    await expectTrpcError(callerFor(t.db, mod).message.recall({ messageId: m.id }), "CONFLICT", {
      message: /changed while recalling/,
    });
    expect(calls).toBe(RECALL_ATTEMPTS);
    expect(await state(m.id)).toEqual(before);
  });
});
