import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, conversationMembers, conversations, messages } from "~/db/schema";
import { type SessionUser } from "~/server/context";
import { callerFor, clientMsgId, createGroup, createTestDb, createUser, type TestDb } from "../harness";

/**
 * {member, group admin, group owner, system admin, non-member, signed-out}
 *   × {own message, a member's, a group admin's, the owner's} × {inside, outside the window}
 *   × {group, direct}. Every cell: the outcome, the row's state, and the audit log.
 */
type ActorKind = "member" | "group admin" | "group owner" | "system admin" | "non-member" | "signed-out";
type AuthorKind = "own" | "member's" | "group admin's" | "owner's" | "other participant's";
type Outcome = "sender" | "group_owner" | "group_admin" | "system_admin" | "FORBIDDEN" | "NOT_FOUND" | "UNAUTHORIZED";

const groupExpectations: Record<ActorKind, Partial<Record<AuthorKind, [inside: Outcome, outside: Outcome]>>> = {
  member: {
    own: ["sender", "FORBIDDEN"],
    "member's": ["FORBIDDEN", "FORBIDDEN"],
    "group admin's": ["FORBIDDEN", "FORBIDDEN"],
    "owner's": ["FORBIDDEN", "FORBIDDEN"],
  },
  "group admin": {
    own: ["sender", "FORBIDDEN"],
    "member's": ["group_admin", "group_admin"],
    "group admin's": ["FORBIDDEN", "FORBIDDEN"],
    "owner's": ["FORBIDDEN", "FORBIDDEN"],
  },
  "group owner": {
    own: ["sender", "FORBIDDEN"],
    "member's": ["group_owner", "group_owner"],
    "group admin's": ["group_owner", "group_owner"],
    "owner's": ["FORBIDDEN", "FORBIDDEN"],
  },
  "system admin": {
    "member's": ["system_admin", "system_admin"],
    "group admin's": ["system_admin", "system_admin"],
    "owner's": ["system_admin", "system_admin"],
  },
  "non-member": {
    "member's": ["NOT_FOUND", "NOT_FOUND"],
    "group admin's": ["NOT_FOUND", "NOT_FOUND"],
    "owner's": ["NOT_FOUND", "NOT_FOUND"],
  },
  "signed-out": {
    "member's": ["UNAUTHORIZED", "UNAUTHORIZED"],
    "group admin's": ["UNAUTHORIZED", "UNAUTHORIZED"],
    "owner's": ["UNAUTHORIZED", "UNAUTHORIZED"],
  },
};

const directExpectations: Partial<Record<ActorKind, Partial<Record<AuthorKind, [Outcome, Outcome]>>>> = {
  member: { own: ["sender", "FORBIDDEN"], "other participant's": ["FORBIDDEN", "FORBIDDEN"] },
  "system admin": { "other participant's": ["system_admin", "system_admin"] },
  "non-member": { "other participant's": ["NOT_FOUND", "NOT_FOUND"] },
  "signed-out": { "other participant's": ["UNAUTHORIZED", "UNAUTHORIZED"] },
};

let t: TestDb;
let people: Record<string, SessionUser>;
let group: string;
let direct: string;

beforeAll(async () => {
  t = await createTestDb();
  const names = ["owner", "owner2", "admin", "admin2", "member", "member2", "sysadmin", "stranger", "d1", "d2"];
  people = {};
  for (const n of names) people[n] = await createUser(t.db, n, n === "sysadmin" ? "admin" : "user");
  group = await createGroup(t.db, "Matrix", [
    [people.owner!, "owner"],
    [people.owner2!, "owner"],
    [people.admin!, "admin"],
    [people.admin2!, "admin"],
    [people.member!, "member"],
    [people.member2!, "member"],
  ]);
  const [d] = await t.db.insert(conversations).values({ kind: "direct", directKey: "matrix" }).returning();
  direct = d!.id;
  await t.db.insert(conversationMembers).values([
    { conversationId: direct, userId: people.d1!.id },
    { conversationId: direct, userId: people.d2!.id },
  ]);
});
afterAll(() => t.close());

const groupActor: Record<ActorKind, string | null> = {
  member: "member",
  "group admin": "admin",
  "group owner": "owner",
  "system admin": "sysadmin",
  "non-member": "stranger",
  "signed-out": null,
};
const groupAuthor = (actor: ActorKind): Record<AuthorKind, string> => ({
  own: groupActor[actor] ?? "member",
  "member's": actor === "member" ? "member2" : "member",
  "group admin's": actor === "group admin" ? "admin2" : "admin",
  "owner's": actor === "group owner" ? "owner2" : "owner",
  "other participant's": "",
});

async function cell(
  conversationId: string,
  authorName: string,
  actorName: string | null,
  outside: boolean,
): Promise<Outcome> {
  const author = people[authorName]!;
  const sent = await callerFor(t.db, author).message.send({
    conversationId,
    clientMsgId: clientMsgId(),
    body: `matrix ${authorName}`,
  });
  if (outside) {
    await t.db
      .update(messages)
      .set({ createdAt: sql`now() - interval '10 minutes'` })
      .where(eq(messages.id, sent.id));
  }
  const auditBefore = await auditCount(sent.id);
  const actor = actorName ? people[actorName]! : null;
  let outcome: Outcome;
  try {
    const result = await callerFor(t.db, actor).message.recall({ messageId: sent.id, reason: null });
    expect(result.alreadyRecalled).toBe(false);
    expect(result.message).toMatchObject({ id: sent.id, body: null });
    outcome = "recall" in result.message && result.message.recall ? result.message.recall.kind : "FORBIDDEN";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    outcome = error.code as Outcome;
  }
  const [row] = await t.db.select().from(messages).where(eq(messages.id, sent.id));
  const recalled = !["FORBIDDEN", "NOT_FOUND", "UNAUTHORIZED"].includes(outcome);
  // The row's state and the audit log agree with the outcome: a refusal changes nothing.
  expect(row!.revokedAt !== null).toBe(recalled);
  expect(row!.body === null).toBe(recalled);
  expect(await auditCount(sent.id)).toBe(auditBefore + (recalled ? 1 : 0));
  return outcome;
}

async function auditCount(messageId: string) {
  const [r] = await t.db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(auditLog)
    .where(eq(auditLog.targetMessageId, messageId));
  return r!.n;
}

const groupCells = Object.entries(groupExpectations).flatMap(([actor, authors]) =>
  Object.entries(authors).flatMap(([author, [inside, outside]]) => [
    [actor as ActorKind, author as AuthorKind, "inside", inside] as const,
    [actor as ActorKind, author as AuthorKind, "outside", outside] as const,
  ]),
);
const directCells = Object.entries(directExpectations).flatMap(([actor, authors]) =>
  Object.entries(authors!).flatMap(([author, [inside, outside]]) => [
    [actor as ActorKind, author as AuthorKind, "inside", inside] as const,
    [actor as ActorKind, author as AuthorKind, "outside", outside] as const,
  ]),
);

describe(`recall authorization matrix: group (${groupCells.length} cells)`, () => {
  it.each(groupCells)("%s recalls %s message %s the window → %s", async (actor, author, when, expected) => {
    const authorName = groupAuthor(actor)[author];
    expect(await cell(group, authorName, groupActor[actor], when === "outside")).toBe(expected);
  });
});

describe(`recall authorization matrix: direct (${directCells.length} cells)`, () => {
  const directActor: Partial<Record<ActorKind, string | null>> = {
    member: "d1",
    "system admin": "sysadmin",
    "non-member": "stranger",
    "signed-out": null,
  };
  it.each(directCells)("%s recalls %s message %s the window → %s", async (actor, author, when, expected) => {
    const authorName = author === "own" ? "d1" : "d2";
    expect(await cell(direct, authorName, directActor[actor]!, when === "outside")).toBe(expected);
  });

  it("a group role means nothing in a direct conversation", async () => {
    await t.db.update(conversationMembers).set({ role: "owner" }).where(eq(conversationMembers.userId, people.d1!.id));
    expect(await cell(direct, "d2", "d1", false)).toBe("FORBIDDEN");
  });
});
