import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { FileStoreError, FileStoreErrorCode, type FileStore } from '../src/file-store';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Streams `data` in small chunks, as a slow network body would arrive. */
function chunked(data: Buffer, size = 1_000): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
    })(),
  );
}

/** The behaviour every FileStore adapter has (run by each adapter's integration spec on a real store). */
export function describeFileStoreContract(store: () => FileStore, prefix: () => string): void {
  it('stores a stream and gives it back byte for byte, with size and sha256', async () => {
    const data = randomBytes(150_000);
    const key = `${prefix()}/a/b/firmware-1.0.bin`;
    const stored = await store().put(key, chunked(data), { maxBytes: 200_000 });
    expect(stored).toEqual({ key, size: data.length, sha256: createHash('sha256').update(data).digest('hex') });
    expect(await store().head(key)).toEqual({ key, size: data.length });
    expect((await readAll(await store().get(key))).equals(data)).toBe(true);
  });

  it('replaces a key and deletes it', async () => {
    const key = `${prefix()}/replace.log`;
    await store().put(key, Readable.from([Buffer.from('first')]), { maxBytes: 100 });
    await store().put(key, Readable.from([Buffer.from('second version')]), { maxBytes: 100 });
    expect((await readAll(await store().get(key))).toString()).toBe('second version');
    await store().delete(key);
    expect(await store().head(key)).toBeNull();
    await expect(store().get(key)).rejects.toMatchObject({ code: FileStoreErrorCode.NotFound });
    await store().delete(key);
  });

  it('refuses a body past the limit and leaves nothing behind', async () => {
    const key = `${prefix()}/too-large.bin`;
    const error = await store()
      .put(key, chunked(randomBytes(5_000)), { maxBytes: 4_096 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileStoreError);
    expect((error as FileStoreError).code).toBe(FileStoreErrorCode.TooLarge);
    expect(await store().head(key)).toBeNull();
  });

  it.each(['../escape', 'a/../../etc/passwd', '/absolute', 'a//b', '.hidden', 'a/./b', 'spaces here', '', 'a\\b'])(
    'refuses the unsafe key %j',
    async (key) => {
      await expect(store().put(key, Readable.from([Buffer.from('x')]), { maxBytes: 10 })).rejects.toMatchObject({
        code: FileStoreErrorCode.InvalidKey,
      });
      await expect(store().head(key)).rejects.toMatchObject({ code: FileStoreErrorCode.InvalidKey });
    },
  );
}
