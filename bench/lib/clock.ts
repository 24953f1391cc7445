/**
 * Milliseconds on CLOCK_MONOTONIC (process.hrtime), which on Linux is one clock for the whole
 * machine: a timestamp taken in a load generator and one taken in a subscriber process can be
 * subtracted directly. (Date.now() is the wall clock, with millisecond resolution, and can step.)
 */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
