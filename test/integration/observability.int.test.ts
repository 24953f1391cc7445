import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { rowsOf } from "~/db/client";
import { type SessionUser } from "~/server/context";
import { createContextInner } from "~/server/context";
import { readiness } from "~/server/observability/health";
import { captureLogs } from "~/server/observability/logger";
import { metrics } from "~/server/observability/metrics";
import { createCallerFactory, publicProcedure, router } from "~/server/trpc";
import { expectTrpcError } from "../expect-error";
import { callerFor, clientMsgId, createGroup, type TestDb } from "../harness";
import { createWorld } from "./setup";

let t: TestDb;
let alice: SessionUser, bob: SessionUser;

beforeAll(async () => {
  ({
    t,
    users: { alice, bob },
  } = await createWorld({ alice: "Alice", bob: "Bob" }));
});
afterAll(() => t.close());

describe("structured logs", () => {
  it("one JSON line per call with request id, user, procedure, status and duration; a recall's text appears nowhere", async () => {
    const secret = `secret-${Math.random().toString(36).slice(2)}`;
    const reasonText = `reason-${Math.random().toString(36).slice(2)}`;
    const logs = captureLogs();
    try {
      const group = await createGroup(t.db, "Logs", [
        [alice, "owner"],
        [bob, "member"],
      ]);
      const sent = await callerFor(t.db, alice).message.send({
        conversationId: group,
        clientMsgId: clientMsgId(),
        body: secret,
      });
      await expectTrpcError(
        callerFor(t.db, bob).message.recall({ messageId: sent.id, reason: reasonText }),
        "FORBIDDEN",
      );
      await callerFor(t.db, alice).message.recall({ messageId: sent.id, reason: reasonText });
      await expectTrpcError(
        callerFor(t.db, alice).message.send({
          conversationId: group,
          clientMsgId: clientMsgId(),
          body: `${secret}${"x".repeat(4001)}`,
        }),
        "BAD_REQUEST",
      );

      // An internal error whose SQL carries the text as a parameter: drizzle puts parameters in its message.
      const failing = router({
        boom: publicProcedure
          .input(z.object({ text: z.string() }))
          .mutation(({ ctx, input }) => ctx.db.execute(sql`select ${input.text}::uuid`)),
      });
      const boom = createCallerFactory(failing)(
        createContextInner({ session: { user: alice }, db: t.db, requestId: "req-boom" }),
      );
      await expectTrpcError(boom.boom({ text: secret }), "INTERNAL_SERVER_ERROR");
    } finally {
      logs.stop();
    }

    const all = logs.lines.join("");
    expect(all).not.toContain(secret);
    expect(all).not.toContain(reasonText);
    const entries = logs.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const calls = entries.filter((e) => e.msg === "trpc").map((e) => [e.procedure, e.status, e.userId]);
    expect(calls).toEqual([
      ["message.send", "OK", alice.id],
      ["message.recall", "FORBIDDEN", bob.id],
      ["message.recall", "OK", alice.id],
      ["message.send", "BAD_REQUEST", alice.id],
      ["boom", "INTERNAL_SERVER_ERROR", alice.id],
    ]);
    for (const e of entries.filter((x) => x.msg === "trpc")) {
      expect(typeof e.requestId).toBe("string");
      expect(typeof e.durationMs).toBe("number");
    }
    const boomLine = entries.find((e) => e.procedure === "boom")!;
    expect(boomLine).toMatchObject({ level: 50, requestId: "req-boom", error: { cause: { sqlstate: "22P02" } } });
    expect(entries.find((e) => e.status === "FORBIDDEN")).toMatchObject({ appCode: "NOT_ALLOWED" });
  });

  it("counts calls and recalls by actor kind in the metrics registry", async () => {
    const before = await metrics().registry.getSingleMetricAsString("recall_recalls_total");
    const countOf = (text: string, kind: string) =>
      Number(new RegExp(`actor_kind="${kind}"} (\\d+)`).exec(text)?.[1] ?? 0);
    const group = await createGroup(t.db, "Metrics", [[alice, "owner"]]);
    const sent = await callerFor(t.db, alice).message.send({
      conversationId: group,
      clientMsgId: clientMsgId(),
      body: "count me",
    });
    await callerFor(t.db, alice).message.recall({ messageId: sent.id });
    // Recalling again changes nothing and is not counted.
    await callerFor(t.db, alice).message.recall({ messageId: sent.id });
    const after = await metrics().registry.getSingleMetricAsString("recall_recalls_total");
    expect(countOf(after, "sender") - countOf(before, "sender")).toBe(1);
    const calls = await metrics().registry.getSingleMetricAsString("recall_trpc_requests_total");
    expect(calls).toMatch(/recall_trpc_requests_total\{procedure="message.recall",status="OK"\} \d+/);
  });
});

describe("readiness", () => {
  const open = () => Promise.resolve(t.db);

  it("is ready on a migrated database with an empty outbox and no realtime service", async () => {
    await t.db.execute(sql`delete from realtime_outbox`);
    const result = await readiness(open, null, 60);
    expect(result).toMatchObject({
      ok: true,
      checks: { database: { ok: true }, migrations: { ok: true }, outbox: { ok: true } },
    });
  });

  it("is not ready while the oldest unpublished event is older than the threshold", async () => {
    await t.db.execute(
      sql`insert into realtime_outbox (event, created_at) values ('message.created', now() - interval '5 minutes')`,
    );
    const result = await readiness(open, null, 60);
    expect(result.ok).toBe(false);
    expect(result.checks.outbox).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/1 pending, oldest 30\d s \(limit 60 s\)/),
    });
    await t.db.execute(sql`delete from realtime_outbox`);
  });

  it("is not ready when the database is behind the committed migrations", async () => {
    const [last] = rowsOf<{ id: number; hash: string; created_at: string }>(
      await t.db.execute(
        sql`select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
      ),
    );
    await t.db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${last!.id}`);
    try {
      const result = await readiness(open, null, 60);
      expect(result.checks.migrations).toEqual({
        ok: false,
        detail: expect.stringMatching(/behind the committed migrations.*db:migrate/),
      });
      expect(result.ok).toBe(false);
    } finally {
      await t.db.execute(
        sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${last!.id}, ${last!.hash}, ${last!.created_at})`,
      );
    }
  });

  it("is not ready when the database cannot be reached, and says so", async () => {
    const result = await readiness(() => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432")), null, 60);
    expect(result.ok).toBe(false);
    expect(result.checks.database).toEqual({
      ok: false,
      detail: "database failed: connect ECONNREFUSED 127.0.0.1:5432",
    });
  });
});
