import { describe, expect, it } from "vitest";
import { MIN_P99_SAMPLES, percentile, ratio, round, Samples, summarize } from "./stats";

describe("percentile", () => {
  it("interpolates between the nearest ranks", () => {
    const xs = Float64Array.from([1, 2, 3, 4]);
    expect(percentile(xs, 50)).toBe(2.5);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 100)).toBe(4);
    expect(percentile(Float64Array.from([10, 20]), 99)).toBeCloseTo(19.9);
  });

  it("is NaN for no samples and the value itself for one", () => {
    expect(percentile([], 50)).toBeNaN();
    expect(percentile([7], 99)).toBe(7);
  });
});

describe("summarize", () => {
  it("sorts numerically (not as strings) and reports the usual figures", () => {
    const s = summarize([100, 9, 10, 1]);
    expect(s).toMatchObject({ n: 4, min: 1, max: 100, mean: 30 });
    expect(s.p50).toBe(9.5);
  });

  it("takes Samples buffers that grow past their first allocation", () => {
    const samples = new Samples();
    for (let i = 1; i <= 5000; i++) samples.push(i);
    const s = summarize(samples.toArray());
    expect(s.n).toBe(5000);
    expect(s.p99).toBeCloseTo(4950.01);
  });

  it("reports no p99 from fewer than 100 samples (it would be the maximum)", () => {
    expect(summarize(Array.from({ length: 99 }, (_, i) => i)).p99).toBeNull();
    expect(summarize(Array.from({ length: MIN_P99_SAMPLES }, (_, i) => i)).p99).toBeCloseTo(98.01);
  });
});

describe("round and ratio", () => {
  it("keeps three decimals for small values and fewer for large ones", () => {
    expect(round(1.23456)).toBe(1.235);
    expect(round(12.3456)).toBe(12.35);
    expect(round(1234.56)).toBe(1234.6);
    expect(round(Number.NaN)).toBeNull();
  });

  it("refuses to divide by zero or missing values", () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(null, 2)).toBeNull();
  });
});
