import { sql } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowsOf } from "~/db/client";
import { adminObject, memberObject } from "~/server/attachments/access";
import { AttachmentError } from "~/server/attachments/errors";
import { doomOrphans, sweepDoomedObjects } from "~/server/attachments/lifecycle";
import { type AttachmentStorage, readAll } from "~/server/attachments/storage";
import { type Upload, uploadAttachment, type UploadLimits } from "~/server/attachments/upload";
import { type SessionUser } from "~/server/context";
import { purgeExpired } from "~/server/recall/vault";
import { backends, type Running } from "../attachment-backends";
import { expectTrpcError } from "../expect-error";
import { callerFor, clientMsgId, createUser, type TestDb } from "../harness";
import { CAMERA_EXIF, pngBomb, still, TRACES } from "../image-fixtures";
import { createWorld } from "./setup";

/**
 * An attachment's whole life on both stores (a folder, and a bucket on s3rver): upload (refusals
 * write nothing, anywhere), send, member fetch, recall under retain and erase, admin view, restore,
 * purge, retention, orphans, quota. Expected states come from SQL written here and from listing
 * the store's objects with the backend's own listing, never from the code under test.
 */
const LIMITS: UploadLimits = { maxBytes: 2 * 1024 * 1024, dailyBytes: 50 * 1024 * 1024 };

let t: TestDb;
let alice: SessionUser, bob: SessionUser, eve: SessionUser, sys: SessionUser;
let group: string;

beforeAll(async () => {
  ({
    t,
    users: { alice, bob, eve, sys },
    group,
  } = await createWorld(
    { alice: "Alice", bob: "Bob", eve: "Eve", sys: ["Sysop", "admin"] },
    { title: "Files", members: { alice: "owner", bob: "member" } },
  ));
});
afterAll(() => t.close());

const photo = () => still(640, 480, "jpeg").withExif(CAMERA_EXIF).toBuffer();
const pdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

/** The attachment rows and their keys, read here. */
async function rowsFor(where = sql`true`) {
  return rowsOf<{
    id: string;
    message_id: string | null;
    keys: string[];
    deleted_at: Date | null;
    objects_deleted_at: Date | null;
    width: number | null;
    height: number | null;
  }>(
    await t.db.execute(
      sql`select id, message_id, keys, deleted_at, objects_deleted_at, width, height from attachments where ${where}`,
    ),
  );
}
const countAttachments = async () => Number((await rowsFor()).length);

describe.each(backends)("attachments on $name", (backend) => {
  let running: Running;
  let store: AttachmentStorage;
  beforeAll(async () => {
    running = await backend.start();
    store = running.store;
  });
  afterAll(() => running.stop());
  beforeEach(async () => {
    await t.db.execute(sql`update recall_settings set content_policy = 'retain', recall_window_seconds = 120`);
  });

  const upload = (user: SessionUser, file: Partial<Upload> & { bytes: Uint8Array }, limits = LIMITS) =>
    uploadAttachment(t.db, store, limits, user.id, { conversationId: group, fileName: "file", ...file });
  const send = (user: SessionUser, attachmentIds: string[], body = "") =>
    callerFor(t.db, user).message.send({ conversationId: group, clientMsgId: clientMsgId(), body, attachmentIds });
  /** Objects in the store under an attachment's prefix (the backend's own listing). */
  const objectsOf = async (id: string) => (await running.leftovers()).filter((k) => k.includes(id) && k !== `a/${id}`);
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AttachmentError);
    return error as AttachmentError;
  };

  it("re-encodes an image: EXIF GPS and camera serial are gone from every stored size, orientation applied", async () => {
    const input = await photo();
    expect(input.includes("WGS-84-SECRET")).toBe(true); // the fixture carries them
    const view = await upload(alice, { bytes: input, fileName: "holiday.jpg", claimedType: "image/jpeg" });
    expect(view).toMatchObject({ kind: "image", mime: "image/jpeg", name: "holiday.jpg", size: input.length });
    const [row] = await rowsFor(sql`id = ${view.id}`);
    expect(row!.keys).toHaveLength(2);
    expect((await objectsOf(view.id)).length).toBe(2);
    for (const key of row!.keys) {
      const bytes = await readAll((await store.get(key))!);
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      for (const trace of TRACES) expect(bytes.includes(trace), trace).toBe(false);
    }
    // Orientation 6 (rotate 90°): a 400×200 landscape is stored as a 200×400 portrait.
    const turned = await still(400, 200, "jpeg").withMetadata({ orientation: 6 }).toBuffer();
    const portrait = await upload(alice, { bytes: turned, fileName: "turned.jpg" });
    expect([portrait.width, portrait.height]).toEqual([200, 400]);
  });

  it.each([
    [
      "a renamed executable",
      Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 1)]),
      "setup.png",
      "image/png",
      "EXECUTABLE",
    ],
    ["an empty file", Buffer.alloc(0), "empty.txt", "text/plain", "EMPTY_FILE"],
    ["an oversized file", Buffer.alloc(LIMITS.maxBytes + 1, 0x61), "big.txt", "text/plain", "TOO_LARGE"],
    ["a content type lie", pdf, "doc.png", "image/png", "TYPE_MISMATCH"],
    ["an unsupported type", Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0, 0xff, 0xfe]), "a.zip", "", "UNSUPPORTED_TYPE"],
    ["a PNG with a ZIP appended (polyglot)", null, "p.png", "image/png", "POLYGLOT"],
    ["a truncated image", null, "cut.jpg", "image/jpeg", "CORRUPT_IMAGE"],
    ["a decompression bomb", pngBomb(20_000), "bomb.png", "image/png", "IMAGE_TOO_LARGE"],
  ] as const)("refuses %s clearly, storing nothing anywhere", async (_name, given, fileName, claimedType, code) => {
    let bytes: Uint8Array | null = given;
    if (code === "POLYGLOT") {
      const png = await still(32, 32, "png").toBuffer();
      bytes = Buffer.concat([
        png,
        Buffer.from("PK\x03\x04"),
        Buffer.alloc(64, 7),
        Buffer.from("PK\x05\x06"),
        Buffer.alloc(18),
      ]);
    }
    if (code === "CORRUPT_IMAGE") {
      const jpeg = await still(400, 300, "jpeg").toBuffer();
      bytes = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    }
    const rowsBefore = await countAttachments();
    const objectsBefore = (await running.leftovers()).length;
    const error = await refusal(upload(alice, { bytes: bytes!, fileName, claimedType }));
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(10);
    expect(await countAttachments()).toBe(rowsBefore);
    expect((await running.leftovers()).length).toBe(objectsBefore);
  });

  it("keeps a path-traversal file name as a plain name; the key is generated", async () => {
    const view = await upload(alice, { bytes: Buffer.from("notes\n"), fileName: "../../etc/passwd" });
    expect(view.name).toBe("passwd.txt");
    const [row] = await rowsFor(sql`id = ${view.id}`);
    expect(row!.keys).toEqual([`a/${view.id}/file.txt`]);
  });

  it("refuses an upload to a conversation the uploader is not in, storing nothing", async () => {
    const before = (await running.leftovers()).length;
    const error = await refusal(upload(eve, { bytes: Buffer.from("hi\n") }));
    expect(error.code).toBe("NOT_FOUND");
    expect(await countAttachments()).toBe((await rowsFor()).length);
    expect((await running.leftovers()).length).toBe(before);
  });

  it("leaves nothing half-written when the store fails part-way (thumbnail put fails)", async () => {
    let puts = 0;
    const failing: AttachmentStorage = {
      get: (k) => store.get(k),
      exists: (k) => store.exists(k),
      delete: (keys) => store.delete(keys),
      put: async (key, bytes, type) => {
        if (++puts === 2) throw new (await import("~/server/attachments/errors")).StorageUnavailableError("down");
        await store.put(key, bytes, type);
      },
    };
    const rowsBefore = await countAttachments();
    const objectsBefore = (await running.leftovers()).length;
    const error = await refusal(
      uploadAttachment(t.db, failing, LIMITS, alice.id, {
        conversationId: group,
        fileName: "x.png",
        bytes: await still(64, 64, "png").toBuffer(),
      }),
    );
    expect(error.code).toBe("STORAGE_UNAVAILABLE");
    expect(await countAttachments()).toBe(rowsBefore);
    expect((await running.leftovers()).length).toBe(objectsBefore);
  });

  it("sends, serves to members only, hides at recall (retain), shows the admin (audited), restores", async () => {
    const image = await upload(alice, { bytes: await photo(), fileName: "cat.jpg" });
    const file = await upload(alice, { bytes: pdf, fileName: "minutes.pdf", claimedType: "application/pdf" });
    const sent = await send(alice, [image.id, file.id], "caption");
    expect(sent.attachments.map((a) => a.id)).toEqual([image.id, file.id]);
    const history = await callerFor(t.db, bob).message.history({ conversationId: group });
    expect(history.messages.find((m) => m.id === sent.id)?.attachments.map((a) => a.name)).toEqual([
      "cat.jpg",
      "minutes.pdf",
    ]);
    expect(await memberObject(t.db, bob.id, image.id, "thumb")).toMatchObject({ mime: "image/jpeg" });
    expect(await memberObject(t.db, bob.id, file.id, "file")).toMatchObject({ kind: "pdf", name: "minutes.pdf" });
    expect(await memberObject(t.db, bob.id, file.id, "thumb")).toBeNull(); // a PDF has no thumbnail
    expect(await memberObject(t.db, eve.id, image.id, "thumb")).toBeNull(); // not a member
    // The vault statistics, before and after: the two files, at the size of every object they keep.
    const vaultStats = async () => (await callerFor(t.db, sys).admin.stats({ utcOffsetMinutes: 0 })).attachments;
    const before = await vaultStats();
    let keptBytes = 0;
    for (const row of await rowsFor(sql`id in (${image.id}, ${file.id})`))
      for (const key of row.keys) keptBytes += (await store.get(key))!.size;

    await callerFor(t.db, alice).message.recall({ messageId: sent.id });
    expect(await vaultStats()).toEqual({
      vaultCount: before.vaultCount + 2,
      vaultBytes: before.vaultBytes + keptBytes,
    });
    for (const variant of ["display", "thumb", "file"] as const) {
      expect(await memberObject(t.db, bob.id, image.id, variant)).toBeNull();
      expect(await memberObject(t.db, alice.id, image.id, variant)).toBeNull();
    }
    const after = await callerFor(t.db, bob).message.history({ conversationId: group });
    expect(after.messages.find((m) => m.id === sent.id)?.attachments).toEqual([]);
    // Retained: the objects stay, for the admin.
    expect((await objectsOf(image.id)).length).toBe(2);
    const audits = async () =>
      Number(
        rowsOf<{ n: number }>(
          await t.db.execute(
            sql`select count(*)::int as n from audit_log where action = 'view_attachment' and target_message_id = ${sent.id}`,
          ),
        )[0]!.n,
      );
    expect(await adminObject(t.db, bob.id, image.id, "display")).toBeNull(); // not an admin
    expect(await audits()).toBe(0);
    expect(await adminObject(t.db, sys.id, image.id, "display")).toMatchObject({ kind: "image" });
    expect(await audits()).toBe(1);
    const original = await callerFor(t.db, sys).admin.recalled.original({ messageId: sent.id });
    expect(original.attachments.map((a) => a.id)).toEqual([image.id, file.id]);

    await callerFor(t.db, sys).admin.recalled.restore({ messageId: sent.id });
    expect(await memberObject(t.db, bob.id, image.id, "thumb")).not.toBeNull();
    expect(await vaultStats()).toEqual(before);
  });

  it("a reply quoting a message sent without text names its files, until that message is recalled", async () => {
    const image = await upload(alice, { bytes: await still(80, 60, "png").toBuffer(), fileName: "quoted.png" });
    const quoted = await send(alice, [image.id]);
    const reply = await callerFor(t.db, bob).message.send({
      conversationId: group,
      clientMsgId: clientMsgId(),
      body: "nice",
      replyToId: quoted.id,
    });
    expect(reply.replyTo?.attachments.map((a) => a.name)).toEqual(["quoted.png"]);
    const read = async () =>
      (await callerFor(t.db, bob).message.history({ conversationId: group })).messages.find((m) => m.id === reply.id)!
        .replyTo!;
    expect((await read()).attachments.map((a) => a.name)).toEqual(["quoted.png"]);
    await callerFor(t.db, alice).message.recall({ messageId: quoted.id });
    expect(await read()).toMatchObject({ body: null, attachments: [], recalled: true });
  });

  it("erase: recall dooms the files and the sweeper deletes every stored size", async () => {
    await t.db.execute(sql`update recall_settings set content_policy = 'erase'`);
    const image = await upload(alice, { bytes: await still(300, 200, "png").toBuffer(), fileName: "e.png" });
    const sent = await send(alice, [image.id]);
    expect((await objectsOf(image.id)).length).toBe(2);
    await callerFor(t.db, alice).message.recall({ messageId: sent.id });
    const [doomed] = await rowsFor(sql`id = ${image.id}`);
    expect(doomed!.deleted_at).not.toBeNull();
    expect(await adminObject(t.db, sys.id, image.id, "display")).toBeNull();
    await sweepDoomedObjects(t.db, store);
    expect(await objectsOf(image.id)).toEqual([]);
    const [gone] = await rowsFor(sql`id = ${image.id}`);
    expect(gone!.objects_deleted_at).not.toBeNull();
    expect(gone!.message_id).toBe(sent.id); // the row stays: the message is marked, not deleted
  });

  it("erase: a bulk recall dooms the files of every message it recalls", async () => {
    await t.db.execute(sql`update recall_settings set content_policy = 'erase'`);
    const image = await upload(bob, { bytes: await still(120, 80, "png").toBuffer(), fileName: "bulk.png" });
    const text = await upload(bob, { bytes: Buffer.from("bulk\n"), fileName: "bulk.txt" });
    await send(bob, [image.id]);
    await send(bob, [text.id]);
    const result = await callerFor(t.db, alice).message.bulkRecall({ userId: bob.id, conversationId: group });
    expect(result.count).toBeGreaterThanOrEqual(2);
    const rows = await rowsFor(sql`id in (${image.id}, ${text.id})`);
    expect(rows.map((r) => r.deleted_at !== null)).toEqual([true, true]);
    await sweepDoomedObjects(t.db, store);
    expect([...(await objectsOf(image.id)), ...(await objectsOf(text.id))]).toEqual([]);
  });

  it("writes no row, and deletes its objects, when the uploader leaves while the files are stored", async () => {
    const leaver = await createUser(t.db, `Leaver ${backend.name}`);
    await t.db.execute(
      sql`insert into conversation_members (conversation_id, user_id, role) values (${group}, ${leaver.id}, 'member')`,
    );
    const leaving: AttachmentStorage = {
      get: (k) => store.get(k),
      exists: (k) => store.exists(k),
      delete: (keys) => store.delete(keys),
      put: async (key, bytes, type) => {
        await store.put(key, bytes, type);
        // Removed from the group after the first checks, before the row is written.
        await t.db.execute(
          sql`delete from conversation_members where conversation_id = ${group} and user_id = ${leaver.id}`,
        );
      },
    };
    const rowsBefore = await countAttachments();
    const objectsBefore = (await running.leftovers()).length;
    const error = await refusal(
      uploadAttachment(t.db, leaving, LIMITS, leaver.id, {
        conversationId: group,
        fileName: "late.txt",
        bytes: Buffer.from("late\n"),
      }),
    );
    expect(error.code).toBe("NOT_FOUND");
    expect(await countAttachments()).toBe(rowsBefore);
    expect((await running.leftovers()).length).toBe(objectsBefore);
  });

  it("purge (admin, and retention) deletes the original's files with every derived size", async () => {
    const a = await upload(alice, { bytes: await still(300, 200, "webp").toBuffer(), fileName: "a.webp" });
    const b = await upload(alice, { bytes: await still(300, 200, "gif").toBuffer(), fileName: "b.gif" });
    const first = await send(alice, [a.id]);
    const second = await send(alice, [b.id]);
    await callerFor(t.db, alice).message.recall({ messageId: first.id });
    await callerFor(t.db, alice).message.recall({ messageId: second.id });
    await callerFor(t.db, sys).admin.recalled.purge({ messageId: first.id });
    await t.db.execute(
      sql`update recall_vault set retained_until = now() - interval '1 second' where message_id = ${second.id}`,
    );
    await purgeExpired(t.db);
    expect((await objectsOf(a.id)).length + (await objectsOf(b.id)).length).toBe(4); // doomed, not yet swept
    await sweepDoomedObjects(t.db, store);
    expect(await objectsOf(a.id)).toEqual([]);
    expect(await objectsOf(b.id)).toEqual([]);
  });

  it("cleans up uploads never sent after a day, and only those", async () => {
    const old = await upload(alice, { bytes: Buffer.from("old\n"), fileName: "old.txt" });
    const fresh = await upload(alice, { bytes: Buffer.from("fresh\n"), fileName: "fresh.txt" });
    await t.db.execute(sql`update attachments set created_at = now() - interval '25 hours' where id = ${old.id}`);
    expect(await doomOrphans(t.db, 24 * 3600)).toBe(1);
    await sweepDoomedObjects(t.db, store);
    expect(await rowsFor(sql`id = ${old.id}`)).toEqual([]);
    expect(await objectsOf(old.id)).toEqual([]);
    expect(await rowsFor(sql`id = ${fresh.id}`)).toHaveLength(1);
    expect(await objectsOf(fresh.id)).toHaveLength(1);
  });

  it("refuses past the daily quota with a Retry-After, storing nothing", async () => {
    const small = { maxBytes: LIMITS.maxBytes, dailyBytes: (await usedToday(alice)) + 10 };
    await upload(alice, { bytes: Buffer.from("12345\n") }, small);
    const before = await countAttachments();
    const error = await refusal(upload(alice, { bytes: Buffer.from("123456\n") }, small));
    expect(error.code).toBe("QUOTA_EXCEEDED");
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(24 * 3600);
    expect(await countAttachments()).toBe(before);
  });

  it("an edit changes the caption only; the files stay as sent", async () => {
    const image = await upload(alice, { bytes: await still(100, 100, "png").toBuffer(), fileName: "keep.png" });
    const sent = await send(alice, [image.id], "before");
    const other = await upload(alice, { bytes: await still(100, 100, "png").toBuffer(), fileName: "swap.png" });
    const edited = await callerFor(t.db, alice).message.edit({
      messageId: sent.id,
      body: "after",
      ...({ attachmentIds: [other.id] } as object),
    });
    expect(edited.message.attachments.map((a) => a.id)).toEqual([image.id]);
    expect((await rowsFor(sql`id = ${other.id}`))[0]!.message_id).toBeNull();
  });

  it("refuses a send with an unusable attachment, writing no message", async () => {
    const mine = await upload(alice, { bytes: Buffer.from("one\n") });
    const sent = await send(alice, [mine.id]);
    const messages = async () =>
      Number(rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from messages`))[0]!.n);
    const before = await messages();
    await expectTrpcError(send(alice, [mine.id]), "BAD_REQUEST", { message: /no longer available/ }); // already sent
    const bobs = await upload(bob, { bytes: Buffer.from("bob\n") });
    await expectTrpcError(send(alice, [bobs.id]), "BAD_REQUEST", { message: /no longer available/ }); // not hers
    await expectTrpcError(send(alice, [bobs.id, bobs.id]), "BAD_REQUEST", { message: /twice/ });
    expect(await messages()).toBe(before);
    expect((await rowsFor(sql`id = ${bobs.id}`))[0]!.message_id).toBeNull();
    expect(sent.attachments).toHaveLength(1);
  });
});

async function usedToday(user: SessionUser): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(
    await t.db.execute(
      sql`select coalesce(sum(size_bytes), 0) as n from attachments where uploader_id = ${user.id} and created_at > now() - interval '1 day'`,
    ),
  );
  return Number(row!.n);
}
