import { describe, expect, it } from "vitest";
import { countTicks } from "./chart-axis";

describe("count chart ticks", () => {
  it("start at 0 and end at the first nice number at or above the max", () => {
    expect(countTicks(0)).toEqual([0, 1]);
    expect(countTicks(1)).toEqual([0, 1]);
    expect(countTicks(3)).toEqual([0, 1, 2, 3]);
    expect(countTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(countTicks(40)).toEqual([0, 10, 20, 30, 40]);
    expect(countTicks(55)).toEqual([0, 20, 40, 60]);
    expect(countTicks(1234)).toEqual([0, 500, 1000, 1500]);
  });

  it("never more than five ticks, evenly spaced", () => {
    for (let max = 0; max < 5000; max += 7) {
      const ticks = countTicks(max);
      expect(ticks.length).toBeLessThanOrEqual(5);
      expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max);
      const step = ticks[1]! - ticks[0]!;
      ticks.forEach((v, i) => expect(v).toBe(i * step));
    }
  });
});
