import path from "node:path";
import { type Config, getConfig } from "~/server/env";
import { DiskStorage } from "./disk-storage";
import { S3Storage } from "./s3-storage";
import { type AttachmentStorage } from "./storage";

/** Beside the embedded database (DATA_DIR/pglite), never inside it. */
export const attachmentsDir = (dataDir: string) => path.resolve(dataDir, "attachments");

/** Pure apart from constructing a client: the store the configuration names. */
export function storageFromConfig(config: Config): AttachmentStorage {
  if (config.ATTACHMENT_STORAGE === "disk") return new DiskStorage(attachmentsDir(config.DATA_DIR));
  // parseConfig guarantees the bucket when the store is s3; this narrows the type.
  if (!config.S3_BUCKET) throw new Error("S3_BUCKET must be set when ATTACHMENT_STORAGE is s3.");
  return S3Storage.fromSettings({
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
  });
}

let cached: AttachmentStorage | undefined;

/** One store per process (an S3 client keeps its connections). */
export function storageFromEnv(): AttachmentStorage {
  cached ??= storageFromConfig(getConfig());
  return cached;
}
