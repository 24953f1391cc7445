/**
 * queries_at_scale's measuring process. Calls the real procedures in-process —
 * `createCaller(createContextInner({ session, db }))` with the app's postgres.js database from
 * `openDatabase` — so the SQL timed is exactly the SQL the procedures issue. Cases run
 * round-robin so noise spreads evenly. Plans: the same procedures run once more through a
 * drizzle instance with a query logger; every captured statement is run under EXPLAIN (ANALYZE,
 * FORMAT JSON) with its parameters (all cases are reads): plan node types, and the server-side
 * planning + execution (+ JIT) time, to tell database time from our own code's overhead.
 * Sequential scans actually executed during the timed runs are counted from pg_stat_user_tables.
 */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { openDatabase, type Db } from "~/db/client";
import * as schema from "~/db/schema";
import { createContextInner } from "~/server/context";
import { createCaller } from "~/server/root";
import { now } from "../lib/clock";
import { serve } from "../lib/ipc";
import { summarize } from "../lib/stats";

export interface CaseResult {
  name: string;
  p50: number;
  p99: number | null;
  n: number;
  /** Server-side time of all its statements (median of 5 EXPLAIN ANALYZE runs each). */
  sqlMs: number;
  statements: {
    sql: string;
    nodes: string[];
    seqScanOn: string[];
    planningMs: number;
    executionMs: number;
    jitMs: number;
  }[];
}

export interface QueriesArgs {
  databaseUrl: string;
  iterations: number;
  /** A case that is this slow in total stops early (with at least 30 samples) so a run stays bounded. */
  budgetMsPerCase: number;
  warmup: number;
  probeId: string;
  adminId: string;
  conversations: { id: string; version: number }[];
  messageIds: string[];
}

export type QueryCommands = {
  run: {
    args: QueriesArgs;
    result: {
      cases: CaseResult[];
      seqScansDuringRuns: Record<string, number>;
      idxScansDuringRuns: Record<string, number>;
    };
  };
};

type Case = { name: string; run: (db: Db, i: number) => Promise<unknown> };

function cases(a: QueriesArgs): Case[] {
  const probe = (db: Db) =>
    createCaller(createContextInner({ session: { user: { id: a.probeId, role: "user", name: "Probe" } }, db }));
  const admin = (db: Db) =>
    createCaller(createContextInner({ session: { user: { id: a.adminId, role: "admin", name: "Admin" } }, db }));
  const conv = (i: number) => a.conversations[i % a.conversations.length]!;
  const monthAgo = new Date(Date.now() - 30 * 86400_000);
  return [
    {
      name: "pk",
      run: (db, i) =>
        db
          .select({ id: schema.messages.id, body: schema.messages.body })
          .from(schema.messages)
          .where(eq(schema.messages.id, a.messageIds[i % a.messageIds.length]!)),
    },
    { name: "history", run: (db, i) => probe(db).message.history({ conversationId: conv(i).id, limit: 50 }) },
    {
      name: "changes",
      run: (db, i) =>
        probe(db).sync.changes({ conversationId: conv(i).id, afterVersion: Math.max(0, conv(i).version - 12) }),
    },
    { name: "list", run: (db) => probe(db).conversation.list({ limit: 50 }) },
    { name: "review", run: (db) => admin(db).admin.recalled.list({ limit: 50 }) },
    {
      name: "review_filtered",
      run: (db) => admin(db).admin.recalled.list({ actorKind: "sender", from: monthAgo, reviewed: false, limit: 50 }),
    },
  ];
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

interface Explained {
  Plan: PlanNode;
  "Planning Time": number;
  "Execution Time": number;
  JIT?: { Timing?: { Total?: number } };
}

function walk(node: PlanNode, out: { nodes: string[]; seqScanOn: string[] }): void {
  const label = node["Index Name"]
    ? `${node["Node Type"]} (${node["Index Name"]})`
    : node["Relation Name"]
      ? `${node["Node Type"]} (${node["Relation Name"]})`
      : node["Node Type"];
  out.nodes.push(label);
  if (node["Node Type"] === "Seq Scan" && node["Relation Name"]) out.seqScanOn.push(node["Relation Name"]);
  for (const child of node.Plans ?? []) walk(child, out);
}

async function tableStats(url: string): Promise<Record<string, { seq: number; idx: number }>> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const rows = await sql<{ relname: string; seq_scan: string; idx_scan: string | null }[]>`
      select relname, seq_scan, idx_scan from pg_stat_user_tables`;
    return Object.fromEntries(rows.map((r) => [r.relname, { seq: Number(r.seq_scan), idx: Number(r.idx_scan ?? 0) }]));
  } finally {
    await sql.end();
  }
}

serve<QueryCommands>({
  async run(args) {
    const list = cases(args);
    const samples = new Map(list.map((c) => [c.name, [] as number[]]));

    // Timed runs on the app's own database client.
    const before = await tableStats(args.databaseUrl);
    const handle = await openDatabase({ databaseUrl: args.databaseUrl, max: 2 });
    for (let i = 0; i < args.warmup; i++) for (const c of list) await c.run(handle.db, i);
    const spent = new Map(list.map((c) => [c.name, 0]));
    for (let i = 0; i < args.iterations; i++) {
      for (const c of list) {
        const mine = samples.get(c.name)!;
        if (mine.length >= 30 && spent.get(c.name)! > args.budgetMsPerCase) continue;
        const t0 = now();
        await c.run(handle.db, args.warmup + i);
        const ms = now() - t0;
        mine.push(ms);
        spent.set(c.name, spent.get(c.name)! + ms);
      }
    }
    await handle.close(); // backends exit and flush their statistics
    await new Promise((r) => setTimeout(r, 1000));
    const after = await tableStats(args.databaseUrl);
    const seqScansDuringRuns: Record<string, number> = {};
    const idxScansDuringRuns: Record<string, number> = {};
    for (const [table, s] of Object.entries(after)) {
      const d = s.seq - (before[table]?.seq ?? 0);
      if (d) seqScansDuringRuns[table] = d;
      const di = s.idx - (before[table]?.idx ?? 0);
      if (di) idxScansDuringRuns[table] = di;
    }

    // Plans of exactly the statements the procedures issue.
    const client = postgres(args.databaseUrl, { max: 1, onnotice: () => undefined });
    let captured: { sql: string; params: unknown[] }[] = [];
    const logging = drizzle(client, {
      schema,
      casing: "snake_case",
      logger: { logQuery: (q, p) => captured.push({ sql: q, params: p }) },
    });
    const results: CaseResult[] = [];
    try {
      for (const c of list) {
        captured = [];
        await c.run(logging as unknown as Db, 0);
        const statements: CaseResult["statements"] = [];
        for (const st of captured) {
          const runs: Explained[] = [];
          for (let k = 0; k < 5; k++) {
            const [row] = await client.unsafe(
              `EXPLAIN (ANALYZE, FORMAT JSON) ${st.sql}`,
              st.params as postgres.ParameterOrJSON<never>[],
            );
            runs.push((row?.["QUERY PLAN"] as Explained[])[0]!);
          }
          const total = (e: Explained) => e["Planning Time"] + e["Execution Time"];
          const median = runs.sort((a, b) => total(a) - total(b))[2]!;
          const out = { nodes: [] as string[], seqScanOn: [] as string[] };
          walk(median.Plan, out);
          statements.push({
            sql: st.sql.replace(/\s+/g, " ").trim().slice(0, 120),
            ...out,
            planningMs: median["Planning Time"],
            executionMs: median["Execution Time"],
            jitMs: median.JIT?.Timing?.Total ?? 0,
          });
        }
        const s = summarize(samples.get(c.name)!);
        const sqlMs = statements.reduce((n, st) => n + st.planningMs + st.executionMs, 0);
        results.push({ name: c.name, p50: s.p50, p99: s.p99, n: s.n, sqlMs, statements });
      }
    } finally {
      await client.end();
    }
    return { cases: results, seqScansDuringRuns, idxScansDuringRuns };
  },
});
