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
