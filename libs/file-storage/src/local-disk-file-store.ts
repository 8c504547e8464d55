import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileStoreError, FileStoreErrorCode, checkFileKey, type FileStore, type PutOptions, type StoredFile } from './file-store';
import { MeteredStream } from './metered-stream';

/**
 * Files under one directory. A put streams into a temporary file beside the target and renames
 * it into place, so readers see the old file or the whole new one, never a partial one.
 */
export class LocalDiskFileStore implements FileStore {
  private readonly root: string;

  constructor(directory: string) {
    this.root = resolve(directory);
  }

  async put(key: string, body: Readable, options: PutOptions): Promise<StoredFile> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.part`;
    const meter = new MeteredStream(options.maxBytes);
    try {
      await pipeline(body, meter, createWriteStream(temporary, { flags: 'wx' }));
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      body.resume();
      throw error;
    }
    return { key, size: meter.size, sha256: meter.digest() };
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    if (!(await this.head(key))) throw new FileStoreError(FileStoreErrorCode.NotFound, `No file ${key}`);
    return createReadStream(path);
  }

  async head(key: string): Promise<{ key: string; size: number } | null> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? { key, size: info.size } : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    const path = resolve(join(this.root, checkFileKey(key)));
    // checkFileKey already excludes traversal; this is the belt to its braces.
    if (!path.startsWith(this.root + sep))
      throw new FileStoreError(FileStoreErrorCode.InvalidKey, `Invalid file key ${key}: outside the store`);
    return path;
  }
}
