import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "~/server/env";
import { DiskStorage } from "./disk-storage";
import { BadStorageKeyError } from "./errors";
import { S3Storage } from "./s3-storage";
import { assertValidKey, isValidKey, MAX_KEY_LENGTH } from "./storage";
import { storageFromConfig } from "./storage-from-env";

describe("storage keys", () => {
  it.each(["a", "0b/3f/0b3f6c1e-8a4e-4c8e-9d8e-3d6f2b1a7c90/display.webp", "x/thumbnail.jpg", "UPPER_lower-1.2.3"])(
    "accepts %j",
    (key) => {
      expect(isValidKey(key)).toBe(true);
    },
  );

  it.each([
    "",
    "..",
    "../etc/passwd",
    "a/../../b",
    "a/./b",
    "/absolute",
    "a//b",
    "a/",
    ".hidden",
    "a/.tmp-file",
    "a\\..\\b",
    "a%2F..%2Fb",
    "sp ace",
    "new\nline",
    "nul\u0000",
    "é",
    "a/" + "b".repeat(129),
    "abcdefgh/".repeat(56) + "a".repeat(MAX_KEY_LENGTH + 1 - 56 * 9), // valid segments, one character too long
  ])("refuses %j", (key) => {
    expect(isValidKey(key)).toBe(false);
    expect(() => assertValidKey(key)).toThrow(BadStorageKeyError);
  });
});

describe("DiskStorage.pathOf", () => {
  it("maps a key under the root and nowhere else", () => {
    const store = new DiskStorage("/srv/data/attachments");
    expect(store.pathOf("ab/cd.png")).toBe(path.join("/srv/data/attachments", "ab", "cd.png"));
    for (const key of ["../x", "/etc/passwd", "ab/../../x"])
      expect(() => store.pathOf(key)).toThrow(BadStorageKeyError);
  });
});

describe("storageFromConfig", () => {
  const config = (source: Record<string, string>) => {
    const parsed = parseConfig(source);
    if (!parsed.ok) throw new Error(parsed.line);
    return parsed.config;
  };

  it("keeps files in DATA_DIR/attachments, beside the embedded database's DATA_DIR/pglite", () => {
    const store = storageFromConfig(config({ DATA_DIR: "/tmp/recall-data" }));
    expect(store).toBeInstanceOf(DiskStorage);
    expect((store as DiskStorage).root).toBe(path.resolve("/tmp/recall-data/attachments"));
  });

  it("uses the configured bucket, by path, on an S3-compatible endpoint", async () => {
    const store = storageFromConfig(
      config({ ATTACHMENT_STORAGE: "s3", S3_BUCKET: "recall", S3_ENDPOINT: "http://127.0.0.1:9000" }),
    );
    expect(store).toBeInstanceOf(S3Storage);
    expect((store as S3Storage).bucket).toBe("recall");
    expect((store as S3Storage).client.config.forcePathStyle).toBe(true);
    expect(await (store as S3Storage).client.config.region()).toBe("us-east-1");
  });
});
