import { describe, expect, it } from "vitest";
import { outboxCheck } from "./health";

describe("outboxCheck", () => {
  it("is healthy below the threshold and unhealthy at it", () => {
    expect(outboxCheck(0, 0, 60)).toEqual({ ok: true, detail: "0 pending, oldest 0 s (limit 60 s)" });
    expect(outboxCheck(59.4, 3, 60).ok).toBe(true);
    expect(outboxCheck(60, 3, 60)).toEqual({ ok: false, detail: "3 pending, oldest 60 s (limit 60 s)" });
  });
});
