import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { uniqueName } from '@voltlane/testing';
import { describeFileStoreContract } from '../test/file-store.contract';
import { S3FileStore } from './s3-file-store';
import { startS3rver } from './s3rver-process';

describe('S3FileStore on a real s3rver', () => {
  let directory: string;
  let server: { endpoint: string; close(): Promise<void> };
  let store: S3FileStore;
  const bucket = 'voltlane-files';
  const prefix = uniqueName('files');

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'voltlane-s3rver-'));
    server = await startS3rver(directory, bucket);
    // s3rver accepts the fixed S3RVER/S3RVER credentials.
    store = new S3FileStore({
      endpoint: server.endpoint,
      region: 'us-east-1',
      bucket,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      prefix: 'voltlane/',
    });
  });

  afterAll(async () => {
    store?.close();
    await server?.close();
    await rm(directory, { recursive: true, force: true });
  });

  describeFileStoreContract(
    () => store,
    () => prefix,
  );

  it('keeps objects under the prefix in the bucket (path-style)', async () => {
    const key = `${prefix}/prefixed.txt`;
    await store.put(key, Readable.from([Buffer.from('hello')]), { maxBytes: 10, contentType: 'text/plain' });
    const response = await fetch(`${server.endpoint}/${bucket}/voltlane/${key}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello');
  });

  it('fails with the server error when the bucket does not exist', async () => {
    const other = new S3FileStore({
      endpoint: server.endpoint,
      region: 'us-east-1',
      bucket: 'no-such-bucket',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    });
    await expect(other.put(`${prefix}/x`, Readable.from([Buffer.from('x')]), { maxBytes: 10 })).rejects.toThrow(/bucket/i);
    other.close();
  });
});
