import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runScript } from "~/test/run-script";
import { openDatabase } from "./client";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const tsx = (script: string, env: Record<string, string | undefined>) => runScript(script, [], env);

describe("embedded database ownership", () => {
  it("a second process opening the same data folder fails fast with a clear message", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "recall-lock-"));
    dirs.push(dataDir);
    const owner = await openDatabase({ dataDir });
    try {
      const second = await tsx("scripts/db-migrate.ts", { DATA_DIR: dataDir, DATABASE_URL: undefined });
      expect(second.code).toBe(1);
      expect(second.stderr.trim()).toMatch(
        /^error: The embedded database in .* is in use by process \d+\. Stop that process/,
      );
      expect(second.stderr.trim().split("\n")).toHaveLength(1);
    } finally {
      await owner.close();
    }
    // Once released, the folder opens again (and a stale lock from a dead process is taken over).
    const again = await tsx("scripts/db-migrate.ts", { DATA_DIR: dataDir, DATABASE_URL: undefined });
    expect(again.stdout).toContain("migrations applied (pglite)");
    // Two tsx start-ups (each bounded at 60 s above): on a loaded 2-core machine they outlast 30 s.
  }, 150_000);
});

describe("unreachable PostgreSQL", () => {
  it("prints one line naming DATABASE_URL, not a stack trace", async () => {
    const r = await tsx("scripts/db-migrate.ts", { DATABASE_URL: "postgres://nobody:secret@127.0.0.1:1/none" });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^error: Cannot connect to PostgreSQL at DATABASE_URL \(postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none\)/,
    );
    expect(r.stderr).not.toContain("secret");
  });
});
