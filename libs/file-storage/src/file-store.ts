import type { Readable } from 'node:stream';

/** What a stored file is: its key, size in bytes and SHA-256 (hex). */
export interface StoredFile {
  key: string;
  size: number;
  sha256: string;
}

export interface PutOptions {
  /** The body is refused (FileStoreError TooLarge) as soon as it passes this many bytes. */
  maxBytes: number;
  contentType?: string;
}

/**
 * Where Voltlane keeps files (station uploads, firmware images): local disk in the all-in-one,
 * S3-compatible object storage in distributed mode. Keys are relative, `/`-separated, made of
 * letters, digits, `.`, `_` and `-` (no empty, `.` or `..` segments): see `checkFileKey`.
 */
export interface FileStore {
  /** Streams `body` into `key` (replacing it), refusing it past `maxBytes`; nothing is left behind on failure. */
  put(key: string, body: Readable, options: PutOptions): Promise<StoredFile>;
  /** The content of `key`; FileStoreError NotFound when there is none. */
  get(key: string): Promise<Readable>;
  /** The size of `key`, or null when there is none. */
  head(key: string): Promise<{ key: string; size: number } | null>;
  /** Removes `key` (no error when it does not exist). */
  delete(key: string): Promise<void>;
}

export enum FileStoreErrorCode {
  TooLarge = 'TooLarge',
  NotFound = 'NotFound',
  InvalidKey = 'InvalidKey',
}

export class FileStoreError extends Error {
  constructor(
    readonly code: FileStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FileStoreError';
  }
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const MAX_KEY_LENGTH = 512;

/** Throws InvalidKey unless `key` is a safe relative key (no traversal, no absolute path, no odd characters). */
export function checkFileKey(key: string): string {
  const fail = (why: string): never => {
    throw new FileStoreError(FileStoreErrorCode.InvalidKey, `Invalid file key ${JSON.stringify(key.slice(0, 80))}: ${why}`);
  };
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) fail(`it must have 1 to ${MAX_KEY_LENGTH} characters`);
  for (const segment of key.split('/')) {
    if (!SEGMENT.test(segment)) fail('each /-separated part must be letters, digits, ".", "_" or "-", not start with "."');
  }
  return key;
}
