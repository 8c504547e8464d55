import type { Logger } from 'pino';
import type { FrameDirection, LoggedFrame, OcppFramesBatch } from '@voltlane/contracts';
import type { EventPublisher } from '@voltlane/messaging';
import { outsideAnyTrace } from '@voltlane/telemetry';

/** GATEWAY_MESSAGE_LOG_*: how the gateway records the frames it exchanges with stations. */
export interface MessageLogConfig {
  /** `off`: nothing is recorded. */
  enabled: boolean;
  /** The buffer is published at the latest this long after its first frame. */
  flushMs: number;
  /** The buffer is published as soon as its frames reach about this size; a record's JSON above twice this is split. */
  batchBytes: number;
  /** Frames buffered or being published, in (estimated) bytes, beyond which new frames are dropped. */
  maxBufferBytes: number;
  /** A longer frame is logged cut to this many UTF-8 bytes, with `truncated: true`. */
  maxFrameBytes: number;
}

/** Why frames of the message log were dropped (the `reason` label of the metric). */
export type MessageLogDropReason = 'buffer_full' | 'publish_failed' | 'too_large';

/** Where the recorder counts what it did (GatewayStats). */
export interface MessageLogCounters {
  messageLogFrames: number;
  messageLogDropped(reason: MessageLogDropReason, frames: number): void;
}

/** The connection a frame went over. */
export interface LoggedConnection {
  readonly stationId: string;
  readonly connectionId: string;
}

/** What the connections and the frame handlers call: one array push per frame. */
export interface FrameLog {
  record(connection: LoggedConnection, direction: FrameDirection, text: string, action?: string | null): void;
}

/** The `action` of ocpp.frames.v1 is at most this long (the contract); a station's longer (invalid) action is cut. */
const MAX_ACTION_LENGTH = 64;
/** The JSON around a frame in a record (keys, connection id, time, direction): part of its estimated size. */
const FRAME_OVERHEAD_BYTES = 160;

interface Entry {
  stationId: string;
  connectionId: string;
  direction: FrameDirection;
  at: number;
  action: string | null;
  frame: string;
  truncated: boolean;
  /** Estimated bytes in a record (the frame's UTF-16 length plus the JSON around it). */
  size: number;
}

/**
 * The gateway side of the OCPP message log: frames are buffered in memory and published as one
 * `ocpp.frames.v1` record (key = the gateway instance) every `flushMs`, or as soon as the buffer
 * reaches `batchBytes`. Best effort: a record that cannot be published is dropped and counted,
 * and so are frames beyond `maxBufferBytes` (buffered plus being published); a station is never
 * held up for the log. Nothing is parsed here: callers pass the action when they know it.
 */
export class MessageLogRecorder implements FrameLog {
  private buffer: Entry[] = [];
  private bufferedBytes = 0;
  private publishingBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly publishing = new Set<Promise<void>>();
  private readonly encoder = new TextEncoder();
  private dropping = false;
  private closed = false;

  constructor(
    private readonly config: MessageLogConfig,
    private readonly publisher: EventPublisher,
    private readonly topic: string,
    private readonly gatewayInstance: string,
    private readonly counters: MessageLogCounters,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.config.enabled;
  }

  /** Frames waiting for the next record. */
  get buffered(): number {
    return this.buffer.length;
  }

  record(connection: LoggedConnection, direction: FrameDirection, text: string, action: string | null = null): void {
    if (!this.config.enabled || this.closed) return;
    const size = text.length + connection.stationId.length + FRAME_OVERHEAD_BYTES;
    if (this.bufferedBytes + this.publishingBytes + size > this.config.maxBufferBytes) {
      this.drop('buffer_full', 1);
      return;
    }
    let frame = text;
    let truncated = false;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: only long frames are measured.
    if (text.length * 3 > this.config.maxFrameBytes && Buffer.byteLength(text) > this.config.maxFrameBytes) {
      frame = this.cut(text);
      truncated = true;
    }
    this.buffer.push({
      stationId: connection.stationId,
      connectionId: connection.connectionId,
      direction,
      at: this.now(),
      action: action !== null && action.length > MAX_ACTION_LENGTH ? action.slice(0, MAX_ACTION_LENGTH) : action,
      frame,
      truncated,
      size,
    });
    this.bufferedBytes += size;
    if (this.bufferedBytes >= this.config.batchBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.config.flushMs).unref();
  }

  /** Publishes what is buffered now (one record, or more when its JSON is too large for one). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.buffer.length === 0) return;
    const entries = this.buffer;
    this.buffer = [];
    this.bufferedBytes = 0;
    this.publish(entries);
  }

  /** Publishes what is left and waits for every record being published; later frames are ignored. */
  async close(): Promise<void> {
    this.flush();
    this.closed = true;
    while (this.publishing.size > 0) await Promise.allSettled([...this.publishing]);
  }

  private publish(entries: Entry[]): void {
    const batch: OcppFramesBatch = { gatewayInstance: this.gatewayInstance, frames: entries.map(loggedFrame) };
    const value = JSON.stringify(batch);
    // The size estimate ignores escaping and multi-byte characters: a record well above it
    // (Kafka refuses records above its max.message.bytes) is split in halves.
    if (value.length * 3 > 2 * this.config.batchBytes && Buffer.byteLength(value) > 2 * this.config.batchBytes) {
      if (entries.length === 1) {
        this.drop('too_large', 1);
        return;
      }
      const half = Math.ceil(entries.length / 2);
      this.publish(entries.slice(0, half));
      this.publish(entries.slice(half));
      return;
    }
    const bytes = entries.reduce((sum, e) => sum + e.size, 0);
    this.publishingBytes += bytes;
    // A batch holds frames of many stations' traces: its record continues none of them (the flush
    // timer, or the frame that filled the buffer, would otherwise lend it that frame's trace).
    const published: Promise<void> = outsideAnyTrace(() => this.publisher.publish({ topic: this.topic, key: this.gatewayInstance, value }))
      .then(
        () => {
          this.counters.messageLogFrames += entries.length;
          this.dropping = false;
        },
        (error: unknown) => {
          this.logger.warn({ err: error, frames: entries.length }, 'message log: a record could not be published; its frames are dropped');
          this.counters.messageLogDropped('publish_failed', entries.length);
        },
      )
      .finally(() => {
        this.publishingBytes -= bytes;
        this.publishing.delete(published);
      });
    this.publishing.add(published);
  }

  /** The longest beginning of `text` that fits in maxFrameBytes of UTF-8 (never half a character). */
  private cut(text: string): string {
    const { read } = this.encoder.encodeInto(text, new Uint8Array(this.config.maxFrameBytes));
    return text.slice(0, read);
  }

  private drop(reason: MessageLogDropReason, frames: number): void {
    this.counters.messageLogDropped(reason, frames);
    if (reason === 'buffer_full' && !this.dropping) {
      this.dropping = true;
      this.logger.warn(
        { maxBufferBytes: this.config.maxBufferBytes },
        'message log: buffer full (the bus is slow or down); frames are dropped until a record is published',
      );
    }
  }
}

function loggedFrame(e: Entry): LoggedFrame {
  return {
    stationId: e.stationId,
    connectionId: e.connectionId,
    direction: e.direction,
    at: new Date(e.at).toISOString(),
    action: e.action,
    frame: e.frame,
    ...(e.truncated ? { truncated: true } : {}),
  };
}
