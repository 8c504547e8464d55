import type { Logger } from 'pino';
import { SSE_KEEP_ALIVE, sseEventText, sseStreamStart, type LiveEvent, type LiveEventName } from '../domain/live-events';

/** Where one client's stream is written (the HTTP response). */
export interface LiveSink {
  /** Writes the text; false when the client has not taken what was written before (wait for `drained`). */
  write(text: string): boolean;
  /** Ends the stream after what was written (service closing). */
  end(): void;
  /** Drops the stream at once, with whatever is still buffered (a client too slow to keep up). */
  destroy(): void;
}

/** Which events a client wants; an absent set means every one. */
export interface LiveFilter {
  stationIds?: ReadonlySet<string>;
  names?: ReadonlySet<LiveEventName>;
}

export interface LiveHubOptions {
  /** Events one client may have waiting (its socket full); one more and its stream is dropped. */
  queueLimit: number;
  /** Between two `: keep-alive` comments on every stream. */
  keepAliveMs: number;
  /** The `retry:` a stream starts with: how long a client waits before it reconnects. */
  retryMs: number;
  logger: Logger;
}

/** One connected client: its filter, and the events its socket has not taken yet. */
export class LiveClient {
  private readonly queue: string[] = [];
  /** The sink refused more (its buffer is full): events queue until it drains. */
  private blocked = false;
  private open = true;

  constructor(
    private readonly sink: LiveSink,
    private readonly filter: LiveFilter,
    private readonly limit: number,
    private readonly onClosed: (client: LiveClient, slow: boolean) => void,
  ) {}

  wants(event: LiveEvent): boolean {
    const { stationIds, names } = this.filter;
    return (!names || names.has(event.name)) && (!stationIds || stationIds.has(event.data.stationId));
  }

  /** Writes the text, or queues it while the socket is full; a full queue drops the client. */
  send(text: string): void {
    if (!this.open) return;
    if (!this.blocked) {
      this.blocked = !this.sink.write(text);
      return;
    }
    if (this.queue.length >= this.limit) {
      this.drop(true);
      this.sink.destroy();
      return;
    }
    this.queue.push(text);
  }

  /** A comment that keeps the stream alive; skipped while events wait (they will do). */
  keepAlive(): void {
    if (this.open && !this.blocked) this.blocked = !this.sink.write(SSE_KEEP_ALIVE);
  }

  /** The socket took what it had: writes the queued events until it is full again. */
  drained(): void {
    this.blocked = false;
    let next: string | undefined;
    while (this.open && !this.blocked && (next = this.queue.shift()) !== undefined) this.blocked = !this.sink.write(next);
  }

  /** The client went away (the connection closed): forgets it. */
  gone(): void {
    this.drop(false);
  }

  /** Ends the stream (service closing). */
  end(): void {
    if (!this.open) return;
    this.drop(false);
    this.sink.end();
  }

  /** Events waiting for the socket. */
  get queued(): number {
    return this.queue.length;
  }

  private drop(slow: boolean): void {
    if (!this.open) return;
    this.open = false;
    this.queue.length = 0;
    this.onClosed(this, slow);
  }
}

/**
 * The report-service process's live event hub: every event the live consumer hands it gets the
 * next id of this process and goes to each connected client whose filter takes it. Never blocks
 * and never holds more than `queueLimit` events per client: a client that cannot keep up is
 * dropped (it reconnects and reads the overview again). `stop` ends every stream.
 */
export class LiveHub {
  private readonly clients = new Set<LiveClient>();
  private lastId = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Clients dropped for being too slow since start (for logs and tests). */
  droppedSlow = 0;

  constructor(private readonly options: LiveHubOptions) {}

  /** Whether anyone listens: with no client the consumer does not even parse its records. */
  get listening(): boolean {
    return this.clients.size > 0;
  }

  /** False once the hub stopped (the service is closing): no new stream starts. */
  get open(): boolean {
    return !this.closed;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Adds a client and starts its stream; undefined once the hub is closed (the service is stopping). */
  attach(sink: LiveSink, filter: LiveFilter = {}): LiveClient | undefined {
    if (this.closed) return undefined;
    const client = new LiveClient(sink, filter, this.options.queueLimit, (c, slow) => this.detach(c, slow));
    this.clients.add(client);
    client.send(sseStreamStart(this.options.retryMs));
    return client;
  }

  publish(event: LiveEvent): void {
    if (this.clients.size === 0) return;
    const id = ++this.lastId;
    let text: string | undefined;
    for (const client of this.clients) {
      if (!client.wants(event)) continue;
      text ??= sseEventText(id, event);
      client.send(text);
    }
  }

  start(): void {
    this.timer = setInterval(() => {
      for (const client of this.clients) client.keepAlive();
    }, this.options.keepAliveMs);
    this.timer.unref();
  }

  /** Ends every stream and refuses new ones. */
  stop(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const client of [...this.clients]) client.end();
  }

  private detach(client: LiveClient, slow: boolean): void {
    this.clients.delete(client);
    if (slow) {
      this.droppedSlow++;
      this.options.logger.warn(
        { queueLimit: this.options.queueLimit, clients: this.clients.size },
        'live events: a client did not keep up; its stream was dropped',
      );
    }
  }
}
