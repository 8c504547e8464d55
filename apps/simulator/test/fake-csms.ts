import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ocppValidator, type OcppVersion } from '@voltlane/ocpp';

/**
 * The least time a call or a wait is given before it fails. The specs pass 2–5 s for things that
 * take milliseconds; a 2-core CI machine running three Jest workers beside the servers once
 * starved a simulated station for longer than that (six failures in one run, none since). A
 * passing wait returns as soon as its condition holds, so the floor costs nothing when green.
 */
const LOADED_MACHINE_FLOOR_MS = 15_000;

export type Frame = unknown[];

export interface Recorded {
  stationId: string;
  protocol: OcppVersion;
  direction: 'toCsms' | 'toStation';
  frame: Frame;
  at: number;
}

interface Connection {
  ws: WebSocket;
  protocol: OcppVersion;
  /** Id and action of the CALL the CSMS has outstanding on this connection. */
  waiting: Map<string, { action: string; resolve: (f: Frame) => void }>;
  /** CALLs from the station awaiting our answer (to check one outstanding CALL per direction). */
  stationOutstanding: number;
}

/**
 * A tiny in-test CSMS on a real WebSocket server: answers station CALLs with valid payloads
 * (Boot status configurable), sends CSMS CALLs, records every frame, and checks each frame
 * the stations send against the schemas of its version.
 */
export class FakeCsms {
  readonly frames: Recorded[] = [];
  readonly schemaProblems: string[] = [];
  readonly connections = new Map<string, Connection>();
  maxStationOutstanding = 0;
  bootStatus: 'Accepted' | 'Pending' | 'Rejected' = 'Accepted';
  bootInterval = 60;
  /** Delay before answering a station CALL (ms). */
  answerDelayMs = 0;
  /** Station CALLs of these actions are never answered (to provoke time-outs). */
  readonly ignore = new Set<string>();
  /** Station CALLs of an action answered with a CALLERROR (InternalError) this many more times. */
  readonly failNext = new Map<string, number>();
  private nextTransactionId = 1;
  private nextCallId = 1;

  private constructor(
    private readonly server: WebSocketServer,
    readonly port: number,
  ) {
    server.on('connection', (ws, request) => this.onConnection(ws, request.url ?? ''));
  }

  static start(): Promise<FakeCsms> {
    return new Promise((resolve) => {
      const server = new WebSocketServer({
        port: 0,
        host: '127.0.0.1',
        handleProtocols: (protocols) => [...protocols][0] ?? false,
      });
      server.on('listening', () => resolve(new FakeCsms(server, (server.address() as AddressInfo).port)));
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/ocpp`;
  }

  /** Frames the stations sent (CALLs by action when given). */
  fromStations(stationId?: string, action?: string): Frame[] {
    return this.frames
      .filter(
        (r) =>
          r.direction === 'toCsms' && (!stationId || r.stationId === stationId) && (!action || (r.frame[0] === 2 && r.frame[2] === action)),
      )
      .map((r) => r.frame);
  }

  /** Sends a CSMS CALL to a station and resolves with its answer frame (see LOADED_MACHINE_FLOOR_MS for the time-out). */
  call(stationId: string, action: string, payload: Record<string, unknown>, timeoutMs = 5_000): Promise<Frame> {
    timeoutMs = Math.max(timeoutMs, LOADED_MACHINE_FLOOR_MS);
    const connection = this.connections.get(stationId);
    if (!connection) return Promise.reject(new Error(`${stationId} is not connected`));
    const request = ocppValidator.validateRequest(connection.protocol, action, payload);
    if (!request.ok && !action.startsWith('Unknown'))
      return Promise.reject(new Error(`test sends an invalid ${action}: ${request.message}`));
    const id = `csms-${this.nextCallId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${stationId} did not answer ${action}`)), timeoutMs);
      connection.waiting.set(id, {
        action,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
      this.send(stationId, connection, [2, id, action, payload]);
    });
  }

  /** Closes a station's socket from the server side. */
  drop(stationId: string): void {
    this.connections.get(stationId)?.ws.terminate();
  }

  async waitFor(predicate: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + Math.max(timeoutMs, LOADED_MACHINE_FLOOR_MS);
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): Promise<void> {
    for (const c of this.connections.values()) c.ws.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(ws: WebSocket, url: string): void {
    const stationId = decodeURIComponent(url.split('/').pop() ?? '');
    const connection: Connection = { ws, protocol: ws.protocol as OcppVersion, waiting: new Map(), stationOutstanding: 0 };
    this.connections.set(stationId, connection);
    ws.on('message', (data: Buffer) => this.onFrame(stationId, connection, JSON.parse(data.toString('utf8')) as Frame));
    ws.on('close', () => {
      if (this.connections.get(stationId) === connection) this.connections.delete(stationId);
    });
  }

  private onFrame(stationId: string, connection: Connection, frame: Frame): void {
    this.frames.push({ stationId, protocol: connection.protocol, direction: 'toCsms', frame, at: Date.now() });
    const [type, id] = frame as [number, string];
    if (type === 2) {
      const action = frame[2] as string;
      const payload = frame[3];
      const check = ocppValidator.validateRequest(connection.protocol, action, payload);
      if (!check.ok) this.schemaProblems.push(`${connection.protocol} ${action} request: ${check.message} ${JSON.stringify(payload)}`);
      connection.stationOutstanding++;
      this.maxStationOutstanding = Math.max(this.maxStationOutstanding, connection.stationOutstanding);
      if (this.ignore.has(action)) return;
      const failures = this.failNext.get(action) ?? 0;
      if (failures > 0) this.failNext.set(action, failures - 1);
      const reply = (): void => {
        connection.stationOutstanding--;
        this.send(
          stationId,
          connection,
          failures > 0 ? [4, id, 'InternalError', 'fake outage', {}] : [3, id, this.answer(connection.protocol, action)],
        );
      };
      if (this.answerDelayMs > 0) setTimeout(reply, this.answerDelayMs);
      else reply();
      return;
    }
    const waiting = connection.waiting.get(id);
    if (!waiting) return;
    connection.waiting.delete(id);
    if (type === 3) {
      const check = ocppValidator.validateResponse(connection.protocol, waiting.action, frame[2]);
      if (!check.ok)
        this.schemaProblems.push(`${connection.protocol} ${waiting.action} response: ${check.message} ${JSON.stringify(frame[2])}`);
    } else if (type === 4) {
      if (frame.length !== 5 || typeof frame[2] !== 'string' || typeof frame[3] !== 'string')
        this.schemaProblems.push(`bad CALLERROR ${JSON.stringify(frame)}`);
    }
    waiting.resolve(frame);
  }

  private send(stationId: string, connection: Connection, frame: Frame): void {
    this.frames.push({ stationId, protocol: connection.protocol, direction: 'toStation', frame, at: Date.now() });
    connection.ws.send(JSON.stringify(frame));
  }

  private answer(protocol: OcppVersion, action: string): Record<string, unknown> {
    const now = new Date().toISOString();
    const v16 = protocol === 'ocpp1.6';
    switch (action) {
      case 'BootNotification':
        return { status: this.bootStatus, currentTime: now, interval: this.bootInterval };
      case 'Heartbeat':
        return { currentTime: now };
      case 'Authorize':
        return v16 ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } };
      case 'StartTransaction':
        return { transactionId: this.nextTransactionId++, idTagInfo: { status: 'Accepted' } };
      case 'StopTransaction':
        return { idTagInfo: { status: 'Accepted' } };
      case 'TransactionEvent':
        return {};
      case 'DataTransfer':
        return { status: 'Accepted' };
      default:
        return {};
    }
  }
}
