import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { inject } from "vitest";
import { type Db, type DbHandle, openDatabase, openMemoryPglite } from "~/db/client";
import { conversationMembers, conversations, type MemberRole, users, type UserRole } from "~/db/schema";
import { hashPassword } from "~/server/auth/password";
import { createContextInner, type SessionUser } from "~/server/context";
import { createCaller } from "~/server/root";
import { dropDatabase, TEMPLATE_DB, testDatabaseUrl, withDatabase } from "./pg-url";

export const onPostgres = Boolean(testDatabaseUrl());

export interface TestDb extends DbHandle {
  /** Opens another, independent connection pool to the same database (PostgreSQL only). */
  connect(max?: number): Promise<DbHandle>;
  /** The database's URL, for a child process to use (PostgreSQL only). */
  url?: string;
}

/** A fresh, migrated database for one test file; `close` drops it. */
export async function createTestDb(): Promise<TestDb> {
  const adminUrl = testDatabaseUrl();
  if (!adminUrl) {
    const template = inject("pgliteTemplate");
    const handle = await openMemoryPglite(new Blob([readFileSync(template)]));
    return { ...handle, connect: () => Promise.reject(new Error("PGlite has a single connection")) };
  }
  const name = `recall_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  const url = withDatabase(adminUrl, name);
  const handle = await openDatabase({ databaseUrl: url, max: 25 });
  const extra: DbHandle[] = [];
  return {
    ...handle,
    url,
    connect: async (max = 1) => {
      const h = await openDatabase({ databaseUrl: url, max });
      extra.push(h);
      return h;
    },
    close: async () => {
      await Promise.all(extra.map((h) => h.close()));
      await handle.close();
      await dropDatabase(admin, name);
      await admin.end();
    },
  };
}

let passwordHash: Promise<string> | undefined;

export async function createUser(db: Db, name: string, role: UserRole = "user"): Promise<SessionUser> {
  passwordHash ??= hashPassword("password123");
  const [row] = await db
    .insert(users)
    .values({
      name,
      email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@test.local`,
      passwordHash: await passwordHash,
      role,
    })
    .returning({ id: users.id, name: users.name, role: users.role });
  return row!;
}

export function callerFor(db: Db, user: SessionUser | null, afterCommit?: () => void) {
  return createCaller(createContextInner({ session: user ? { user } : null, db, afterCommit }));
}

export async function createGroup(db: Db, title: string, members: [SessionUser, MemberRole][]): Promise<string> {
  const [conv] = await db.insert(conversations).values({ kind: "group", title }).returning({ id: conversations.id });
  await db
    .insert(conversationMembers)
    .values(members.map(([u, role]) => ({ conversationId: conv!.id, userId: u.id, role })));
  return conv!.id;
}

let counter = 0;
export function clientMsgId(): string {
  counter += 1;
  return `test-${counter}-${randomUUID().slice(0, 8)}`;
}

/** Every string anywhere in a JSON-able value, for "this text appears nowhere" assertions. */
export function containsText(value: unknown, text: string): boolean {
  return JSON.stringify(value ?? null).includes(text);
}
