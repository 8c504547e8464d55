import { Writable } from 'node:stream';

/**
 * The keys that occur more than once in one object of a JSON text, as `path.key` (`JSON.parse`
 * keeps the last one silently; log pipelines disagree about which one wins). Throws on text that
 * is not JSON.
 */
export function duplicateKeys(json: string): string[] {
  const duplicates: string[] = [];
  let at = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`not JSON at ${at} (${what}): ${json.slice(Math.max(0, at - 20), at + 20)}`);
  };
  const space = (): void => {
    while (at < json.length && ' \t\r\n'.includes(json[at])) at++;
  };
  const string = (): string => {
    const start = at;
    if (json[at++] !== '"') fail('expected a string');
    while (at < json.length && json[at] !== '"') at += json[at] === '\\' ? 2 : 1;
    if (at++ >= json.length) fail('unterminated string');
    return JSON.parse(json.slice(start, at)) as string;
  };
  const value = (path: string): void => {
    space();
    const c = json[at];
    if (c === '{') {
      at++;
      const seen = new Set<string>();
      space();
      if (json[at] === '}') return void at++;
      for (;;) {
        space();
        const key = string();
        if (seen.has(key)) duplicates.push(`${path}${key}`);
        seen.add(key);
        space();
        if (json[at++] !== ':') fail('expected ":"');
        value(`${path}${key}.`);
        space();
        const next = json[at++];
        if (next === '}') return;
        if (next !== ',') fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      at++;
      space();
      if (json[at] === ']') return void at++;
      for (let i = 0; ; i++) {
        value(`${path}${i}.`);
        space();
        const next = json[at++];
        if (next === ']') return;
        if (next !== ',') fail('expected "," or "]"');
      }
    }
    if (c === '"') return void string();
    const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(json.slice(at));
    if (!literal) fail('expected a value');
    at += literal![0].length;
  };
  value('');
  space();
  if (at !== json.length) fail('text after the value');
  return duplicates;
}

/**
 * Collects a logger's raw output (pino: one JSON object per line). `lines` parses it and throws on
 * a line with a duplicate key, so a test reading the lines also checks that every key is there once.
 */
export class LogLines extends Writable {
  readonly text: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text.push(chunk.toString('utf8'));
    done();
  }

  /** The raw lines, as written. */
  get raw(): string[] {
    return this.text
      .join('')
      .split('\n')
      .filter((l) => l.trim().length > 0);
  }

  get lines(): Record<string, unknown>[] {
    return this.raw.map((line) => {
      const duplicates = duplicateKeys(line);
      if (duplicates.length > 0) throw new Error(`log line with duplicate key(s) ${duplicates.join(', ')}: ${line}`);
      return JSON.parse(line) as Record<string, unknown>;
    });
  }
}
