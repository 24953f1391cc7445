import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SessionUser } from "~/server/context";
import { appRouter } from "~/server/root";
import { callerFor, clientMsgId, createGroup, createTestDb, createUser, type TestDb } from "../harness";

/**
 * Every procedure of the app router × every kind of caller, with valid input. The procedure list
 * comes from the router itself: a procedure missing from `expectations` fails the test, so a new
 * procedure cannot ship without someone deciding who may call it.
 */
const roles = ["signedOut", "plainUser", "nonMember", "member", "groupAdmin", "groupOwner", "systemAdmin"] as const;
type Role = (typeof roles)[number];
/**
 * Callers whose token outlived their authority (issue 11). Each must get exactly the outcome of the
 * caller they now are: a demoted system admin (token says admin, database says user) is a plain
 * user; a member removed from every matrix group is a non-member; a token whose sessions were
 * ended (sign-out, sign out everywhere) is signed out.
 */
const staleRoles = {
  demotedAdmin: "plainUser",
  removedMember: "nonMember",
  endedSession: "signedOut",
} as const satisfies Record<string, Role>;
type StaleRole = keyof typeof staleRoles;
type Outcome = "ok" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT";

interface World {
  t: TestDb;
  users: Record<Exclude<Role, "signedOut">, SessionUser> & Record<StaleRole, SessionUser> & { member2: SessionUser };
  /** A fresh group where each role holds its role; plainUser/nonMember are outside it. */
  group(): Promise<string>;
  /** A fresh message from `member2` in a fresh group. */
  message(): Promise<{ conversationId: string; id: string; seq: number }>;
  /** The same, recalled by its sender (so admin vault operations have something to act on). */
  recalled(): Promise<{ conversationId: string; id: string }>;
  /** A fresh message the caller sent when they are in the group's roles (else member2's). */
  ownMessage(caller: SessionUser | null): Promise<{ id: string }>;
  /** A fresh message from `member2`, reported by `member`. */
  reported(): Promise<{ id: string }>;
}

type Spec = {
  input: (w: World, caller: SessionUser | null) => Promise<unknown>;
  outcomes: Record<Role, Outcome>;
  /** Undoes what a successful call did to the caller, so later cells still see the same caller. */
  after?: (w: World, caller: SessionUser) => Promise<void>;
};

const everyone = (outcome: Outcome): Record<Role, Outcome> => ({
  signedOut: "UNAUTHORIZED",
  plainUser: outcome,
  nonMember: outcome,
  member: outcome,
  groupAdmin: outcome,
  groupOwner: outcome,
  systemAdmin: outcome,
});
const signedIn = everyone("ok");
const adminsOnly: Record<Role, Outcome> = { ...everyone("FORBIDDEN"), systemAdmin: "ok" };
const membersOnly: Record<Role, Outcome> = { ...signedIn, plainUser: "NOT_FOUND", nonMember: "NOT_FOUND" };
const ownerAndAdmins = (others: Outcome): Record<Role, Outcome> => ({
  ...membersOnly,
  member: others,
  systemAdmin: others === "FORBIDDEN" ? "NOT_FOUND" : "ok",
});

const expectations: Record<string, Spec> = {
  "user.signUp": {
    input: async () => ({ name: "New", email: `new-${randomUUID()}@test.local`, password: "long enough" }),
    outcomes: { ...signedIn, signedOut: "ok" },
  },
  "user.me": { input: async () => undefined, outcomes: signedIn },
  "user.setLocale": { input: async () => ({ locale: "en" }), outcomes: signedIn },
  "user.search": { input: async () => ({ query: "a" }), outcomes: signedIn },
  "user.signOutEverywhere": {
    input: async () => undefined,
    outcomes: signedIn,
    after: async (w, caller) =>
      void (await w.t.db.execute(sql`update users set session_epoch = 0 where id = ${caller.id}`)),
  },
  "conversation.list": { input: async () => undefined, outcomes: signedIn },
  "conversation.byId": {
    input: async (w) => ({ id: await w.group() }),
    outcomes: { ...membersOnly, systemAdmin: "NOT_FOUND" },
  },
  "conversation.createDirect": { input: async (w) => ({ userId: w.users.member2.id }), outcomes: signedIn },
  "conversation.createGroup": { input: async () => ({ title: "Matrix", memberIds: [] }), outcomes: signedIn },
  "conversation.addMember": {
    input: async (w) => ({ conversationId: await w.group(), userId: (await createUser(w.t.db, "Joiner")).id }),
    // A system admin is not a member of the group: group management is for its owners/admins.
    outcomes: ownerAndAdmins("FORBIDDEN"),
  },
  "conversation.setMemberRole": {
    input: async (w) => ({ conversationId: await w.group(), userId: w.users.member2.id, role: "admin" }),
    outcomes: { ...membersOnly, member: "FORBIDDEN", groupAdmin: "FORBIDDEN", systemAdmin: "NOT_FOUND" },
  },
  "conversation.removeMember": {
    input: async (w) => ({ conversationId: await w.group(), userId: w.users.member2.id }),
    outcomes: { ...membersOnly, member: "FORBIDDEN", systemAdmin: "NOT_FOUND" },
  },
  "conversation.leave": {
    input: async (w) => ({ conversationId: await w.group() }),
    // The only owner must hand over ownership first.
    outcomes: { ...membersOnly, groupOwner: "CONFLICT", systemAdmin: "NOT_FOUND" },
  },
  "message.send": {
    input: async (w) => ({ conversationId: await w.group(), clientMsgId: clientMsgId(), body: "hi" }),
    outcomes: { ...membersOnly, systemAdmin: "NOT_FOUND" },
  },
  "message.history": {
    input: async (w) => ({ conversationId: await w.group() }),
    outcomes: { ...membersOnly, systemAdmin: "NOT_FOUND" },
  },
  "message.markRead": {
    input: async (w) => ({ conversationId: await w.group(), seq: 1 }),
    outcomes: { ...membersOnly, systemAdmin: "NOT_FOUND" },
  },
  "message.recall": {
    input: async (w) => ({ messageId: (await w.message()).id }),
    // The message is another plain member's: moderators and system admins only.
    outcomes: { ...membersOnly, member: "FORBIDDEN" },
  },
  "message.edit": {
    input: async (w, caller) => ({ messageId: (await w.ownMessage(caller)).id, body: "edited" }),
    // Members edit their own; a system admin outside the group cannot see it.
    outcomes: { ...membersOnly, systemAdmin: "NOT_FOUND" },
  },
  "message.hide": {
    input: async (w) => ({ messageId: (await w.message()).id }),
    outcomes: { ...membersOnly, systemAdmin: "NOT_FOUND" },
  },
  "message.unhide": {
    input: async (w) => ({ messageId: (await w.message()).id }),
    outcomes: { ...membersOnly, systemAdmin: "NOT_FOUND" },
  },
  "message.report": {
    input: async (w) => ({ messageId: (await w.message()).id, category: "spam" }),
    outcomes: { ...membersOnly, systemAdmin: "NOT_FOUND" },
  },
  "message.bulkRecall": {
    input: async (w) => ({ userId: w.users.member2.id, conversationId: (await w.message()).conversationId }),
    outcomes: { ...everyone("FORBIDDEN"), signedOut: "UNAUTHORIZED", groupOwner: "ok", systemAdmin: "ok" },
  },
  "message.search": { input: async () => ({ query: "hello" }), outcomes: signedIn },
  "sync.changes": {
    input: async (w) => ({ conversationId: await w.group(), afterVersion: 0 }),
    outcomes: { ...membersOnly, systemAdmin: "NOT_FOUND" },
  },
  "admin.stats": { input: async () => undefined, outcomes: adminsOnly },
  "admin.recalled.list": { input: async () => undefined, outcomes: adminsOnly },
  "admin.recalled.byId": { input: async (w) => ({ messageId: (await w.recalled()).id }), outcomes: adminsOnly },
  "admin.recalled.context": { input: async (w) => ({ messageId: (await w.recalled()).id }), outcomes: adminsOnly },
  "admin.recalled.original": { input: async (w) => ({ messageId: (await w.recalled()).id }), outcomes: adminsOnly },
  "admin.recalled.restore": { input: async (w) => ({ messageId: (await w.recalled()).id }), outcomes: adminsOnly },
  "admin.recalled.purge": { input: async (w) => ({ messageId: (await w.recalled()).id }), outcomes: adminsOnly },
  "admin.recalled.review": {
    input: async (w) => ({ messageId: (await w.recalled()).id, note: "ok" }),
    outcomes: adminsOnly,
  },
  "admin.recalled.reviewMany": {
    input: async (w) => ({ messageIds: [(await w.recalled()).id] }),
    outcomes: adminsOnly,
  },
  "admin.reports.list": { input: async () => undefined, outcomes: adminsOnly },
  "admin.reports.detail": { input: async (w) => ({ messageId: (await w.reported()).id }), outcomes: adminsOnly },
  "admin.reports.resolve": {
    input: async (w) => ({ messageId: (await w.reported()).id, action: "dismiss" }),
    outcomes: adminsOnly,
  },
  "admin.reports.edits": { input: async (w) => ({ messageId: (await w.message()).id }), outcomes: adminsOnly },
  "admin.settings.get": { input: async () => undefined, outcomes: adminsOnly },
  "admin.settings.update": { input: async () => ({ recallWindowSeconds: 120 }), outcomes: adminsOnly },
  "admin.settings.setOverride": {
    input: async (w) => ({ conversationId: await w.group(), values: { recallWindowSeconds: 60 } }),
    outcomes: adminsOnly,
  },
  "admin.settings.clearOverride": {
    input: async (w) => {
      const conversationId = await w.group();
      await callerFor(w.t.db, w.users.systemAdmin).admin.settings.setOverride({
        conversationId,
        values: { noticeMode: "tip" },
      });
      return { conversationId };
    },
    outcomes: adminsOnly,
  },
  "admin.audit.list": { input: async () => undefined, outcomes: adminsOnly },
  "admin.directory.users": { input: async () => ({ query: "a" }), outcomes: adminsOnly },
  "admin.directory.conversations": { input: async () => ({ query: "M" }), outcomes: adminsOnly },
  "admin.directory.resolve": { input: async (w) => ({ userIds: [w.users.member.id] }), outcomes: adminsOnly },
  "admin.users.list": { input: async () => ({ query: "a" }), outcomes: adminsOnly },
  "admin.users.setRole": {
    input: async (w) => ({ userId: (await createUser(w.t.db, "Promoted")).id, role: "admin" }),
    outcomes: adminsOnly,
  },
  "admin.users.disable": {
    input: async (w) => ({ userId: (await createUser(w.t.db, "Disabled")).id }),
    outcomes: adminsOnly,
  },
  "admin.users.enable": {
    input: async (w) => {
      const target = await createUser(w.t.db, "Reenabled");
      await callerFor(w.t.db, w.users.systemAdmin).admin.users.disable({ userId: target.id });
      return { userId: target.id };
    },
    outcomes: adminsOnly,
  },
};

let world: World;

beforeAll(async () => {
  const t = await createTestDb();
  const u = {
    plainUser: await createUser(t.db, "Plain"),
    nonMember: await createUser(t.db, "Outsider"),
    member: await createUser(t.db, "Member"),
    member2: await createUser(t.db, "Member2"),
    groupAdmin: await createUser(t.db, "GroupAdmin"),
    groupOwner: await createUser(t.db, "GroupOwner"),
    systemAdmin: await createUser(t.db, "SysAdmin", "admin"),
    // Their tokens were issued as admin; the database has since made them a plain user.
    demotedAdmin: { ...(await createUser(t.db, "Demoted", "admin")), role: "admin" as const },
    removedMember: await createUser(t.db, "Removed"),
    endedSession: await createUser(t.db, "EndedSession"),
  };
  await t.db.execute(sql`update users set role = 'user' where id = ${u.demotedAdmin.id}`);
  // The matrix's tokens carry epoch 0; this account has signed out since.
  await t.db.execute(sql`update users set session_epoch = session_epoch + 1 where id = ${u.endedSession.id}`);
  await createGroup(t.db, "Elsewhere", [[u.nonMember, "owner"]]);
  const group = async () => {
    const id = await createGroup(t.db, "Matrix", [
      [u.groupOwner, "owner"],
      [u.groupAdmin, "admin"],
      [u.member, "member"],
      [u.member2, "member"],
      [u.removedMember, "member"],
    ]);
    await t.db.execute(
      sql`delete from conversation_members where conversation_id = ${id} and user_id = ${u.removedMember.id}`,
    );
    return id;
  };
  const message = async () => {
    const conversationId = await group();
    const m = await callerFor(t.db, u.member2).message.send({
      conversationId,
      clientMsgId: clientMsgId(),
      body: "hello matrix",
    });
    return { conversationId, id: m.id, seq: m.seq };
  };
  world = {
    t,
    users: u,
    group,
    message,
    recalled: async () => {
      const m = await message();
      await callerFor(t.db, u.member2).message.recall({ messageId: m.id });
      return m;
    },
    ownMessage: async (caller) => {
      const inGroup = [u.member, u.groupAdmin, u.groupOwner].some((m) => m.id === caller?.id);
      if (!inGroup) return message();
      return callerFor(t.db, caller).message.send({
        conversationId: await group(),
        clientMsgId: clientMsgId(),
        body: "mine",
      });
    },
    reported: async () => {
      const m = await message();
      await callerFor(t.db, u.member).message.report({ messageId: m.id, category: "abuse" });
      return m;
    },
  };
});
afterAll(() => world.t.close());

const procedures = Object.keys(appRouter._def.procedures).sort();

describe("authorization matrix", () => {
  it("every procedure of the router has an explicit row, and every row names a real procedure", () => {
    expect(procedures.filter((p) => !(p in expectations))).toEqual([]);
    expect(Object.keys(expectations).filter((p) => !procedures.includes(p))).toEqual([]);
  });

  const allRoles = [...roles, ...(Object.keys(staleRoles) as StaleRole[])];
  const cells = procedures.flatMap((path) => allRoles.map((role) => [path, role] as const));
  it.each(cells)("%s as %s", async (path, role) => {
    const spec = expectations[path];
    if (!spec) throw new Error(`${path} has no row in the expectations table`);
    const user = role === "signedOut" ? null : world.users[role];
    const expected = role in staleRoles ? spec.outcomes[staleRoles[role as StaleRole]] : spec.outcomes[role as Role];
    const input = await spec.input(world, user);
    const api = callerFor(world.t.db, user) as unknown as Record<string, unknown>;
    const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], api) as (
      i: unknown,
    ) => Promise<unknown>;
    const outcome = await fn(input).then(
      (): Outcome => "ok",
      (error: unknown): Outcome => {
        if (!(error instanceof TRPCError)) throw error;
        return error.code as Outcome;
      },
    );
    if (outcome === "ok" && user && spec.after) await spec.after(world, user);
    // user.signUp is public: an ended session is simply not consulted.
    expect(outcome).toBe(role === "endedSession" && path === "user.signUp" ? "ok" : expected);
  });
});
