import { randomUUID } from 'node:crypto';
import WebSocket, { type ClientOptions } from 'ws';

export type Frame = unknown[];

const SOCKET_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const;

/** A real WebSocket client that plays a charging station in integration tests. */
export class TestStation {
  readonly frames: Frame[] = [];
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void; reject: (e: Error) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Calls the CSMS sent this station, answered by `onCall` if set (null: it answers later itself, with `sendRaw`). */
  onCall: ((action: string, payload: Record<string, unknown>, id: string) => unknown[] | null | undefined) | undefined;

  private constructor(
    readonly socket: WebSocket,
    readonly protocol: string,
  ) {
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`connection closed (${code})`));
        resolve({ code, reason: reason.toString() });
      }),
    );
    socket.on('message', (data: Buffer) => this.onMessage(data.toString('utf8')));
  }

  /** Connects; rejects with the HTTP status when the handshake is refused. */
  static connect(url: string, protocols: string[], options: ClientOptions = {}): Promise<TestStation> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, protocols, { handshakeTimeout: 5_000, ...options });
      socket.once('open', () => resolve(new TestStation(socket, socket.protocol)));
      socket.once('unexpected-response', (_req, res) => {
        reject(new HandshakeRefused(res.statusCode ?? 0));
        socket.terminate();
      });
      socket.once('error', reject);
    });
  }

  sendRaw(text: string | Buffer, binary = false): void {
    this.socket.send(text, { binary });
  }

  /** Sends a CALL and resolves with the answer frame (CALLRESULT or CALLERROR). */
  async call(action: string, payload: unknown, id: string = randomUUID()): Promise<Frame> {
    const answer = this.next((f) => (f[0] === 3 || f[0] === 4) && f[1] === id);
    this.sendRaw(JSON.stringify([2, id, action, payload]));
    return answer.catch((error: Error) => {
      throw new Error(`${action} ${id} unanswered (socket ${SOCKET_STATES[this.socket.readyState]}): ${error.message}`);
    });
  }

  /** Resolves with the next frame matching `match` (already received ones count). */
  next(match: (f: Frame) => boolean = () => true, timeoutMs = 10_000): Promise<Frame> {
    const index = this.frames.findIndex(match);
    if (index >= 0) return Promise.resolve(this.frames.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (f: Frame) => (clearTimeout(timer), resolve(f)),
        reject: (e: Error) => (clearTimeout(timer), reject(e)),
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching frame within ${timeoutMs} ms; received: ${JSON.stringify(this.frames).slice(0, 500)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000);
    return this.closed;
  }

  private onMessage(text: string): void {
    let frame: Frame;
    try {
      frame = JSON.parse(text) as Frame;
    } catch {
      frame = ['unparseable', text];
    }
    if (frame[0] === 2 && this.onCall) {
      const answer = this.onCall(String(frame[2]), frame[3] as Record<string, unknown>, String(frame[1]));
      if (answer === null) return;
      if (answer) {
        this.sendRaw(JSON.stringify(answer));
        return;
      }
    }
    const waiter = this.waiters.find((w) => w.match(frame));
    if (waiter) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(frame);
    } else {
      this.frames.push(frame);
    }
  }
}

export class HandshakeRefused extends Error {
  constructor(readonly status: number) {
    super(`handshake refused with HTTP ${status}`);
  }
}

export function basicAuth(username: string, password: string | Buffer): Record<string, string> {
  const raw = Buffer.concat([Buffer.from(`${username}:`), typeof password === 'string' ? Buffer.from(password) : password]);
  return { Authorization: `Basic ${raw.toString('base64')}` };
}
