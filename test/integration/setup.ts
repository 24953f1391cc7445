import { sql, type SQL } from "drizzle-orm";
import { type PgTable } from "drizzle-orm/pg-core";
import { type Db, rowsOf } from "~/db/client";
import { type MemberRole, type UserRole } from "~/db/schema";
import { type SessionUser } from "~/server/context";
import { createGroup, createTestDb, createUser, type TestDb } from "../harness";

/** The users a test file needs: its variable name → display name, or [display name, system role]. */
export type Cast<K extends string> = Record<K, string | [string, UserRole]>;

/** Creates the cast's users one by one, in the order written. */
export async function createUsers<K extends string>(db: Db, cast: Cast<K>): Promise<Record<K, SessionUser>> {
  const users = {} as Record<K, SessionUser>;
  for (const [key, spec] of Object.entries(cast) as [K, string | [string, UserRole]][]) {
    const [name, role] = typeof spec === "string" ? [spec, undefined] : spec;
    users[key] = await createUser(db, name, role);
  }
  return users;
}

export interface GroupSpec<K extends string> {
  title: string;
  members: Partial<Record<K, MemberRole>>;
}

/**
 * A test file's starting state: a fresh database, its users and, when asked, one group of them.
 * The file still closes it (`afterAll(() => t.close())`).
 */
export async function createWorld<K extends string>(
  cast: Cast<K>,
): Promise<{ t: TestDb; users: Record<K, SessionUser> }>;
export async function createWorld<K extends string>(
  cast: Cast<K>,
  group: GroupSpec<K>,
): Promise<{ t: TestDb; users: Record<K, SessionUser>; group: string }>;
export async function createWorld<K extends string>(cast: Cast<K>, group?: GroupSpec<K>) {
  const t = await createTestDb();
  const users = await createUsers(t.db, cast);
  if (!group) return { t, users };
  const members = (Object.entries(group.members) as [K, MemberRole][]).map(([key, role]): [SessionUser, MemberRole] => [
    users[key],
    role,
  ]);
  return { t, users, group: await createGroup(t.db, group.title, members) };
}

/** Rows in a table, counted with SQL written here (never through the code under test). */
export async function countRows(db: Db, table: PgTable, where?: SQL): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(table)
    .where(where);
  return row!.n;
}

/**
 * Resolves once some statement of this database waits for a lock (PostgreSQL only), e.g. a recall
 * whose mark queues behind a transaction the test holds open.
 */
export async function untilWaitingForLock(db: Db, what = "the mark"): Promise<void> {
  for (let waited = 0; ; waited += 20) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(
        sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      ),
    );
    if (row!.n > 0) return;
    if (waited > 10_000) throw new Error(`${what} never waited for the conversation lock`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
