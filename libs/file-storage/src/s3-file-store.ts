import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileStoreError, FileStoreErrorCode, checkFileKey, type FileStore, type PutOptions, type StoredFile } from './file-store';
import { MeteredStream } from './metered-stream';

export interface S3FileStoreOptions {
  /** e.g. http://127.0.0.1:9000 (MinIO, Ceph, s3rver); unset for AWS. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Key prefix inside the bucket, e.g. `voltlane/` (default none). */
  prefix?: string;
  /** Path-style addressing (`endpoint/bucket/key`), the default: what S3-compatible servers expect. */
  forcePathStyle?: boolean;
}

/**
 * Files in an S3-compatible bucket. A put is metered (size limit, SHA-256) into a temporary file
 * first and then sent with its length in one PutObject, so a refused or broken upload never
 * reaches the bucket and the object appears whole.
 */
export class S3FileStore implements FileStore {
  private readonly client: S3Client;

  constructor(private readonly options: S3FileStoreOptions) {
    this.client = new S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle ?? true,
      // Checksums only where S3 requires them: the default (aws-chunked bodies with trailing
      // CRC32) is not understood by many S3-compatible servers, and the store hashes bodies itself.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
    });
  }

  async put(key: string, body: Readable, options: PutOptions): Promise<StoredFile> {
    const objectKey = this.objectKey(key);
    const directory = await mkdtemp(join(tmpdir(), 'voltlane-s3-'));
    const spool = join(directory, randomBytes(6).toString('hex'));
    try {
      const meter = new MeteredStream(options.maxBytes);
      try {
        await pipeline(body, meter, createWriteStream(spool));
      } catch (error) {
        body.resume();
        throw error;
      }
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: objectKey,
          Body: createReadStream(spool),
          ContentLength: meter.size,
          ContentType: options.contentType ?? 'application/octet-stream',
        }),
      );
      return { key, size: meter.size, sha256: meter.digest() };
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
      return answer.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey || error instanceof NotFound) throw new FileStoreError(FileStoreErrorCode.NotFound, `No file ${key}`);
      throw error;
    }
  }

  async head(key: string): Promise<{ key: string; size: number } | null> {
    try {
      const answer = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
      return { key, size: answer.ContentLength ?? 0 };
    } catch (error) {
      if (
        error instanceof NotFound ||
        error instanceof NoSuchKey ||
        (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
      )
        return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
  }

  close(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    return `${this.options.prefix ?? ''}${checkFileKey(key)}`;
  }
}
