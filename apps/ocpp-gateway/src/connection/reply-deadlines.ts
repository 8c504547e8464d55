import type { StationConnection } from './station-connection';

interface Deadline {
  connection: StationConnection;
  messageId: string;
  at: number;
}

/**
 * Deadlines of station CALLs waiting for their answer. Every CALL gets the same timeout, so
 * deadlines arrive in order: a FIFO swept by one timer replaces a timer per CALL.
 */
export class ReplyDeadlines {
  private queue: Deadline[] = [];
  private head = 0;

  constructor(
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  add(connection: StationConnection, messageId: string): void {
    this.queue.push({ connection, messageId, at: this.now() + this.timeoutMs });
  }

  /** Calls `expire` for each CALL past its deadline that is still pending. */
  sweep(expire: (connection: StationConnection, messageId: string) => void): void {
    const now = this.now();
    while (this.head < this.queue.length && this.queue[this.head].at <= now) {
      const { connection, messageId } = this.queue[this.head++];
      if (!connection.closed && connection.pendingCalls.has(messageId)) expire(connection, messageId);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  get size(): number {
    return this.queue.length - this.head;
  }
}
