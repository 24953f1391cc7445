import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type DbHandle, openDatabase, rowsOf } from "~/db/client";
import { checkCredentials } from "~/server/auth/sign-in";
import { createTestDb, onPostgres, type TestDb } from "../harness";
import { runScript, type ScriptRun } from "../run-script";

/**
 * The operator's command-line tools, run as an operator runs them (a child process through tsx)
 * against a database of their own: a fresh PostgreSQL database, or an embedded data folder.
 * Expected states are read back with SQL written here.
 */
let t: TestDb | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  if (onPostgres) t = await createTestDb();
  else dataDir = mkdtempSync(path.join(tmpdir(), "recall-cli-"));
});
afterAll(async () => {
  await t?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** An operator's command against this file's database (and no other), in development unless `env` says otherwise. */
function run(script: string, args: string[], env: Record<string, string>): Promise<ScriptRun> {
  return runScript(script, args, {
    NODE_ENV: "development",
    DATABASE_URL: t?.url,
    DATA_DIR: t ? undefined : dataDir,
    ...env,
  });
}

/** The embedded database has one owner at a time: open it only while no command runs. */
async function withDb<T>(fn: (handle: DbHandle) => Promise<T>): Promise<T> {
  const handle = t ?? (await openDatabase({ dataDir }));
  try {
    return await fn(handle);
  } finally {
    if (!t) await handle.close();
  }
}

const accountRow = z.object({ role: z.string(), audits: z.coerce.number() });
async function account(email: string) {
  return withDb(async (h) => {
    // A command that refused early leaves a fresh embedded database without any schema.
    const schema = z
      .object({ t: z.string().nullable() })
      .parse(rowsOf(await h.db.execute(sql`select to_regclass('public.users')::text as t`))[0]);
    if (schema.t === null) return null;
    const rows = rowsOf(
      await h.db.execute(sql`
        select u.role, (select count(*) from audit_log a where a.target_user_id = u.id and a.action = 'user_create') as audits
        from users u where u.email = ${email}`),
    );
    return rows.length ? accountRow.parse(rows[0]) : null;
  });
}
const userCount = () =>
  withDb(
    async (h) =>
      z.object({ n: z.coerce.number() }).parse(rowsOf(await h.db.execute(sql`select count(*) as n from users`))[0]).n,
  );

const strong = "correct horse battery staple 42";

describe("admin:create", () => {
  it("refuses a weak password with one line, and stores nothing", async () => {
    const r = await run("scripts/admin-create.ts", ["--email", "ops@example.com", "--name", "Ops"], {
      RECALL_ADMIN_PASSWORD: "password1",
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: .*password/i);
    expect(r.stderr + r.stdout).not.toContain("password1");
    expect(await account("ops@example.com")).toBeNull();
  }, 60_000);

  it("refuses a malformed email with a usage hint", async () => {
    const r = await run("scripts/admin-create.ts", ["--email", "not-an-email", "--name", "Ops"], {
      RECALL_ADMIN_PASSWORD: strong,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--email must be an email address");
  }, 60_000);

  it("creates a system admin on a fresh database (migrating it), audited, whose password signs in and is never printed", async () => {
    const r = await run("scripts/admin-create.ts", ["--email", "Ops@Example.com", "--name", "Ops"], {
      RECALL_ADMIN_PASSWORD: strong,
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/created system admin ops@example\.com/);
    expect(r.stdout).not.toContain(strong);
    expect(await account("ops@example.com")).toEqual({ role: "admin", audits: 1 });
    const signIn = await withDb((h) => checkCredentials(h.db, "ops@example.com", strong));
    expect(signIn).toMatchObject({ ok: true, user: { role: "admin" } });
  }, 60_000);

  it("refuses an email that already has an account, changing nothing", async () => {
    const before = await userCount();
    const r = await run("scripts/admin-create.ts", ["--email", "ops@example.com", "--name", "Someone else"], {
      RECALL_ADMIN_PASSWORD: `${strong}!`,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already exists/);
    expect(await userCount()).toBe(before);
    expect(await account("ops@example.com")).toEqual({ role: "admin", audits: 1 });
  }, 60_000);
});

describe("db:seed", () => {
  it("refuses under NODE_ENV=production without --demo, creating no demo account", async () => {
    const r = await run("scripts/db-seed.ts", [], { NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(40) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refuses under NODE_ENV=production/);
    expect(await account("admin@example.com")).toBeNull();
  }, 60_000);

  it("with --demo in production: seeds, and warns loudly that the passwords are public", async () => {
    const r = await run("scripts/db-seed.ts", ["--demo"], { NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(40) });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^WARNING: .*demo accounts/m);
    expect(await account("admin@example.com")).toMatchObject({ role: "admin" });
  }, 60_000);
});

describe("npm start / npm run dev with a bad setting", () => {
  it.each([
    ["start", { PORT: "eighty" }, "error: Invalid configuration: PORT must be a port number (1-65535)."],
    ["dev", { REALTIME_PORT: "70000" }, "error: Invalid configuration: REALTIME_PORT must be a port number (1-65535)."],
  ])(
    "%s exits 1 with one line naming the variable, before starting anything",
    async (mode, env, line) => {
      const r = await run("scripts/run.ts", [mode], { NEXTAUTH_SECRET: "x".repeat(40), ...env });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`${line}\n`);
      expect(r.stdout).toBe("");
    },
    60_000,
  );
});
