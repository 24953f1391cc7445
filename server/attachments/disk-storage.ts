import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm, rmdir, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { BadStorageKeyError, StorageUnavailableError } from "./errors";
import { assertValidKey, type AttachmentStorage, type StoredObject } from "./storage";

const code = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;
const isMissing = (error: unknown) => code(error) === "ENOENT" || code(error) === "ENOTDIR";

/**
 * Attachments as files under one folder (DATA_DIR/attachments by default), a key being a relative
 * path. A file is written under a temporary name in its final folder, flushed, then renamed:
 * rename within one file system is atomic, so a reader sees the whole file or none, and a crash
 * leaves at most a dot-file that no key can name.
 */
export class DiskStorage implements AttachmentStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Validated twice: the key's charset, then the resolved path, so no key leaves the root. */
  pathOf(key: string): string {
    const file = path.resolve(this.root, assertValidKey(key));
    if (!file.startsWith(this.root + path.sep)) throw new BadStorageKeyError(key);
    return file;
  }

  async put(key: string, bytes: Uint8Array, _contentType: string): Promise<void> {
    const file = this.pathOf(key);
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      await this.writeTemp(temp, bytes);
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw new StorageUnavailableError(error);
    }
  }

  private async writeTemp(temp: string, bytes: Uint8Array): Promise<void> {
    let handle: FileHandle | undefined;
    // Two tries: a concurrent delete may remove the (empty) folder between mkdir and open.
    for (let attempt = 0; !handle; attempt++) {
      await mkdir(path.dirname(temp), { recursive: true });
      handle = await open(temp, "wx", 0o600).catch((error: unknown) => {
        if (attempt === 0 && code(error) === "ENOENT") return undefined;
        throw error;
      });
    }
    try {
      await handle.writeFile(bytes);
      await handle.sync(); // on disk before the rename makes it visible
    } finally {
      await handle.close();
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const file = this.pathOf(key);
    let handle: FileHandle;
    try {
      handle = await open(file, "r");
    } catch (error) {
      if (isMissing(error)) return null;
      throw new StorageUnavailableError(error);
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new Error(`${file} is not a file`);
      // The stream closes the handle when it ends or is destroyed.
      return { size: info.size, body: handle.createReadStream() };
    } catch (error) {
      await handle.close();
      throw new StorageUnavailableError(error);
    }
  }

  async exists(key: string): Promise<boolean> {
    const file = this.pathOf(key);
    try {
      return (await stat(file)).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw new StorageUnavailableError(error);
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    const files = keys.map((key) => this.pathOf(key)); // all keys checked before anything is removed
    try {
      for (const file of files) {
        await rm(file, { force: true });
        await this.removeEmptyFolders(path.dirname(file));
      }
    } catch (error) {
      throw new StorageUnavailableError(error);
    }
  }

  /** Folders made for keys go with their last file, up to (not including) the root. */
  private async removeEmptyFolders(dir: string): Promise<void> {
    for (let current = dir; current.startsWith(this.root + path.sep); current = path.dirname(current)) {
      try {
        await rmdir(current);
      } catch (error) {
        if (["ENOTEMPTY", "EEXIST", "ENOENT"].includes(code(error) ?? "")) return;
        throw error;
      }
    }
  }
}
