import type Redis from 'ioredis';
import type { ReplyChannel } from '../ports/reply-channel.port';
import { createRedis } from './redis-client';

/**
 * Reply channel over Redis pub/sub: one publishing connection, one subscriber connection per
 * process. Delivery is to whoever listens now — the registry says who that is.
 */
export class RedisReplyChannel implements ReplyChannel {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, (message: string) => void>();

  constructor(url: string, name: string) {
    this.publisher = createRedis(url, `${name}:pub`);
    this.subscriber = createRedis(url, `${name}:sub`);
    this.subscriber.on('message', (channel: string, message: string) => this.handlers.get(channel)?.(message));
  }

  async send(channel: string, message: string): Promise<void> {
    await this.publisher.publish(channel, message);
  }

  async listen(channel: string, handler: (message: string) => void): Promise<{ close(): Promise<void> }> {
    this.handlers.set(channel, handler);
    await this.subscriber.subscribe(channel);
    return {
      close: async () => {
        this.handlers.delete(channel);
        await this.subscriber.unsubscribe(channel);
      },
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
  }
}
