import { ConfigError } from './env-reader';
import { exitOnStartFailure, runMain, stopOnSignals, type MainProcess } from './process-main';

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function fakeProcess() {
  const listeners = new Map<string, () => void>();
  const exits: number[] = [];
  let stderr = '';
  const proc = {
    on: (signal: string, listener: () => void) => listeners.set(signal, listener),
    exit: (code: number): never => {
      exits.push(code);
      throw new Exit(code);
    },
    stderr: { write: (text: string) => (stderr += text) },
  } as unknown as MainProcess;
  return { proc, listeners, exits, stderr: () => stderr };
}

const logger = () => {
  const lines: string[] = [];
  return {
    lines,
    info: (f: object, m: string) => lines.push(`info ${m} ${JSON.stringify(f)}`),
    error: (_f: object, m: string) => lines.push(`error ${m}`),
  };
};

describe('process main helpers', () => {
  it('a ConfigError exits 78 with its message; anything else 1 with "<app> failed to start"', () => {
    const a = fakeProcess();
    expect(() => exitOnStartFailure('api-edge', new ConfigError('API_EDGE_UPSTREAMS', 'is required but not set'), a.proc)).toThrow(Exit);
    expect(a.exits).toEqual([78]);
    expect(a.stderr()).toBe('Invalid configuration: API_EDGE_UPSTREAMS is required but not set\n');
    const b = fakeProcess();
    expect(() => exitOnStartFailure('api-edge', new Error('port in use'), b.proc)).toThrow(Exit);
    expect(b.exits).toEqual([1]);
    expect(b.stderr()).toMatch(/^api-edge failed to start: Error: port in use/);
  });

  it('runMain exits when the main rejects', async () => {
    const p = fakeProcess();
    runMain(
      'x',
      async () => {
        throw new ConfigError('X', 'is bad');
      },
      { ...p.proc, exit: (code: number) => (p.exits.push(code), undefined) as never },
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(p.exits).toEqual([78]);
  });

  it('stops once on the first signal, then exits 0; 1 when stopping fails', async () => {
    const ok = fakeProcess();
    const log = logger();
    let stops = 0;
    stopOnSignals(log, async () => void stops++, 'draining', {
      ...ok.proc,
      exit: (code: number) => (ok.exits.push(code), undefined) as never,
    });
    ok.listeners.get('SIGTERM')!();
    ok.listeners.get('SIGINT')!();
    await new Promise((resolve) => setImmediate(resolve));
    expect([stops, ok.exits]).toEqual([1, [0]]);
    expect(log.lines).toEqual(['info draining {"signal":"SIGTERM"}']);

    const bad = fakeProcess();
    const log2 = logger();
    stopOnSignals(log2, async () => Promise.reject(new Error('no')), 'stopping', {
      ...bad.proc,
      exit: (code: number) => (bad.exits.push(code), undefined) as never,
    });
    bad.listeners.get('SIGINT')!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(bad.exits).toEqual([1]);
    expect(log2.lines).toEqual(['info stopping {"signal":"SIGINT"}', 'error stopping failed']);
  });
});
