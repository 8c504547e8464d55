import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { waitFor } from '@voltlane/testing';

/** One server-sent event as the client parsed it. */
export interface SseEvent {
  id: number;
  event: string;
  data: Record<string, unknown>;
}

/**
 * A server-sent-events client over node:http (so a test can stop reading and let the socket fill,
 * as a slow client does): collects the raw text and parses it into events, comments and `retry`.
 */
export class SseTestClient {
  text = '';
  /** The stream ended (the server ended it) or broke (the server dropped it). */
  ended = false;
  broken = false;

  private constructor(
    private readonly request: ClientRequest,
    readonly response: IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (this.text += chunk));
    response.on('end', () => (this.ended = true));
    response.on('aborted', () => (this.broken = true));
    response.on('error', () => (this.broken = true));
    response.on('close', () => {
      if (!this.ended) this.broken = true;
    });
    request.on('error', () => (this.broken = true));
  }

  /** Opens the stream; resolves once the response head arrived. */
  static open(url: string, headers: Record<string, string> = {}): Promise<SseTestClient> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) =>
        resolve(new SseTestClient(request, response)),
      );
      request.on('error', reject);
      request.end();
    });
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  /** Complete blocks (`\n\n`-terminated) received so far. */
  private blocks(): string[] {
    return this.text.split('\n\n').slice(0, -1);
  }

  events(): SseEvent[] {
    return this.blocks()
      .filter((b) => b.startsWith('id: '))
      .map((block) => {
        const field = (name: string) =>
          block
            .split('\n')
            .find((l) => l.startsWith(`${name}: `))
            ?.slice(name.length + 2) ?? '';
        return { id: Number(field('id')), event: field('event'), data: JSON.parse(field('data')) as Record<string, unknown> };
      });
  }

  comments(): string[] {
    return this.blocks().filter((b) => b.startsWith(':'));
  }

  /** Stops reading: the socket's buffers fill up and the server's writes back up. */
  pause(): void {
    this.response.pause();
  }

  resume(): void {
    this.response.resume();
  }

  async waitForEvents(count: number, timeoutMs = 10_000): Promise<SseEvent[]> {
    await waitFor(() => this.events().length >= count, { timeoutMs, message: `${count} events (got ${this.events().length})` });
    return this.events();
  }

  /** Closes the connection from the client's side. */
  close(): void {
    this.request.destroy();
  }
}
