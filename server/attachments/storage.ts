import { type Readable } from "node:stream";
import { BadStorageKeyError } from "./errors";

/**
 * Where attachment bytes live: a folder under DATA_DIR (disk-storage.ts) or an S3-compatible
 * bucket (s3-storage.ts). The database row (later) is the truth about what an attachment is, its
 * type and its name; the store only holds bytes under keys the app generates.
 *
 * Every method either does all of its work or throws: a `put` that fails leaves no object and no
 * temporary file behind, and failures of the store itself throw StorageUnavailableError.
 */
export interface StoredObject {
  size: number;
  body: Readable;
}

export interface AttachmentStorage {
  /**
   * Writes the whole object or nothing. Keys are written once (they name a new attachment); a
   * failed put may leave the key empty even if it held something before.
   */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The object, or null when there is none under this key. */
  get(key: string): Promise<StoredObject | null>;
  exists(key: string): Promise<boolean>;
  /** Deletes every key given; a key that is already gone is not an error. */
  delete(keys: readonly string[]): Promise<void>;
}

export const MAX_KEY_LENGTH = 512;
// Each segment starts with a letter or digit, so no segment is "." or "..", none is hidden, and
// none can collide with the disk store's temporary files (which start with a dot).
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Keys are relative, "/"-separated, from a strict charset: no "..", no leading or doubled "/", no
 * backslash, no percent escapes, so a key can never name a place outside the store's folder or
 * mean different things to the disk and to S3.
 */
export function isValidKey(key: string): boolean {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) return false;
  return key.split("/").every((segment) => SEGMENT.test(segment));
}

export function assertValidKey(key: string): string {
  if (!isValidKey(key)) throw new BadStorageKeyError(key);
  return key;
}

export async function readAll(object: StoredObject): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
