import { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { StorageUnavailableError } from "./errors";
import { assertValidKey, type AttachmentStorage, type StoredObject } from "./storage";

export interface S3Settings {
  bucket: string;
  region: string;
  /** Unset: AWS itself. Set: an S3-compatible store (MinIO, R2, Ceph…), addressed by path. */
  endpoint?: string;
  /** Unset: the SDK's own chain (AWS_* variables, instance role). */
  accessKeyId?: string;
  secretAccessKey?: string;
}

// DeleteObjects takes at most 1000 keys per request.
const DELETE_BATCH = 1000;

export function s3Client(settings: S3Settings): S3Client {
  const compatible = settings.endpoint !== undefined;
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    // Compatible stores rarely have a DNS name per bucket, so the bucket goes in the path.
    forcePathStyle: compatible,
    // The SDK's default CRC32 checksums on every request are refused by some compatible stores;
    // send them only where S3 requires one (DeleteObjects), which every store accepts.
    ...(compatible && { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" }),
    credentials:
      settings.accessKeyId && settings.secretAccessKey
        ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
        : undefined,
    // An unreachable store fails the upload within seconds instead of holding the request.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    maxAttempts: 3,
  });
}

const isNotFound = (error: unknown) =>
  error instanceof NoSuchKey ||
  error instanceof NotFound ||
  (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode === 404;

/**
 * Attachments as objects in one bucket. An S3 PUT is atomic (the object appears whole when the
 * request succeeds, or not at all), so no temporary object is needed.
 */
export class S3Storage implements AttachmentStorage {
  constructor(
    readonly client: S3Client,
    readonly bucket: string,
  ) {}

  static fromSettings(settings: S3Settings): S3Storage {
    return new S3Storage(s3Client(settings), settings.bucket);
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const Key = assertValidKey(key);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key,
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentType: contentType,
        }),
      );
    } catch (error) {
      await this.removeAfterFailedPut(Key);
      throw new StorageUnavailableError(error);
    }
  }

  /**
   * S3 itself never keeps a partial PUT, but simpler compatible servers write the body in place
   * as it arrives (s3rver does), so a cut connection could leave half a file under the key. Keys
   * are written once, so deleting what may be there is safe; when the store is unreachable the
   * delete fails too, and then nothing can have been written after the failure either.
   */
  private async removeAfterFailedPut(Key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key })).catch(() => undefined);
  }

  async get(key: string): Promise<StoredObject | null> {
    const Key = assertValidKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      if (!(out.Body instanceof Readable)) throw new Error("GetObject returned no readable body");
      return { size: out.ContentLength ?? 0, body: out.Body };
    } catch (error) {
      // NoSuchBucket is a 404 too, but a missing bucket is a broken setup, not a missing object.
      if (isNotFound(error) && (error as Error).name !== "NoSuchBucket") return null;
      throw new StorageUnavailableError(error);
    }
  }

  async exists(key: string): Promise<boolean> {
    const Key = assertValidKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw new StorageUnavailableError(error);
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    const valid = keys.map(assertValidKey);
    for (let i = 0; i < valid.length; i += DELETE_BATCH) {
      const batch = valid.slice(i, i + DELETE_BATCH);
      let failed: string | undefined;
      try {
        const out = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        );
        // A 200 can still list keys that were not deleted.
        failed = out.Errors?.map((e) => `${e.Key}: ${e.Code}`).join(", ") || undefined;
      } catch (error) {
        throw new StorageUnavailableError(error);
      }
      if (failed) throw new StorageUnavailableError(new Error(`DeleteObjects failed for ${failed}`));
    }
  }
}
