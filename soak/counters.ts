// What the run did, by operation and outcome, and the realtime events devices received, for the report.

export const counters = {
  ops: {} as Record<string, { ok: number; rejected: number }>,
  rejections: {} as Record<string, number>,
  eventsByKind: {} as Record<string, number>,
};
export function countOp(kind: string, ok: boolean, why?: string): void {
  const c = (counters.ops[kind] ??= { ok: 0, rejected: 0 });
  if (ok) c.ok += 1;
  else {
    c.rejected += 1;
    const key = `${kind}: ${(why ?? "?").slice(0, 80)}`;
    counters.rejections[key] = (counters.rejections[key] ?? 0) + 1;
  }
}
