/** Which channels to join and leave so that exactly `wanted` stay subscribed. */
export function diffChannels(
  current: ReadonlySet<string>,
  wanted: Iterable<string>,
): { join: string[]; leave: string[] } {
  const want = new Set(wanted);
  return {
    join: [...want].filter((c) => !current.has(c)),
    leave: [...current].filter((c) => !want.has(c)),
  };
}
