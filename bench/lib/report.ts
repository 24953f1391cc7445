/** Turns the results object into latest.md (pure, unit-tested); the goal list is in goals.ts. */
import { type BuildStamp } from "./build-stamp";
import { ms, num, x } from "./format";
import { evaluateGoals, ok, type Results } from "./goals";

export interface RunInfo {
  started_at: string;
  mode: "quick" | "full";
  commit: string;
  dirty: boolean;
  machine: {
    cpus: number;
    cpu_model: string;
    mem: number;
    mem_gb: number;
    node: string;
    postgres: string;
    loadavg_start: number[];
    loadavg_end: number[];
  };
  duration_seconds: number;
  /** Wall time of each scenario that started, in seconds. */
  scenario_seconds: Record<string, number>;
  /** The `.next` build the app scenarios ran (null when none ran): built in this run, or reused. */
  build: (BuildStamp & { reused: boolean }) | null;
  /** How the app was run (shown under the header). */
  notes: string[];
}

/** One line on where the measured app came from. */
export function buildLine(build: RunInfo["build"]): string | null {
  if (!build) return null;
  const from = `commit \`${build.commit.slice(0, 12)}\`${build.dirty ? " with uncommitted changes" : ""}`;
  return build.reused
    ? `App build: reused \`.next\` built ${build.built_at} from ${from}; its sources match this checkout (fingerprint \`${build.fingerprint.slice(0, 12)}\`).`
    : `App build: built in this run from ${from} (fingerprint \`${build.fingerprint.slice(0, 12)}\`).`;
}

const mark = (met: boolean | null) => (met === null ? "–" : met ? "✅ met" : "❌ missed");

function table(head: string[], rows: (string | number)[][]): string {
  return [
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

export function renderMarkdown(r: Results, info: RunInfo): string {
  const out: string[] = [];
  const m = info.machine;
  out.push(`# Recall benchmarks — ${info.started_at} (${info.mode})`);
  out.push("");
  out.push(
    `commit \`${info.commit.slice(0, 12)}\`${info.dirty ? " (with uncommitted changes)" : ""} · ${m.cpus} × ${m.cpu_model} · ${num(m.mem_gb, " GB")} · Node ${m.node} · PostgreSQL ${m.postgres} · load average ${m.loadavg_start.map((l) => l.toFixed(1)).join("/")} → ${m.loadavg_end.map((l) => l.toFixed(1)).join("/")} · ${Math.round(info.duration_seconds)} s`,
  );
  out.push("");
  out.push("Shared, noisy machine: compare each figure with its baseline measured in the same run, not across runs.");
  const built = buildLine(info.build);
  if (built) out.push("", built);
  for (const note of info.notes) out.push("", note);
  out.push("");
  out.push("## Goals");
  out.push("");
  out.push(
    table(
      ["scenario", "goal", "this run", "status", "took"],
      evaluateGoals(r).map((g) => {
        const seconds = info.scenario_seconds[g.scenario];
        return [g.scenario, g.goal, g.value, mark(g.met), seconds === undefined ? "–" : `${Math.round(seconds)} s`];
      }),
    ),
  );

  const e2e = ok(r.recall_e2e);
  if (e2e) {
    out.push("", `## recall_e2e — ${e2e.clients} clients, ${e2e.iterations} recalls`, "");
    out.push(
      table(
        ["measure", "p50", "p95", "p99"],
        [
          [
            "recall: tRPC `message.recall` sent → last of the clients has `message.recalled`",
            ms(e2e.p50),
            ms(e2e.p95),
            ms(e2e.p99),
          ],
          [
            "floor: no-op tRPC round trip (`user.me`) + raw `pusher.trigger` → last client",
            ms(e2e.floor_p50),
            ms(e2e.floor_p95),
            ms(e2e.floor_p99),
          ],
          ["recall → FIRST client has it", ms(e2e.first_p50), ms(e2e.first_p95), ""],
          ["floor → first client", ms(e2e.floor_first_p50), ms(e2e.floor_first_p95), ""],
          ["the recall mutation's own round trip (request → response)", ms(e2e.mutation_p50), ms(e2e.mutation_p95), ""],
          ["the floor's no-op round trip", ms(e2e.floor_noop_p50), ms(e2e.floor_noop_p95), ""],
          ["send: `message.send` → last client has `message.created`", ms(e2e.send_e2e_p50), ms(e2e.send_e2e_p95), ""],
        ],
      ),
    );
    out.push(
      "",
      `ratio_p95 ${x(e2e.ratio_p95)} · lost ${e2e.lost} (recalled), ${e2e.lost_created} (created), ${e2e.floor_lost} (floor) · recall and floor interleaved · ${e2e.clients} clients subscribed in ${ms(e2e.connect_ms)} · client: ${e2e.client}`,
    );
  }

  const tp = ok(r.throughput);
  if (tp) {
    out.push(
      "",
      `## throughput — one app process, closed loop, ${tp.rounds} × ${tp.slice_seconds} s per operation, interleaved`,
      "",
    );
    out.push(
      table(
        [
          "concurrency",
          "no-op (`user.me`) /s",
          "send /s",
          "edit /s",
          "recall /s",
          "recall ÷ no-op",
          "send ÷ no-op",
          "edit ÷ no-op",
          "p50 no-op / send / edit / recall",
          "p99 no-op / send / edit / recall",
          "errors",
        ],
        tp.rows.map((row) => [
          row.concurrency,
          num(row.noop.rps),
          num(row.send.rps),
          num(row.edit?.rps),
          num(row.recall.rps),
          num(row.ratio),
          num(row.send_ratio),
          num(row.edit_ratio),
          `${ms(row.noop.p50)} / ${ms(row.send.p50)} / ${ms(row.edit?.p50)} / ${ms(row.recall.p50)}`,
          `${ms(row.noop.p99)} / ${ms(row.send.p99)} / ${ms(row.edit?.p99)} / ${ms(row.recall.p99)}`,
          row.noop.errors + row.send.errors + (row.edit?.errors ?? 0) + row.recall.errors,
        ]),
      ),
    );
    if (tp.first_error) out.push("", `first error: \`${tp.first_error}\``);
  }

  const fan = ok(r.realtime_fanout);
  if (fan) {
    out.push(
      "",
      `## realtime_fanout — ${fan.connections} subscribers per server, ${fan.publishes_per_second} publishes/s to each, ${fan.seconds} s, both servers side by side`,
      "",
    );
    out.push(
      table(
        ["server", "p50", "p95", "p99", "max", "lost", "memory / connection", "RSS idle → subscribed"],
        (
          [
            ["embedded Pusher-protocol server", fan.embedded],
            ["bare `ws` broadcast (baseline)", fan.bare],
          ] as const
        ).map(([name, s]) => [
          name,
          ms(s.p50),
          ms(s.p95),
          ms(s.p99),
          ms(s.max),
          s.lost,
          num(s.bytes_per_conn / 1024, " KB"),
          `${num(s.rss_idle_mb, " MB")} → ${num(s.rss_subscribed_mb, " MB")}`,
        ]),
      ),
    );
    out.push(
      "",
      `ratio_p99 ${x(fan.ratio_p99)} · latency = publisher timestamp before its HTTP request → client receipt, every delivery`,
    );
  }

  const q = ok(r.queries_at_scale);
  if (q) {
    out.push(
      "",
      `## queries_at_scale — ${q.messages.toLocaleString("en")} messages in ${q.conversations.toLocaleString("en")} conversations (\`${q.database}\`${q.reused ? ", reused" : `, filled in ${Math.round(q.fill_seconds ?? 0)} s`})`,
      "",
    );
    if (q.messages < 1_000_000) out.push("**--quick: 100k messages, not the 1M of a full run.**", "");
    out.push(
      table(
        [
          "procedure (in-process `createCaller`, postgres.js)",
          "runs",
          "p50",
          "p99",
          "statements",
          "SQL time in PostgreSQL (plan + execute)",
          "seq scans in its plans",
        ],
        q.cases.map((c) => [
          caseLabel(c.name),
          c.n,
          ms(c.p50),
          ms(c.p99),
          c.statements.length,
          `${ms(c.sqlMs)}${c.statements.some((st) => st.jitMs > 0) ? ` (JIT ${ms(c.statements.reduce((n, st) => n + st.jitMs, 0))})` : ""}`,
          [...new Set(c.statements.flatMap((st) => st.seqScanOn))].join(", ") || "none",
        ]),
      ),
    );
    out.push(
      "",
      `Up to ${q.iterations} runs each, round-robin (a slow case stops at its time budget). SQL time: median of 5 \`EXPLAIN ANALYZE\` of each statement the procedure issued; p50 − SQL time ≈ round trips + our code. Sequential scans executed during the runs (pg_stat_user_tables): ${
        Object.entries(q.seq_scans_by_table)
          .map(([t, n]) => `${t} ${n}`)
          .join(", ") || "none"
      }; of \`messages\`: **${q.seq_scans}**.`,
      "",
      "<details><summary>Plans (node types per statement)</summary>",
      "",
      ...q.cases.flatMap((c) => [
        `- **${c.name}**`,
        ...c.statements.map(
          (st) =>
            `  - \`${st.sql.replace(/`/g, "'")}…\` (${ms(st.planningMs + st.executionMs)}): ${[...new Set(st.nodes)].join(", ")}`,
        ),
      ]),
      "",
      "</details>",
    );
  }

  const cu = ok(r.catch_up);
  if (cu) {
    out.push("", `## catch_up — ${cu.recalls} recalls across ${cu.conversations} conversations while offline`, "");
    out.push(
      table(
        ["measure", "value"],
        [
          ["reconnect → state equals the database (`sync.changes` until hasMore=false, all conversations)", ms(cu.ms)],
          ["floor: one batched request of the same shape (no-op per conversation)", ms(cu.floor_ms)],
          ["changes fetched / HTTP requests", `${cu.changes} / ${cu.requests}`],
          ["converged with the database", cu.converged ? "yes" : `no (${cu.mismatches} mismatches)`],
          ["the 1,000 recalls themselves (16 concurrent)", `${ms(cu.recall_burst_ms)}, ${cu.recall_failures} failed`],
        ],
      ),
    );
  }

  const br = ok(r.browser);
  if (br) {
    out.push(
      "",
      `## browser — real Chromium, production build: ${br.recalls} recalls, ${br.opens} page loads each`,
      "",
    );
    out.push(
      table(
        ["measure", "p50", "p95"],
        [
          ["recall: click in Alice's page → Bob's page shows the tip", ms(br.recall_tip_p50), ms(br.recall_tip_p95)],
          [
            "open: load of a conversation (50 messages) → its last message in the DOM",
            ms(br.open_p50),
            ms(br.open_p95),
          ],
          ["floor: load of /sign-in → its form in the DOM", ms(br.floor_p50), ms(br.floor_p95)],
        ],
      ),
      "",
      table(
        ["JavaScript loaded (gzip)", "scripts", "size"],
        [
          ["the chat page (a conversation)", br.chat_scripts, num(br.chat_js_kb_gzip, " KB")],
          ["the 404 page of the same build (framework + root layout)", br.bare_scripts, num(br.bare_js_kb_gzip, " KB")],
        ],
      ),
      "",
      `open ÷ floor (p95) ${x(br.open_ratio_p95)} · times from Date.now() at the click to Date.now() in the other page's MutationObserver (same OS clock), and from navigation start to a MutationObserver installed before any page script`,
    );
  }

  const errors = Object.entries(r).filter(([, o]) => o && "error" in (o as object));
  if (errors.length) {
    out.push("", "## Errors", "");
    for (const [name, o] of errors) out.push(`- **${name}**: \`${(o as { error: string }).error.split("\n")[0]}\``);
  }
  return `${out.join("\n")}\n`;
}

function caseLabel(name: string): string {
  return (
    (
      {
        pk: "floor: primary-key SELECT of one message",
        history: "`message.history` page of 50",
        changes: "`sync.changes` after a version (~12 changes)",
        list: "`conversation.list` 50 with previews + unread (member of 500)",
        review: "`admin.recalled.list` first page, no filter",
        review_filtered: "`admin.recalled.list` sender, last 30 days, unreviewed",
      } as Record<string, string>
    )[name] ?? name
  );
}
