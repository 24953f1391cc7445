import type postgres from "postgres";
// Overridable so two checkouts can run the PostgreSQL suite against one server at once.
export const TEMPLATE_DB = process.env.RECALL_TEST_TEMPLATE_DB ?? "recall_test_template";

/** Integration tests use real PostgreSQL when DATABASE_URL is set, else PGlite. */
export function testDatabaseUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Drops a test database. WITH (FORCE) ends leftover sessions, but PostgreSQL 15 refuses it with
 * 42501 when an autovacuum worker happens to be in the database (a worker has no role the app's
 * role may signal; seen in CI after a write-heavy file). A plain DROP tells autovacuum workers to
 * exit and waits for them, so that is the fallback, a few times while they wind down.
 */
export async function dropDatabase(admin: postgres.Sql, name: string): Promise<void> {
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    return;
  } catch (error) {
    if ((error as { code?: unknown }).code !== "42501") throw error;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (error) {
      // 55006: "is being accessed by other users" (the wait for them ran out).
      if ((error as { code?: unknown }).code !== "55006" || attempt === 5) throw error;
    }
  }
}
