import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "~/db/client";
import { attachments, conversationMembers } from "~/db/schema";
import { describeError, getLogger } from "~/server/observability/logger";
import { AttachmentError, refusalError, StorageUnavailableError } from "./errors";
import { downloadName } from "./file-name";
import { processImage } from "./images";
import { contentTypeOf, formatMegabytes, inspectUpload, type SniffedType } from "./sniff";
import { type AttachmentStorage } from "./storage";
import { type AttachmentView } from "./view";

export interface UploadLimits {
  /** Largest file accepted (ATTACHMENT_MAX_BYTES). */
  maxBytes: number;
  /** Bytes one user may upload in any 24 hours (ATTACHMENT_DAILY_BYTES). */
  dailyBytes: number;
}

export interface Upload {
  conversationId: string;
  bytes: Uint8Array;
  /** The client's Content-Type: a claim, checked against the bytes. */
  claimedType?: string;
  fileName: string;
}

interface Prepared {
  objects: { key: string; bytes: Uint8Array; mime: string }[];
  width: number | null;
  height: number | null;
}

/**
 * Receives one file for a conversation the uploader belongs to, and keeps it unsent (an orphan)
 * until a send claims it. Everything is decided before anything is written: membership and quota,
 * then size, type (from the bytes) and, for images, a full decode and re-encode. Then the objects
 * are written, then the row — with the uploader's membership checked again in the INSERT — and
 * if either write fails, the objects written are deleted: no row without its objects, no objects
 * without a row (a failure of that cleanup too leaves unreachable bytes, logged with their keys).
 */
export async function uploadAttachment(
  db: Db,
  storage: AttachmentStorage,
  limits: UploadLimits,
  uploaderId: string,
  upload: Upload,
): Promise<AttachmentView> {
  await checkMembershipAndQuota(db, uploaderId, upload, limits);
  const inspected = inspectUpload(upload.bytes, { maxBytes: limits.maxBytes, claimedType: upload.claimedType });
  if (!inspected.ok) throw refusalError(inspected);
  const id = randomUUID();
  const prepared = await prepare(id, inspected.type, upload.bytes);
  const name = downloadName(upload.fileName, inspected.type);
  const keys = prepared.objects.map((o) => o.key);
  await putAll(storage, prepared.objects);
  try {
    const [row] = rowsOf<{ id: string }>(
      await db.execute(sql`
        insert into ${attachments} (id, uploader_id, conversation_id, kind, mime, name, size_bytes, stored_bytes, width, height, keys)
        select ${id}::uuid, ${uploaderId}::uuid, ${upload.conversationId}::uuid, ${inspected.type.kind}::attachment_kind,
               ${inspected.type.mime}, ${name}, ${upload.bytes.length}, ${prepared.objects.reduce((n, o) => n + o.bytes.length, 0)},
               ${prepared.width}::int, ${prepared.height}::int,
               array[${sql.join(
                 keys.map((k) => sql`${k}`),
                 sql`, `,
               )}]::text[]
         where exists (select 1 from ${conversationMembers} cm
                        where cm.conversation_id = ${upload.conversationId}::uuid and cm.user_id = ${uploaderId}::uuid)
        returning id`),
    );
    if (!row) throw notFound();
  } catch (error) {
    await deleteQuietly(storage, keys);
    throw error;
  }
  return {
    id,
    kind: inspected.type.kind,
    mime: inspected.type.mime,
    name,
    size: upload.bytes.length,
    width: prepared.width,
    height: prepared.height,
  };
}

const notFound = () => new AttachmentError("NOT_FOUND", "Conversation not found.");

/** One round trip: is the uploader a member, and how much have they uploaded in the last 24 hours. */
async function checkMembershipAndQuota(db: Db, uploaderId: string, upload: Upload, limits: UploadLimits) {
  const [row] = rowsOf<{ member: boolean; used: string | number; frees_in: string | number | null }>(
    await db.execute(sql`
      select exists (select 1 from ${conversationMembers} cm
                      where cm.conversation_id = ${upload.conversationId}::uuid and cm.user_id = ${uploaderId}::uuid) as member,
             coalesce(sum(a.size_bytes), 0) as used,
             ceil(extract(epoch from min(a.created_at) + interval '1 day' - now())) as frees_in
        from ${attachments} a
       where a.uploader_id = ${uploaderId}::uuid and a.created_at > now() - interval '1 day'`),
  );
  if (!row?.member) throw notFound();
  if (Number(row.used) + upload.bytes.length > limits.dailyBytes) {
    throw new AttachmentError(
      "QUOTA_EXCEEDED",
      `You can upload at most ${formatMegabytes(limits.dailyBytes)} a day; try again later or send a smaller file.`,
      { retryAfterSeconds: Math.max(1, Number(row.frees_in ?? 60)) },
    );
  }
}

/** The objects to store: an image's display size and thumbnail (re-encoded), or the file as sent. */
async function prepare(id: string, type: SniffedType, bytes: Uint8Array): Promise<Prepared> {
  if (type.kind !== "image") {
    return {
      objects: [{ key: `a/${id}/file.${type.extension}`, bytes, mime: contentTypeOf(type) }],
      width: null,
      height: null,
    };
  }
  const image = await imageWork.run(() => processImage(bytes, type));
  return {
    objects: [
      { key: `a/${id}/display.${type.extension}`, bytes: image.display.bytes, mime: type.mime },
      { key: `a/${id}/thumb.${type.extension}`, bytes: image.thumbnail.bytes, mime: type.mime },
    ],
    width: image.display.width,
    height: image.display.height,
  };
}

async function putAll(storage: AttachmentStorage, objects: Prepared["objects"]) {
  try {
    for (const o of objects) await storage.put(o.key, o.bytes, o.mime);
  } catch (error) {
    // Every key, not only those written: a put that failed half-way may have left something.
    await deleteQuietly(
      storage,
      objects.map((o) => o.key),
    );
    throw error instanceof AttachmentError ? error : new StorageUnavailableError(error);
  }
}

/** Cleanup after a failed upload; the upload's own error is what the sender hears. */
async function deleteQuietly(storage: AttachmentStorage, keys: string[]) {
  try {
    await storage.delete(keys);
  } catch (error) {
    getLogger().error({ keys, error: describeError(error) }, "attachment upload: objects left behind after a failure");
  }
}

/**
 * A bound on image decoding, the one expensive step of an upload (up to ~200 MB and a few hundred
 * ms of CPU for a large photo): at most `running` at once per process, at most `waiting` queued;
 * beyond that an upload is refused with BUSY and a Retry-After instead of piling up memory.
 */
export class WorkLimit {
  private active = 0;
  private queue: (() => void)[] = [];

  constructor(
    readonly running: number,
    readonly waiting: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.running) {
      if (this.queue.length >= this.waiting)
        throw new AttachmentError("BUSY", "Many images are being processed right now; try again in a moment.", {
          retryAfterSeconds: 2,
        });
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else this.active++;
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}

const imageWork = new WorkLimit(2, 16);
