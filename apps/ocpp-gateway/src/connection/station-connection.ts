import type { WebSocket } from 'ws';
import type { Span } from '@voltlane/telemetry';
import type { OcppVersion } from '@voltlane/ocpp';
import type { StationCommandEnvelope } from '@voltlane/contracts';
import type { SecurityProfile } from '../config/gateway-config';
import type { BootStatus } from '@voltlane/messaging';
import type { FrameLog } from '../message-log/message-log-recorder';
import { BootGate } from './boot-gate';
import { TokenBucket } from './token-bucket';

const NO_FRAME_LOG: FrameLog = { record: () => undefined };

/** A CSMS→station CALL sent on this connection and not yet answered. */
export interface OutboundCall {
  command: StationCommandEnvelope;
  messageId: string;
  timer: NodeJS.Timeout;
  span: Span;
  /** Date.now() at which the call times out. */
  deadline: number;
}

/** A station CALL waiting for its one answer, with the span that covers it. */
export interface PendingCall {
  action: string;
  span: Span;
  /** performance.now() when the CALL arrived. */
  receivedAt: number;
  /** Set once the frame is durably on ocpp.inbound.v1 (acks=all): its answering service will process it. */
  published?: boolean;
}

/** One station's socket and its per-connection call state (each direction tracked apart). */
export class StationConnection {
  /** Station CALLs awaiting their answer, by message id. */
  readonly pendingCalls = new Map<string, PendingCall>();
  /** CSMS→station: one in flight, the rest queued behind it. */
  inFlight: OutboundCall | undefined;
  readonly commandQueue: StationCommandEnvelope[] = [];
  alive = true;
  closed = false;
  /** Cut off because it did not read what was sent to it (see `send`). */
  overflowed = false;
  readonly rateLimit: TokenBucket;
  readonly boot: BootGate;

  constructor(
    readonly socket: WebSocket,
    readonly stationId: string,
    readonly connectionId: string,
    readonly protocol: OcppVersion,
    readonly securityProfile: SecurityProfile,
    readonly connectedAt: string,
    rateLimit: { perSecond: number; burst: number },
    bootStatus: BootStatus | null,
    /** Bytes queued for this station beyond which it is cut off instead of buffering more. */
    private readonly maxBufferedBytes = Number.POSITIVE_INFINITY,
    /** The OCPP message log: every frame sent here and received here (by the frame handlers). */
    readonly frameLog: FrameLog = NO_FRAME_LOG,
  ) {
    this.rateLimit = new TokenBucket(rateLimit.perSecond, rateLimit.burst);
    this.boot = new BootGate(bootStatus);
  }

  /**
   * Sends a text frame if the socket is still open; false otherwise. A station that does not
   * read its socket makes the queued bytes grow: past `maxBufferedBytes` the socket is
   * terminated (no close handshake: it would queue behind the same bytes). A frame sent goes
   * to the message log with `action` (of the CALL, or of the CALL it answers) when known.
   */
  send(text: string, action: string | null = null): boolean {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return false;
    this.socket.send(text);
    this.frameLog.record(this, 'out', text, action);
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.overflowed = true;
      this.socket.terminate();
      return false;
    }
    return true;
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason);
    }
  }
}
