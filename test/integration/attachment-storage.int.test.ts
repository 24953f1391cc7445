import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiskStorage } from "~/server/attachments/disk-storage";
import { type AttachmentError, BadStorageKeyError, StorageUnavailableError } from "~/server/attachments/errors";
import { S3Storage } from "~/server/attachments/s3-storage";
import { readAll } from "~/server/attachments/storage";
import { backends, listBucket, type Running, startS3rver } from "../attachment-backends";

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );

describe.each(backends)("attachment storage on $name", (backend) => {
  let running: Running;
  beforeAll(async () => {
    running = await backend.start();
  });
  afterAll(() => running.stop());

  it("gives back exactly the bytes it was given", async () => {
    const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(1024 * 1024)]);
    await running.store.put("rt/one/display.png", bytes, "image/png");
    expect(await running.store.exists("rt/one/display.png")).toBe(true);
    const object = await running.store.get("rt/one/display.png");
    expect(object?.size).toBe(bytes.length);
    expect((await readAll(object!)).equals(bytes)).toBe(true);
    await running.store.delete(["rt/one/display.png"]);
  });

  it("answers null and false for a key that holds nothing", async () => {
    expect(await running.store.get("missing/key.txt")).toBeNull();
    expect(await running.store.exists("missing/key.txt")).toBe(false);
  });

  it("replaces an object put again under the same key", async () => {
    await running.store.put("again/file.txt", Buffer.from("first"), "text/plain");
    await running.store.put("again/file.txt", Buffer.from("second"), "text/plain");
    expect((await readAll((await running.store.get("again/file.txt"))!)).toString()).toBe("second");
    await running.store.delete(["again/file.txt"]);
  });

  it("leaves nothing behind after a delete, and deleting what is gone is not an error", async () => {
    const keys = ["del/a/display.jpg", "del/a/thumbnail.jpg", "del/b/original.pdf"];
    for (const key of keys) await running.store.put(key, randomBytes(2048), "application/octet-stream");
    expect((await running.leftovers()).length).toBeGreaterThan(0);
    await running.store.delete([...keys, "del/never/was.txt"]);
    expect(await running.leftovers()).toEqual([]);
    for (const key of keys) expect(await running.store.get(key)).toBeNull();
  });

  it.each(["../escaped.txt", "../../etc/passwd", "/etc/passwd", "a/../../escaped.txt", "a\\..\\escaped.txt", ".tmp"])(
    "refuses the key %j for every operation and writes nothing",
    async (key) => {
      expect(await rejection(running.store.put(key, Buffer.from("x"), "text/plain"))).toBeInstanceOf(
        BadStorageKeyError,
      );
      expect(await rejection(running.store.get(key))).toBeInstanceOf(BadStorageKeyError);
      expect(await rejection(running.store.exists(key))).toBeInstanceOf(BadStorageKeyError);
      expect(await rejection(running.store.delete([key]))).toBeInstanceOf(BadStorageKeyError);
      expect(await running.leftovers()).toEqual([]);
    },
  );

  it("checks every key of a delete before removing any", async () => {
    await running.store.put("keep/me.txt", Buffer.from("kept"), "text/plain");
    expect(await rejection(running.store.delete(["keep/me.txt", "../other"]))).toBeInstanceOf(BadStorageKeyError);
    expect(await running.store.exists("keep/me.txt")).toBe(true);
    await running.store.delete(["keep/me.txt"]);
  });
});

function expectUnavailable(error: unknown) {
  expect(error).toBeInstanceOf(StorageUnavailableError);
  expect(error).toMatchObject({
    code: "STORAGE_UNAVAILABLE",
    message: "Attachments cannot be stored or read right now. Try again in a moment.",
  });
  expect((error as AttachmentError).cause).toBeDefined(); // the operator's detail, for the log
}

describe("disk storage that cannot write", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "recall-att-broken-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // Root ignores permission bits, and tests here run as root: a file where the folder should
  // be fails for every user.
  it("fails clearly when its folder cannot be created", async () => {
    const root = path.join(dir, "not-a-folder");
    await writeFile(root, "a file in the way");
    const store = new DiskStorage(root);
    expectUnavailable(await rejection(store.put("a/b.txt", Buffer.from("x"), "text/plain")));
  });

  it("removes its temporary file when the final rename fails", async () => {
    const root = path.join(dir, "attachments");
    // The destination is a folder with something in it, so rename() is refused after the
    // temporary file has been written and flushed in the same folder.
    await mkdir(path.join(root, "x", "blocked.png", "inside"), { recursive: true });
    const store = new DiskStorage(root);
    expectUnavailable(await rejection(store.put("x/blocked.png", randomBytes(4096), "image/png")));
    expect((await readdir(path.join(root, "x"))).sort()).toEqual(["blocked.png"]);
  });
});

/** Forwards a connection until `limit` bytes have gone upstream, then cuts both sides. */
async function cuttingProxy(targetPort: number, limit: number) {
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    let sent = 0;
    client.on("data", (chunk: Buffer) => {
      const room = limit - sent;
      sent += chunk.length;
      if (room > chunk.length) return void upstream.write(chunk);
      upstream.end(chunk.subarray(0, Math.max(0, room)), () => upstream.destroy());
      client.destroy();
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((r) => server.close(r)) };
}

describe("S3 storage that cannot be reached", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "recall-att-s3-down-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("fails clearly while the server is stopped, and nothing appears when it is back", async () => {
    const first = await startS3rver(dir);
    await first.server.close();
    const store = first.store;
    expectUnavailable(await rejection(store.put("down/file.txt", Buffer.from("x"), "text/plain")));
    expectUnavailable(await rejection(store.get("down/file.txt")));
    expectUnavailable(await rejection(store.exists("down/file.txt")));
    expectUnavailable(await rejection(store.delete(["down/file.txt"])));
    store.client.destroy();

    const again = await startS3rver(dir);
    expect(await listBucket(again.store)).toEqual([]);
    again.store.client.destroy();
    await again.server.close();
  });

  it("leaves no object when the connection is cut halfway through an upload", async () => {
    const s3 = await startS3rver(dir);
    const proxy = await cuttingProxy(s3.port, 300 * 1024);
    const through = S3Storage.fromSettings({ ...s3.settings, endpoint: `http://127.0.0.1:${proxy.port}` });
    expectUnavailable(await rejection(through.put("cut/big.bin", randomBytes(1024 * 1024), "application/pdf")));
    expect(await listBucket(s3.store)).toEqual([]);
    through.client.destroy();
    s3.store.client.destroy();
    await proxy.close();
    await s3.server.close();
  });
});
