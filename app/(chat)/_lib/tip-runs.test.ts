import { describe, expect, it } from "vitest";
import { foldTipRuns } from "./tip-runs";

// m1 readable, then tips keyed by letter; null = readable message.
const msgs = (spec: string) => spec.split("").map((c, i) => ({ id: `m${i}`, key: c === "." ? null : c }));
const key = (m: { key: string | null }) => m.key;
const shape = (rows: ReturnType<typeof foldTipRuns<{ id: string; key: string | null }>>) =>
  rows.map((r) => (r.kind === "one" ? r.message.id : `[${r.messages.map((m) => m.id).join(",")}]`)).join(" ");

describe("foldTipRuns", () => {
  it("folds consecutive identical tips into one run and keeps single tips as rows", () => {
    expect(shape(foldTipRuns(msgs(".aaa.b."), key))).toBe("m0 [m1,m2,m3] m4 m5 m6");
  });
  it("starts a new run when the tip changes, even without a readable message between", () => {
    expect(shape(foldTipRuns(msgs("aabb"), key))).toBe("[m0,m1] [m2,m3]");
  });
  it("never folds readable messages", () => {
    expect(shape(foldTipRuns(msgs("...."), key))).toBe("m0 m1 m2 m3");
  });
  it("gives an expanded run back as plain rows", () => {
    expect(shape(foldTipRuns(msgs(".aaa"), key, new Set(["m1"])))).toBe("m0 m1 m2 m3");
  });
  it("keeps the run's key", () => {
    const rows = foldTipRuns(msgs("aa"), key);
    expect(rows).toEqual([
      {
        kind: "run",
        key: "a",
        messages: [
          { id: "m0", key: "a" },
          { id: "m1", key: "a" },
        ],
      },
    ]);
  });
});
