/** The fields that tell one recall action's rows apart from another's. */
export interface GroupableRecord {
  id: string;
  revokedAt: Date;
  revoker: { id: string } | null;
  sender: { id: string };
  reason: string | null;
}

export type RecordRun<T> = { kind: "one"; record: T } | { kind: "group"; key: string; records: T[] };

/**
 * Consecutive rows recalled by one action (a bulk recall marks all its messages in one transaction,
 * so they share the recall time to the microsecond, the revoker, the sender and the reason) become
 * one group, so 40 rows of one bulk recall read as one line that can be selected as a whole.
 */
export function groupRecords<T extends GroupableRecord>(items: readonly T[]): RecordRun<T>[] {
  const runs: RecordRun<T>[] = [];
  let current: T[] = [];
  const same = (a: T, b: T) =>
    a.revokedAt.getTime() === b.revokedAt.getTime() &&
    a.revoker?.id === b.revoker?.id &&
    a.sender.id === b.sender.id &&
    a.reason === b.reason;
  const flush = () => {
    if (current.length === 1) runs.push({ kind: "one", record: current[0]! });
    else if (current.length > 1) runs.push({ kind: "group", key: current[0]!.id, records: current });
    current = [];
  };
  for (const item of items) {
    if (current.length > 0 && !same(current[0]!, item)) flush();
    current.push(item);
  }
  flush();
  return runs;
}
