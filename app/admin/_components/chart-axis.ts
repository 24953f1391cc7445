/**
 * Y-axis ticks for a count chart: 0 up to the first "nice" number (1, 2 or 5 × 10^k steps) at or
 * above `max`, at most five ticks, so the bars scale to a labelled top instead of to the raw max.
 */
export function countTicks(max: number): number[] {
  const top = Math.max(1, Math.ceil(max));
  let step = 0;
  for (let magnitude = 1; step === 0; magnitude *= 10) {
    step = [1, 2, 5].map((m) => m * magnitude).find((s) => Math.ceil(top / s) <= 4) ?? 0;
  }
  const ticks: number[] = [];
  for (let v = 0; v < top + step; v += step) {
    ticks.push(v);
    if (v >= top) break;
  }
  return ticks;
}
