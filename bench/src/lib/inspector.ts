/**
 * A V8 CPU profile of a child process for just the measured window (the same data
 * `node --cpu-prof` writes, without start-up and shutdown in it): the child runs with
 * --inspect=127.0.0.1:<port> and this drives Profiler.start/stop over the DevTools protocol.
 */
import { writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { pollUntil } from './proc';

export class InspectorProfiler {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.waiting.get(message.id)?.(message.result);
    });
  }

  static async connect(port: number): Promise<InspectorProfiler> {
    let url: string | undefined;
    await pollUntil(
      async () => {
        try {
          const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(2_000) })).json()) as {
            webSocketDebuggerUrl?: string;
          }[];
          url = list[0]?.webSocketDebuggerUrl;
          return url !== undefined;
        } catch {
          return false;
        }
      },
      30_000,
      'the inspector',
    );
    const ws = new WebSocket(url as string, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new InspectorProfiler(ws);
  }

  private command(method: string, params: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`inspector ${method} timed out`)), timeoutMs);
      this.waiting.set(id, (result) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(result);
      });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  async start(samplingIntervalUs = 500): Promise<void> {
    await this.command('Profiler.enable');
    await this.command('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
    await this.command('Profiler.start');
  }

  /** Stops profiling and writes the .cpuprofile; returns its path. */
  async stop(file: string): Promise<string> {
    const result = (await this.command('Profiler.stop')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(result.profile));
    this.ws.close();
    return file;
  }
}
