/** A row of the message log: one message, or a run of recall tips shown as one line. */
export type LogRow<M> = { kind: "one"; message: M } | { kind: "run"; key: string; messages: M[] };

/**
 * Folds consecutive messages that read as the same tip (same `tipKey`, e.g. "A message was
 * removed by an admin · Reason: Spam flood") into one run, so a bulk recall is one line, not 40.
 * `tipKey` returns null for anything that must stay its own row (readable messages, a tip that
 * still offers Re-edit). Runs of one stay plain rows. Runs already expanded by the reader
 * (`expanded` holds a run's first id) are given back as plain rows.
 */
export function foldTipRuns<M extends { id: string }>(
  messages: readonly M[],
  tipKey: (m: M) => string | null,
  expanded: ReadonlySet<string> = new Set(),
): LogRow<M>[] {
  const rows: LogRow<M>[] = [];
  let run: M[] = [];
  let runKey: string | null = null;
  const flush = () => {
    if (run.length > 1 && !expanded.has(run[0]!.id)) rows.push({ kind: "run", key: runKey!, messages: run });
    else for (const m of run) rows.push({ kind: "one", message: m });
    run = [];
    runKey = null;
  };
  for (const m of messages) {
    const key = tipKey(m);
    if (key === null) {
      flush();
      rows.push({ kind: "one", message: m });
      continue;
    }
    if (key !== runKey) flush();
    run.push(m);
    runKey = key;
  }
  flush();
  return rows;
}
