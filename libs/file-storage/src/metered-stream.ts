import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { FileStoreError, FileStoreErrorCode } from './file-store';

/** Passes bytes through, counting them and hashing them (SHA-256); fails with TooLarge past `maxBytes`. */
export class MeteredStream extends Transform {
  private readonly hash = createHash('sha256');
  private count = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  get size(): number {
    return this.count;
  }

  digest(): string {
    return this.hash.digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.count += chunk.length;
    if (this.count > this.maxBytes) {
      callback(new FileStoreError(FileStoreErrorCode.TooLarge, `The file is larger than the limit of ${this.maxBytes} bytes`));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }
}
