import { eq } from "drizzle-orm";
import { type Db } from "~/db/client";
import { users } from "~/db/schema";
import { hashPassword } from "~/server/auth/password";
import { createContextInner, type SessionUser } from "~/server/context";
import { createCaller } from "~/server/root";

/** Demo accounts, documented in README.md. */
export const DEMO_PASSWORD = "recall-demo";
export const demoUsers = [
  { key: "alice", name: "Alice", email: "alice@example.com", role: "user" },
  { key: "bob", name: "Bob", email: "bob@example.com", role: "user" },
  { key: "carol", name: "Carol", email: "carol@example.com", role: "user" },
  { key: "admin", name: "Admin", email: "admin@example.com", role: "admin" },
] as const;

type DemoKey = (typeof demoUsers)[number]["key"];

/**
 * Idempotent: users are matched by email, and conversations and messages are created through the
 * same procedures the app uses, with fixed clientMsgIds, so running it twice changes nothing.
 * Returns whether anything was created. `password` is for the e2e accounts of a deployment
 * (`npm run e2e:users`), which must not use the public demo password.
 */
export async function seed(db: Db, password = DEMO_PASSWORD): Promise<boolean> {
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, "alice@example.com"));
  if (existing) return false;
  const passwordHash = await hashPassword(password);
  const people = {} as Record<DemoKey, SessionUser>;
  for (const u of demoUsers) {
    const [row] = await db
      .insert(users)
      .values({ name: u.name, email: u.email, role: u.role, passwordHash })
      .onConflictDoUpdate({ target: users.email, set: { name: u.name } })
      .returning({ id: users.id, name: users.name, role: users.role });
    people[u.key] = row!;
  }
  const as = (key: DemoKey) => createCaller(createContextInner({ session: { user: people[key] }, db }));
  const team = await as("alice").conversation.createGroup({
    title: "Team",
    memberIds: [people.bob.id, people.carol.id, people.admin.id],
  });
  const direct = await as("alice").conversation.createDirect({ userId: people.bob.id });
  const lines: [DemoKey, string, string][] = [
    ["alice", team.id, "Welcome to Recall! Hover a message (or focus it and press the menu key) to recall it."],
    ["bob", team.id, "Hi all 👋"],
    ["carol", team.id, "大家好！撤回功能试试看。"],
    ["alice", direct.id, "Hey Bob, lunch at noon?"],
    ["bob", direct.id, "Sounds good."],
  ];
  for (const [i, [who, conversationId, body]] of lines.entries()) {
    await as(who).message.send({ conversationId, clientMsgId: `seed-message-${i}`, body });
  }
  return true;
}
