import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "~/db/client";
import { conversationRecallSettings } from "~/db/schema";
import { adminObject, memberObject } from "~/server/attachments/access";
import { uploadAttachment } from "~/server/attachments/upload";
import { type AttachmentVariant, type AttachmentView } from "~/server/attachments/view";
import { type SessionUser } from "~/server/context";
import { type AppErrorCode } from "~/server/errors";
import { appRouter } from "~/server/root";
import { backends, type Running } from "../attachment-backends";
import { expectTrpcError } from "../expect-error";
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

/**
 * The two attachment routes (GET /api/attachments/:id/:variant and its /api/admin/ twin) take
 * their authority from access.ts alone: memberObject and adminObject, the caller in the SQL.
 * Every caller × every state an attachment can be in, on an image and a text file, every variant,
 * against the tables written out below. A refused fetch is null (the route's 404).
 */
const attachmentCallers = [
  "sender",
  "otherMember",
  "nonMember",
  "removedMember",
  "systemAdmin",
  "disabledAdmin",
] as const;
type AttachmentCaller = (typeof attachmentCallers)[number];
const attachmentStates = ["sentLive", "unsentUpload", "recalledRetain", "recalledErase", "purged"] as const;
type AttachmentState = (typeof attachmentStates)[number];
type Answer = "served" | "404";

/** Nobody is served: the rows below name only who is. */
const NOBODY: Record<AttachmentCaller, Answer> = {
  sender: "404",
  otherMember: "404",
  nonMember: "404",
  removedMember: "404",
  systemAdmin: "404",
  disabledAdmin: "404",
};

/** memberObject: only current members, only a live message's files. The sender is no exception. */
const memberAnswers: Record<AttachmentState, Record<AttachmentCaller, Answer>> = {
  sentLive: { ...NOBODY, sender: "served", otherMember: "served" },
  unsentUpload: NOBODY,
  recalledRetain: NOBODY,
  recalledErase: NOBODY,
  purged: NOBODY,
};

/** adminObject: an enabled system admin, any sent file whose objects are kept (live, or in the vault). */
const adminAnswers: Record<AttachmentState, Record<AttachmentCaller, Answer>> = {
  sentLive: { ...NOBODY, systemAdmin: "served" },
  unsentUpload: NOBODY,
  recalledRetain: { ...NOBODY, systemAdmin: "served" },
  recalledErase: NOBODY,
  purged: NOBODY,
};

/**
 * Which stored object a variant serves, as an index into the row's keys (read with SQL here): an
 * image is stored as [display, thumb] and its "file" is the display size; a text file as [file].
 * A variant missing here is never served.
 */
const objectIndex: Record<"image" | "text", Partial<Record<AttachmentVariant, number>>> = {
  image: { display: 0, thumb: 1, file: 0 },
  text: { file: 0 },
};
const allVariants: AttachmentVariant[] = ["display", "thumb", "file"];

const uploadLimits = { maxBytes: 10 * 1024 * 1024, dailyBytes: 100 * 1024 * 1024 };

describe("attachment access matrix", () => {
  let store: Running;
  let people: Record<AttachmentCaller, SessionUser>;
  interface Fixture {
    conversationId: string;
    messageId: string | null;
    files: { kind: "image" | "text"; id: string; keys: string[] }[];
  }
  const fixtures = {} as Record<AttachmentState, Fixture>;
  /** Whether the removed member could fetch the live image before their removal (so their 404 means something). */
  let removedCouldFetchBefore: boolean;

  beforeAll(async () => {
    const db = world.t.db;
    store = await backends.find((b) => b.name === "disk")!.start();
    people = {
      sender: await createUser(db, "AttSender"),
      otherMember: await createUser(db, "AttMember"),
      nonMember: await createUser(db, "AttOutsider"),
      removedMember: await createUser(db, "AttRemoved"),
      systemAdmin: await createUser(db, "AttAdmin", "admin"),
      disabledAdmin: await createUser(db, "AttDisabledAdmin", "admin"),
    };
    await db.execute(sql`update users set disabled_at = now() where id = ${people.disabledAdmin.id}`);
    // The outsider is a member of a conversation, just not of these.
    await createGroup(db, "Att elsewhere", [[people.nonMember, "owner"]]);
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c00" } })
      .png()
      .toBuffer();
    for (const state of attachmentStates) {
      const conversationId = await createGroup(db, `Att ${state}`, [
        [people.sender, "owner"],
        [people.otherMember, "member"],
        [people.removedMember, "member"],
      ]);
      // The policy is the conversation's own, whatever the global settings say.
      await db.insert(conversationRecallSettings).values({
        conversationId,
        contentPolicy: state === "recalledErase" ? "erase" : "retain",
      });
      const upload = (bytes: Buffer, fileName: string) =>
        uploadAttachment(db, store.store, uploadLimits, people.sender.id, { conversationId, bytes, fileName });
      const uploaded = [await upload(png, "photo.png"), await upload(Buffer.from("hello"), "note.txt")];
      let messageId: string | null = null;
      if (state !== "unsentUpload") {
        const sent = await callerFor(db, people.sender).message.send({
          conversationId,
          clientMsgId: clientMsgId(),
          body: "",
          attachmentIds: uploaded.map((u) => u.id),
        });
        messageId = sent.id;
      }
      if (state === "sentLive")
        removedCouldFetchBefore =
          (await memberObject(db, people.removedMember.id, uploaded[0]!.id, "display")) !== null;
      await db.execute(
        sql`delete from conversation_members where conversation_id = ${conversationId} and user_id = ${people.removedMember.id}`,
      );
      if (messageId && state !== "sentLive") await callerFor(db, people.sender).message.recall({ messageId });
      if (messageId && state === "purged") await callerFor(db, people.systemAdmin).admin.recalled.purge({ messageId });
      fixtures[state] = { conversationId, messageId, files: await filesOf(uploaded) };
    }
  });
  afterAll(() => store.stop());

  /** The attachments' kinds and keys, read with SQL written here. */
  async function filesOf(uploaded: AttachmentView[]): Promise<Fixture["files"]> {
    const files: Fixture["files"] = [];
    for (const u of uploaded) {
      const [row] = rowsOf<{ kind: "image" | "text"; keys: string[] }>(
        await world.t.db.execute(sql`select kind::text as kind, keys from attachments where id = ${u.id}::uuid`),
      );
      files.push({ kind: row!.kind, id: u.id, keys: row!.keys });
    }
    return files;
  }

  const count = async (query: ReturnType<typeof sql>) =>
    Number(rowsOf<{ n: number | string }>(await world.t.db.execute(query))[0]!.n);
  const auditRows = () => count(sql`select count(*) as n from audit_log`);
  const viewAttachmentRows = () => count(sql`select count(*) as n from audit_log where action = 'view_attachment'`);

  /** "kind variant" → the key the table says is served, or null; for one caller and state. */
  function expectedAnswers(answer: Answer, files: Fixture["files"]) {
    const out: Record<string, string | null> = {};
    for (const file of files)
      for (const variant of allVariants) {
        const index = objectIndex[file.kind][variant];
        out[`${file.kind} ${variant}`] = answer === "served" && index !== undefined ? file.keys[index]! : null;
      }
    return out;
  }

  it("the fixtures are what they claim: states in the rows, and the removed member could fetch before", async () => {
    expect(removedCouldFetchBefore).toBe(true);
    const stateOf = async (f: Fixture) =>
      rowsOf<{ sent: boolean; recalled: boolean; doomed: boolean; vault: boolean }>(
        await world.t.db.execute(sql`
          select a.message_id is not null as sent, m.revoked_at is not null as recalled, a.deleted_at is not null as doomed,
                 exists (select 1 from recall_vault v where v.message_id = a.message_id) as vault
            from attachments a left join messages m on m.id = a.message_id
           where a.id in (${sql.join(
             f.files.map((x) => sql`${x.id}::uuid`),
             sql`, `,
           )}) order by a.id`),
      );
    const row = (sent: boolean, recalled: boolean, doomed: boolean, vault: boolean) => [
      { sent, recalled, doomed, vault },
      { sent, recalled, doomed, vault },
    ];
    expect(await stateOf(fixtures.sentLive)).toEqual(row(true, false, false, false));
    expect(await stateOf(fixtures.unsentUpload)).toEqual(row(false, false, false, false));
    expect(await stateOf(fixtures.recalledRetain)).toEqual(row(true, true, false, true));
    expect(await stateOf(fixtures.recalledErase)).toEqual(row(true, true, true, false));
    expect(await stateOf(fixtures.purged)).toEqual(row(true, true, true, false));
  });

  const cells = attachmentStates.flatMap((state) => attachmentCallers.map((caller) => [state, caller] as const));

  it.each(cells)("memberObject: %s file, as %s", async (state, caller) => {
    const { files } = fixtures[state];
    const before = await auditRows();
    const actual: Record<string, string | null> = {};
    for (const file of files)
      for (const variant of allVariants)
        actual[`${file.kind} ${variant}`] =
          (await memberObject(world.t.db, people[caller].id, file.id, variant))?.key ?? null;
    expect(actual).toEqual(expectedAnswers(memberAnswers[state][caller], files));
    // A member's fetch is not audited; it writes nothing at all.
    expect(await auditRows()).toBe(before);
  });

  it.each(cells)(
    "adminObject: %s file, as %s (one view_attachment audit row per fetch served)",
    async (state, caller) => {
      const { files, messageId, conversationId } = fixtures[state];
      const actual: Record<string, string | null> = {};
      for (const file of files)
        for (const variant of allVariants) {
          const before = await viewAttachmentRows();
          const served = await adminObject(world.t.db, people[caller].id, file.id, variant);
          actual[`${file.kind} ${variant}`] = served?.key ?? null;
          expect(await viewAttachmentRows(), `audit rows after ${file.kind} ${variant}`).toBe(
            before + (served ? 1 : 0),
          );
          const rows = rowsOf<Record<string, unknown>>(
            await world.t.db.execute(sql`
            select actor_id, target_message_id, target_conversation_id, target_user_id,
                   details->>'attachmentId' as attachment_id, details->>'variant' as variant
              from audit_log
             where action = 'view_attachment' and details->>'attachmentId' = ${file.id} and details->>'variant' = ${variant}
               and actor_id = ${people[caller].id}::uuid`),
          );
          expect(rows).toEqual(
            served
              ? [
                  {
                    actor_id: people[caller].id,
                    target_message_id: messageId,
                    target_conversation_id: conversationId,
                    target_user_id: people.sender.id,
                    attachment_id: file.id,
                    variant,
                  },
                ]
              : [],
          );
        }
      expect(actual).toEqual(expectedAnswers(adminAnswers[state][caller], files));
    },
  );
});

/**
 * A send names attachments by id; only the sender's own unsent uploads for that conversation may
 * be claimed, at most ATTACHMENT_MAX_PER_MESSAGE (4) of them, each once. Anything else is a clear
 * error, and the send writes nothing: no message, no claimed attachment, no event, no version.
 * Each bad list also holds a good upload, first, so a half-done claim would show.
 */
describe("send: attachments a message may not take", () => {
  let store: Running;
  let sender: SessionUser, other: SessionUser;
  let here: string, elsewhere: string;

  beforeAll(async () => {
    const db = world.t.db;
    store = await backends.find((b) => b.name === "disk")!.start();
    sender = await createUser(db, "ClaimSender");
    other = await createUser(db, "ClaimOther");
    here = await createGroup(db, "Claim here", [
      [sender, "owner"],
      [other, "member"],
    ]);
    elsewhere = await createGroup(db, "Claim elsewhere", [[sender, "owner"]]);
  });
  afterAll(() => store.stop());

  const upload = (by: SessionUser, conversationId: string) =>
    uploadAttachment(world.t.db, store.store, uploadLimits, by.id, {
      conversationId,
      bytes: Buffer.from(`file ${randomUUID()}`),
      fileName: "note.txt",
    });
  const send = (attachmentIds: string[]) =>
    callerFor(world.t.db, sender).message.send({
      conversationId: here,
      clientMsgId: clientMsgId(),
      body: "with files",
      attachmentIds,
    });

  /** Everything a send could write, read with SQL written here. */
  async function everythingASendWrites() {
    const q = async (query: ReturnType<typeof sql>) => rowsOf<Record<string, unknown>>(await world.t.db.execute(query));
    return {
      messages: await q(sql`select count(*)::int as n from messages`),
      attachments: await q(
        sql`select id, uploader_id, conversation_id, message_id, position, deleted_at from attachments order by id`,
      ),
      outbox: await q(sql`select count(*)::int as n from realtime_outbox`),
      conversations: await q(sql`select id, version, last_seq from conversations order by id`),
    };
  }

  const cases: [string, (own: string) => Promise<string[]>, AppErrorCode, RegExp][] = [
    [
      "someone else's upload",
      async (own) => [own, (await upload(other, here)).id],
      "ATTACHMENT_UNAVAILABLE",
      /no longer available/,
    ],
    [
      "the sender's upload for another conversation",
      async (own) => [own, (await upload(sender, elsewhere)).id],
      "ATTACHMENT_UNAVAILABLE",
      /no longer available/,
    ],
    [
      "an upload already sent",
      async (own) => {
        const sent = await upload(sender, here);
        expect((await send([sent.id])).attachments.map((a) => a.id)).toEqual([sent.id]);
        return [own, sent.id];
      },
      "ATTACHMENT_UNAVAILABLE",
      /no longer available/,
    ],
    ["an id that names no upload", async (own) => [own, randomUUID()], "ATTACHMENT_UNAVAILABLE", /no longer available/],
    [
      "an upload the orphan cleanup has doomed",
      async (own) => {
        const doomed = await upload(sender, here);
        await world.t.db.execute(sql`update attachments set deleted_at = now() where id = ${doomed.id}::uuid`);
        return [own, doomed.id];
      },
      "ATTACHMENT_UNAVAILABLE",
      /no longer available/,
    ],
    ["the same id twice", async (own) => [own, own], "BAD_INPUT", /given twice/],
    [
      "more than ATTACHMENT_MAX_PER_MESSAGE (4) ids",
      async (own) => [own, ...(await Promise.all([1, 2, 3, 4].map(() => upload(sender, here)))).map((u) => u.id)],
      "TOO_MANY_FILES",
      /at most 4 attachments/,
    ],
  ];

  it.each(cases)("%s: a clear BAD_REQUEST, and nothing written", async (_name, ids, appCode, message) => {
    const own = (await upload(sender, here)).id;
    const attachmentIds = await ids(own);
    const before = await everythingASendWrites();
    await expectTrpcError(send(attachmentIds), "BAD_REQUEST", { appCode, message });
    expect(await everythingASendWrites()).toEqual(before);
    // The good upload was claimable all along: the refusal was the bad id's.
    expect((await send([own])).attachments.map((a) => a.id)).toEqual([own]);
  });

  it("a member's own uploads are sent with the message, in the order given", async () => {
    const a = await upload(sender, here);
    const b = await upload(sender, here);
    const sent = await send([b.id, a.id]);
    expect(sent.attachments.map((f) => f.id)).toEqual([b.id, a.id]);
    const [row] = rowsOf<{ n: number }>(
      await world.t.db.execute(
        sql`select count(*)::int as n from attachments where message_id = ${sent.id}::uuid and id in (${a.id}::uuid, ${b.id}::uuid)`,
      ),
    );
    expect(row!.n).toBe(2);
  });
});
