import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { DiskStorage } from "~/server/attachments/disk-storage";
import { S3Storage } from "~/server/attachments/s3-storage";
import { type AttachmentStorage } from "~/server/attachments/storage";

/**
 * One suite, both stores: a folder in a temp dir, and a bucket on an s3rver (a local server that
 * speaks the S3 protocol) started here. What is left behind is checked without the store's own
 * code: `readdir` of the folder, `ListObjectsV2` of the bucket.
 */
export const BUCKET = "recall-attachments";
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface Running {
  store: AttachmentStorage;
  /** Every file and folder (disk) or object (S3) that exists, temporary ones included. */
  leftovers(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startS3rver(directory: string, port = 0) {
  const server = new S3rver({
    address: "127.0.0.1",
    port,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET }],
  });
  const address = await server.run();
  const settings = {
    bucket: BUCKET,
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${address.port}`,
    ...CREDENTIALS,
  };
  return { server, port: address.port, settings, store: S3Storage.fromSettings(settings) };
}

export async function listBucket(store: S3Storage): Promise<string[]> {
  const out = await store.client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

export const backends: { name: string; start(): Promise<Running> }[] = [
  {
    name: "disk",
    async start() {
      const dir = await mkdtemp(path.join(os.tmpdir(), "recall-att-disk-"));
      const root = path.join(dir, "attachments");
      return {
        store: new DiskStorage(root),
        leftovers: async () => (existsSync(root) ? await readdir(root, { recursive: true }) : []),
        stop: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "s3",
    async start() {
      const dir = await mkdtemp(path.join(os.tmpdir(), "recall-att-s3-"));
      const s3 = await startS3rver(dir);
      return {
        store: s3.store,
        leftovers: () => listBucket(s3.store),
        stop: async () => {
          s3.store.client.destroy();
          await s3.server.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
];
