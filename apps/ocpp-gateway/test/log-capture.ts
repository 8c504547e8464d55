import { Writable } from 'node:stream';

/** Collects a gateway's pino output (one JSON object per line). */
export class LogCapture extends Writable {
  readonly text: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text.push(chunk.toString('utf8'));
    done();
  }
  get lines(): Record<string, unknown>[] {
    return this.text
      .join('')
      .split('\n')
      .filter((l) => l.trim().length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}
