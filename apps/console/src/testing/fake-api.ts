/**
 * The operator API as a component test sets it up: answers by method and path, every request
 * recorded, and a live event stream the test writes to. (The browser tests run the real API.)
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Headers;
}

/** A JSON body, a Reply, or a function (request, match) giving one. */
type Answer = unknown;

/** A JSON answer with a status other than 200 (a problem, 201, 204). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
  ) {}
}

export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: { method: string; pattern: RegExp; answer: Answer }[] = [];
  private readonly streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  private readonly encoder = new TextEncoder();

  constructor(readonly scope: 'read' | 'write' | 'admin' = 'admin') {
    this.on('GET', '/api/v1/api-keys/current', () => ({ id: 'k1', scope: this.scope }));
  }

  /** Answers `method` on paths matching `path` (a string matches exactly; a RegExp as given). Later routes win. */
  on(method: string, path: string | RegExp, answer: Answer): this {
    const pattern = typeof path === 'string' ? new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : path;
    this.routes.unshift({ method, pattern, answer });
    return this;
  }

  /** The requests to `path` (and `method`), in order. */
  calls(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  /** Sends a live event to every open GET /api/v1/events stream. */
  emit(name: string, data: unknown): void {
    const chunk = this.encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    for (const controller of this.streams) controller.enqueue(chunk);
  }

  /** Open event streams. */
  get liveStreams(): number {
    return this.streams.size;
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(typeof input === 'string' ? input : input.toString(), init);
    const url = new URL(request.url);
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    const recorded: RecordedRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      body: text ? JSON.parse(text) : undefined,
      headers: request.headers,
    };
    this.requests.push(recorded);
    if (recorded.headers.get('x-api-key') === null) return json(401, { title: 'Unauthorized', detail: 'An API key is required' });
    if (url.pathname === '/api/v1/events') return this.eventStream(request.signal);
    for (const route of this.routes) {
      const match = route.method === request.method ? url.pathname.match(route.pattern) : null;
      if (!match) continue;
      const answer =
        typeof route.answer === 'function'
          ? (route.answer as (r: RecordedRequest, m: RegExpMatchArray) => unknown)(recorded, match)
          : route.answer;
      if (answer instanceof Reply)
        return answer.body === undefined ? new Response(null, { status: answer.status }) : json(answer.status, answer.body);
      return json(200, answer);
    }
    return json(404, { title: 'Not Found', detail: `No fake answer for ${request.method} ${url.pathname}` });
  };

  private eventStream(signal: AbortSignal): Response {
    let own: ReadableStreamDefaultController<Uint8Array> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        own = controller;
        this.streams.add(controller);
        controller.enqueue(this.encoder.encode('retry: 3000\n\n'));
      },
      cancel: () => void (own && this.streams.delete(own)),
    });
    signal.addEventListener('abort', () => {
      if (!own) return;
      this.streams.delete(own);
      try {
        own.error(new DOMException('aborted', 'AbortError'));
      } catch {
        /* already closed */
      }
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

/** A list answer of the operator API. */
export function pageOf<T>(items: T[], limit = 50, offset = 0): { items: T[]; total: number; limit: number; offset: number } {
  return { items, total: items.length, limit, offset };
}
