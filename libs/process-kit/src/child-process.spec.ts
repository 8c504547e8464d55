import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProc, type OutputStream } from './child-process';
import { LineSplitter } from './line-splitter';

describe('LineSplitter', () => {
  it.each([
    { name: 'whole lines', chunks: ['a\nb\n'], lines: ['a', 'b'] },
    { name: 'lines across chunks', chunks: ['par', 'tial\nne', 'xt\n'], lines: ['partial', 'next'] },
    { name: 'CRLF, and a last line without a break', chunks: ['crlf\r\n', 'end without break'], lines: ['crlf', 'end without break'] },
    { name: 'empty lines', chunks: ['\n\n'], lines: ['', ''] },
  ])('$name', ({ chunks, lines }) => {
    const seen: string[] = [];
    const splitter = new LineSplitter((line) => seen.push(line));
    for (const chunk of chunks) splitter.push(chunk);
    splitter.end();
    expect(seen).toEqual(lines);
  });
});

describe('ChildProc (real node processes)', () => {
  const cwd = process.cwd();

  it('hands over every line of stdout and stderr, then the exit code', async () => {
    const lines: [OutputStream, string][] = [];
    const script =
      "process.stdout.write('one\\ntw'); setTimeout(() => { process.stdout.write('o\\n'); console.error('oops'); process.exit(3); }, 20);";
    const proc = new ChildProc({
      name: 'lines',
      args: ['-e', script],
      env: {},
      cwd,
      output: { lines: (l, s) => lines.push([s, l]) },
    }).start();
    expect(proc.pid).toBeGreaterThan(0);
    expect(await proc.waitExit()).toEqual({ code: 3, signal: null });
    expect(proc.exited).toBe(true);
    // Each stream in order (stdout and stderr are two pipes: no order between them).
    expect(lines.filter(([s]) => s === 'stdout').map(([, l]) => l)).toEqual(['one', 'two']);
    expect(lines.filter(([s]) => s === 'stderr').map(([, l]) => l)).toEqual(['oops']);
  });

  it('appends to a log file across restarts; logText is the current run', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'process-kit-')), 'logs', 'app.log');
    const proc = new ChildProc({
      name: 'file',
      args: ['-e', 'console.log(process.env.RUN)'],
      env: { RUN: 'first' },
      cwd,
      output: { file },
    });
    await proc.start().waitExit();
    proc.spec.env = { RUN: 'second' };
    await proc.start().waitExit();
    expect(readFileSync(file, 'utf8')).toBe('first\nsecond\n');
    expect(proc.logText()).toBe('second\n');
    expect(proc.logFile).toBe(file);
  });

  it('stop: the signal first, SIGKILL when the child outlives the time-out', async () => {
    const ready = new Set<string>();
    const child = (name: string, onTerm: string) =>
      new ChildProc({
        name,
        args: ['-e', `process.on('SIGTERM', () => { ${onTerm} }); console.log('ready'); setInterval(() => {}, 1000);`],
        env: {},
        cwd,
        output: { lines: (line) => line === 'ready' && ready.add(name) },
      }).start();
    const graceful = child('graceful', 'process.exit(0);');
    const stubborn = child('stubborn', '');
    // both have installed their SIGTERM handlers
    for (let i = 0; ready.size < 2 && i < 300; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await graceful.stop('SIGTERM', 10_000)).toEqual({ code: 0, signal: null });
    expect(await stubborn.stop('SIGTERM', 300)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await stubborn.stop()).toBeNull();
    expect(stubborn.signal('SIGTERM')).toBe(false);
  });

  it('passes only the given environment with inheritEnv: false', async () => {
    const lines: string[] = [];
    const proc = new ChildProc({
      name: 'env',
      args: ['-e', 'console.log(Object.keys(process.env).filter((k) => k === "ONLY" || k === "PATH").join(","))'],
      env: { ONLY: '1' },
      inheritEnv: false,
      cwd,
      output: { lines: (l) => lines.push(l) },
    });
    await proc.start().waitExit();
    expect(lines).toEqual(['ONLY']);
  });
});
