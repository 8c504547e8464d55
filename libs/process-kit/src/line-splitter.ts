/**
 * Cuts a stream of text chunks (decoded: `stream.setEncoding('utf8')`) into lines: a line split across chunks comes out whole, `\r\n` and
 * `\n` both end a line, and `end()` gives what is left after the last line break.
 */
export class LineSplitter {
  private rest = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  end(): void {
    if (this.rest !== '') this.onLine(this.rest);
    this.rest = '';
  }
}
