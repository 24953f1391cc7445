import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "~/db/client";
import { createContextInner, type SessionUser } from "~/server/context";
import { searchStep } from "~/server/message-search";
import { createCaller } from "~/server/root";
import { expectTrpcError } from "../expect-error";
import { callerFor, createTestDb, createUser, type TestDb } from "../harness";

/**
 * The search attack from issue #12 on a filled table: 100,000 messages in 50 conversations the
 * attacker is not in, and 300 empty groups the attacker is in (plus one with a few messages).
 */
let t: TestDb;
let attacker: SessionUser, other: SessionUser;
let convIds: string[];

const TOTAL = 100_000;

beforeAll(async () => {
  t = await createTestDb();
  attacker = await createUser(t.db, "Attacker");
  other = await createUser(t.db, "Other");
  await t.db.execute(sql`
    insert into conversations (kind, title, created_by, last_seq)
    select 'group', 'busy ' || g, ${other.id}::uuid, ${TOTAL / 50} from generate_series(1, 50) g`);
  await t.db.execute(sql`
    insert into conversation_members (conversation_id, user_id, role)
    select id, ${other.id}::uuid, 'owner' from conversations where title like 'busy %'`);
  await t.db.execute(sql`
    insert into messages (conversation_id, seq, sender_id, client_msg_id, body, created_at)
    select c.id, g, ${other.id}::uuid, 'fill-' || c.title || '-' || g, 'message number ' || g || ' about things',
           now() - make_interval(secs => g)
      from (select id, title from conversations where title like 'busy %') c, generate_series(1, ${TOTAL / 50}) g`);
  await t.db.execute(sql`
    insert into conversations (kind, title, created_by)
    select 'group', 'Team', ${attacker.id}::uuid from generate_series(1, 301)`);
  await t.db.execute(sql`
    insert into conversation_members (conversation_id, user_id, role)
    select id, ${attacker.id}::uuid, 'owner' from conversations where title = 'Team'`);
  const [mine] = rowsOf<{ id: string }>(
    await t.db.execute(sql`select id from conversations where title = 'Team' limit 1`),
  );
  await t.db.execute(sql`
    insert into messages (conversation_id, seq, sender_id, client_msg_id, body, created_at)
    select ${mine!.id}::uuid, g, ${attacker.id}::uuid, 'own-' || g, 'my own message ' || g, now() - make_interval(secs => 10 - g)
      from generate_series(1, 5) g`);
  await t.db.execute(sql`analyze`);
  convIds = rowsOf<{ id: string }>(
    await t.db.execute(
      sql`select conversation_id as id from conversation_members where user_id = ${attacker.id}::uuid limit 25`,
    ),
  ).map((r) => r.id);
}, 180_000);
afterAll(() => t.close());

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

describe("message search on 100,000 messages", () => {
  it("the table is filled as the test says", async () => {
    const [row] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from messages`));
    expect(row!.n).toBeGreaterThanOrEqual(TOTAL);
  });

  it("the plan of a search step never scans all of messages, even for a pattern in every row", async () => {
    for (const query of ["%_%_%_", "mes", "message number 1"]) {
      const plan = rowsOf<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
        await t.db.execute(sql`explain (format json) ${searchStep(attacker.id, convIds, { query, limit: 20 }, 21)}`),
      )[0]!["QUERY PLAN"][0].Plan;
      const scans = nodes(plan)
        .filter((n) => n["Relation Name"] === "messages")
        .map((n) => n["Node Type"]);
      expect(scans.length, JSON.stringify(plan)).toBeGreaterThan(0);
      expect(scans, JSON.stringify(plan)).not.toContain("Seq Scan");
    }
  });

  it("the wildcard attack is refused at once with a clear error", async () => {
    const started = performance.now();
    await expectTrpcError(callerFor(t.db, attacker).message.search({ query: "%_".repeat(50) }), "BAD_REQUEST", {
      message: /Type at least 3 letters or digits \(2 Chinese characters\) to search\./,
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("a real search across 301 conversations answers correctly and quickly, and sees only the caller's conversations", async () => {
    const started = performance.now();
    const r = await callerFor(t.db, attacker).message.search({ query: "message", limit: 3 });
    const ms = performance.now() - started;
    expect(r.results.map((m) => m.body)).toEqual(["my own message 5", "my own message 4", "my own message 3"]);
    const rest = await callerFor(t.db, attacker).message.search({ query: "message", limit: 3, cursor: r.nextCursor! });
    expect(rest.results.map((m) => m.body)).toEqual(["my own message 2", "my own message 1"]);
    expect(rest.nextCursor).toBeNull();
    expect(ms).toBeLessThan(2000);
  });

  it("a search over its time budget stops with a clear TIMEOUT error, and the database answers others right after", async () => {
    const api = createCaller(createContextInner({ session: { user: attacker }, db: t.db, searchTimeoutMs: 1 }));
    await expectTrpcError(api.message.search({ query: "message" }), "TIMEOUT", {
      appCode: "SEARCH_TIMEOUT",
      message: /^This search took too long\. Search within one conversation, or use more specific words\.$/,
    });
    const started = performance.now();
    await callerFor(t.db, other).user.me();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
