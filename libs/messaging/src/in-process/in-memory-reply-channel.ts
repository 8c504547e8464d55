import type { ReplyChannel } from '../ports/reply-channel.port';

/** Reply channel of the all-in-one process: a map of listeners, delivered on the next tick. */
export class InMemoryReplyChannel implements ReplyChannel {
  private readonly handlers = new Map<string, (message: string) => void>();

  async send(channel: string, message: string): Promise<void> {
    const handler = this.handlers.get(channel);
    if (handler) queueMicrotask(() => handler(message));
  }

  async listen(channel: string, handler: (message: string) => void): Promise<{ close(): Promise<void> }> {
    this.handlers.set(channel, handler);
    return { close: async () => void this.handlers.delete(channel) };
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
