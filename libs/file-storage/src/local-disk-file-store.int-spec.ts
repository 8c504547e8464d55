import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { uniqueName } from '@voltlane/testing';
import { describeFileStoreContract } from '../test/file-store.contract';
import { LocalDiskFileStore } from './local-disk-file-store';

describe('LocalDiskFileStore on a real directory', () => {
  let directory: string;
  let store: LocalDiskFileStore;
  const prefix = uniqueName('files');

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'voltlane-files-'));
    store = new LocalDiskFileStore(join(directory, 'store'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  describeFileStoreContract(
    () => store,
    () => prefix,
  );

  it('writes through a temporary file: after a refused body only the earlier file is there', async () => {
    const key = `${prefix}/atomic/file.bin`;
    await store.put(key, Readable.from([Buffer.from('kept')]), { maxBytes: 10 });
    await expect(store.put(key, Readable.from([Buffer.alloc(11)]), { maxBytes: 10 })).rejects.toMatchObject({ code: 'TooLarge' });
    expect(await readdir(join(directory, 'store', prefix, 'atomic'))).toEqual(['file.bin']);
    expect(await store.head(key)).toEqual({ key, size: 4 });
  });
});
