import { describe, expect, it } from "vitest";
import { type BuildStamp, fingerprint, isBuildInput, reuseRefusal } from "./build-stamp";

describe("build stamp", () => {
  it("counts the app's code and configuration as build inputs, not tests, benchmarks or docs", () => {
    for (const f of ["app/page.tsx", "server/trpc.ts", "db/schema/users.ts", "next.config.mjs", "package-lock.json"])
      expect(isBuildInput(f), f).toBe(true);
    for (const f of [
      "server/recall/rules.test.ts",
      "test/harness.ts",
      "bench/run.ts",
      "e2e/recall.spec.ts",
      "README.md",
    ])
      expect(isBuildInput(f), f).toBe(false);
  });

  it("fingerprints paths and bytes, in any order", () => {
    const a = { path: "app/a.ts", content: "one" };
    const b = { path: "app/b.ts", content: Buffer.from("two") };
    expect(fingerprint([a, b])).toBe(fingerprint([b, a]));
    expect(fingerprint([a, b])).not.toBe(fingerprint([a, { ...b, content: "two!" }]));
    expect(fingerprint([a, b])).not.toBe(fingerprint([a, { ...b, path: "app/c.ts" }]));
    expect(fingerprint([a])).not.toBe(fingerprint([a, b]));
  });

  it("reuses a build only when its stamp matches the sources as they are now", () => {
    const stamp: BuildStamp = {
      commit: "0123456789abcdef",
      dirty: false,
      fingerprint: "f1",
      built_at: "2026-01-02T03:04:05.000Z",
      build_id: "b1",
    };
    expect(reuseRefusal(stamp, "f1", "b1")).toBeNull();
    expect(reuseRefusal(stamp, "f2", "b1")).toBe(
      "the .next build is from commit 0123456789ab (2026-01-02T03:04:05.000Z), and the sources have changed since",
    );
    expect(reuseRefusal(stamp, "f1", "b2")).toMatch(/replaced by another `next build`/);
    expect(reuseRefusal(stamp, "f1", null)).toMatch(/replaced by another `next build`/);
    expect(reuseRefusal(null, "f1", "b1")).toMatch(/carries no stamp/);
  });
});
