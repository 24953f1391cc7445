import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

// The soak's report: what run.ts fills in, rendered as markdown and written to soak/results.

export interface Report {
  started_at: string;
  devices: number;
  seconds: number;
  instances: { A: string; B: string; realtime: string };
  operations: Record<string, { ok: number; rejected: number }>;
  operations_total: number;
  rejections: Record<string, number>;
  events_received: number;
  events_by_kind: Record<string, number>;
  catch_ups: { after_gap: number; after_reconnect: number };
  disconnects: number;
  outbox_drained_ms: number | null;
  converged_ms: number | null;
  divergences: number;
  diverged: string[];
  /** Problems with the run's ledger: acknowledged sends not stored exactly once, acknowledged recalls not in force. */
  ledger_problems: string[];
  ledger: { sends: number; recalled_at_end: number; restored_at_end: number };
  mode: "normal" | "stress" | "check-oracle";
  stress_processes: number;
  load_average: { before: number; during: number | null };
  messages_in_db: number;
  /** Messages held by all devices together at the final comparison (proves it was not vacuous). */
  messages_compared: number;
  wall_seconds: number;
  error?: string;
}

export function renderMarkdown(r: Report): string {
  const lines = [
    `# Soak — ${r.started_at}`,
    "",
    `${r.devices} devices (half via ${r.instances.A}, half via ${r.instances.B}; realtime ${r.instances.realtime}), random phase ${r.seconds} s, wall time ${r.wall_seconds.toFixed(1)} s.`,
    `Mode: ${r.mode}${r.stress_processes ? ` (${r.stress_processes} busy-loop processes)` : ""}; load average ${r.load_average.before.toFixed(1)} before, peak ${r.load_average.during?.toFixed(1) ?? "—"} during the random phase. Oracle: SQL on the tables (test/convergence/oracle.ts).`,
    "",
    "| operation | ok | rejected |",
    "|---|---:|---:|",
    ...Object.entries(r.operations).map(([k, c]) => `| ${k} | ${c.ok} | ${c.rejected} |`),
    `| **total** | ${r.operations_total} | |`,
    "",
    "| metric | value |",
    "|---|---:|",
    `| messages in DB | ${r.messages_in_db} |`,
    `| messages compared (all device timelines) | ${r.messages_compared} |`,
    `| events received (all devices) | ${r.events_received} |`,
    ...Object.entries(r.events_by_kind).map(([k, n]) => `| &nbsp;&nbsp;${k} | ${n} |`),
    `| catch-ups after a gap (lost event → sync.changes) | ${r.catch_ups.after_gap} |`,
    `| catch-ups after reconnect | ${r.catch_ups.after_reconnect} |`,
    `| outbox drained after | ${r.outbox_drained_ms ?? "—"} ms |`,
    `| converged after | ${r.converged_ms ?? "—"} ms |`,
    `| **divergences** | **${r.divergences}** |`,
    `| ledger: acknowledged sends / recalled at end / restored at end | ${r.ledger.sends} / ${r.ledger.recalled_at_end} / ${r.ledger.restored_at_end} |`,
    `| **ledger problems** | **${r.ledger_problems.length}** |`,
  ];
  if (Object.keys(r.rejections).length)
    lines.push("", "Rejections:", ...Object.entries(r.rejections).map(([k, n]) => `- ${k} ×${n}`));
  if (r.diverged.length)
    lines.push(
      "",
      "Diverged (device, conversation, message: device state · database state):",
      ...r.diverged.map((d) => `- ${d}`),
    );
  if (r.ledger_problems.length) lines.push("", "Ledger problems:", ...r.ledger_problems.map((d) => `- ${d}`));
  if (r.error) lines.push("", "**Error:**", "```", r.error, "```");
  return `${lines.join("\n")}\n`;
}

export function writeResults(r: Report, name: string): void {
  const dir = path.resolve("soak/results");
  mkdirSync(dir, { recursive: true });
  for (const [file_, body] of [
    [`${name}.json`, `${JSON.stringify(r, null, 2)}\n`],
    [`${name}.md`, renderMarkdown(r)],
  ] as const) {
    const file = path.join(dir, file_);
    writeFileSync(`${file}.tmp`, body);
    renameSync(`${file}.tmp`, file);
  }
}
