import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Registry } from 'prom-client';
import { startApiEdge, type ApiEdge } from './edge-server';
import { ConsoleFiles } from '../console/console-files';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseUpstreams } from './upstreams';

/** A small HTTP service with an OpenAPI document, recording what reaches it; `hang` never answers (until closed). */
async function service(
  paths: Record<string, string[]>,
  answer: (request: IncomingMessage, body: string) => { status: number; body: unknown; hang?: true },
  operationId?: (method: string, path: string) => string,
) {
  const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const held: ServerResponse[] = [];
  const document = {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: Object.fromEntries(
      Object.entries(paths).map(([p, ms]) => [
        p,
        Object.fromEntries(ms.map((m) => [m, { ...(operationId ? { operationId: operationId(m, p) } : {}), responses: {} }])),
      ]),
    ),
  };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      if (request.url === '/docs/openapi.json') {
        response.writeHead(200, { 'content-type': 'application/json' });
        return void response.end(JSON.stringify(document));
      }
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      const out = answer(request, body);
      if (out.hang) return void held.push(response);
      response.writeHead(out.status, { 'content-type': 'application/json', connection: 'keep-alive', 'x-from': 'service' });
      response.end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => {
      held.forEach((response) => response.destroy());
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('api edge', () => {
  let station: Awaited<ReturnType<typeof service>>;
  let session: Awaited<ReturnType<typeof service>>;
  // Edges whose requests must be answered wait long for the services (a stalled event loop must not
  // turn an answer into a 504); `impatient` gives up soon, for the 504 of a service that never answers.
  let edge: ApiEdge;
  let impatient: ApiEdge;
  const deadPort = 1; // nothing listens on port 1
  const consoleDir = mkdtempSync(join(tmpdir(), 'edge-console-'));

  beforeAll(async () => {
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>Voltlane console</title>');
    station = await service({ '/api/v1/stations/{id}': ['get'], '/api/v1/dead-letters': ['get'] }, (r) => ({
      status: 200,
      body: { from: 'station', url: r.url },
    }));
    session = await service(
      { '/api/v1/stations/{id}/remote-start': ['post'], '/api/v1/slow': ['get'], '/api/v1/dead-letters': ['get'] },
      (r, body) =>
        r.url === '/api/v1/slow'
          ? { status: 200, body: {}, hang: true }
          : { status: 202, body: { from: 'session', got: body ? (JSON.parse(body) as unknown) : null, url: r.url } },
    );
    edge = await startApiEdge({
      upstreams: parseUpstreams(`station=${station.url},session=${session.url}`),
      port: 0,
      host: '127.0.0.1',
      serverUrl: 'https://api.example.com',
      refreshMs: 60_000,
      timeoutMs: 5_000,
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      console: ConsoleFiles.open({ dir: consoleDir, required: true }),
    });
    impatient = await startApiEdge({
      upstreams: parseUpstreams(`station=${station.url},session=${session.url}`),
      port: 0,
      host: '127.0.0.1',
      serverUrl: '/',
      refreshMs: 60_000,
      timeoutMs: 500,
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
    });
  });
  afterAll(async () => {
    await edge?.close();
    await impatient?.close();
    await station?.close();
    await session?.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it("serves the operator console at / and at its routes; /api stays the services'", async () => {
    for (const path of ['/', '/stations/CP-1']) {
      const page = await fetch(`${edge.url}${path}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Voltlane console</title>');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
    expect(await (await fetch(`${edge.url}/api/v1/stations/CP-1`)).json()).toEqual({ from: 'station', url: '/api/v1/stations/CP-1' });
    expect((await fetch(`${edge.url}/api/v1/nothing-here`)).status).toBe(404);
    expect((await fetch(`${edge.url}/`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('is ready once every service document was read, and serves the merged document', async () => {
    expect(edge.ready()).toBe(true);
    expect((await fetch(`${edge.url}/health/ready`)).status).toBe(200);
    const document = (await (await fetch(`${edge.url}/docs/openapi.json`)).json()) as {
      servers: { url: string }[];
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(document.servers[0].url).toBe('https://api.example.com');
    expect(document.paths['/api/v1/stations/{id}/remote-start'].post['x-voltlane-service']).toBe('session');
  });

  it('passes method, path, query, body and headers to the owner and its answer back', async () => {
    const response = await fetch(`${edge.url}/api/v1/stations/CP-1/remote-start?wait=1`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': 'vl_k_s',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
      body: JSON.stringify({ idToken: 'T1' }),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-from')).toBe('service');
    expect(await response.json()).toEqual({ from: 'session', got: { idToken: 'T1' }, url: '/api/v1/stations/CP-1/remote-start?wait=1' });
    const got = session.seen.at(-1)!;
    expect(got).toMatchObject({ method: 'POST', url: '/api/v1/stations/CP-1/remote-start?wait=1' });
    expect(got.headers['x-api-key']).toBe('vl_k_s');
    expect(got.headers['x-forwarded-for']).toBe('127.0.0.1');
    // the edge's own span continues the caller's trace
    expect(got.headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-/);
    expect(station.seen.some((s) => s.url.includes('remote-start'))).toBe(false);
  });

  it('sends an operation several services serve to the first listed', async () => {
    const response = await fetch(`${edge.url}/api/v1/dead-letters?status=open`);
    expect(await response.json()).toEqual({ from: 'station', url: '/api/v1/dead-letters?status=open' });
  });

  it('answers unknown operations with a problem, never passing them on', async () => {
    const response = await fetch(`${edge.url}/api/v1/unknown`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404, detail: expect.stringContaining('DELETE /api/v1/unknown') });
    const wrongMethod = await fetch(`${edge.url}/api/v1/stations/CP-1`, { method: 'PATCH', body: '{}' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });

  it('answers 504 when the owner does not answer in time', async () => {
    const response = await fetch(`${impatient.url}/api/v1/slow`);
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ code: 'service-timeout', service: 'session' });
  });

  it('answers 503 with Retry-After when the owner is unreachable, and is not ready before it was read', async () => {
    const lonely = await startApiEdge({
      upstreams: parseUpstreams(`station=${station.url},billing=http://127.0.0.1:${deadPort}`),
      port: 0,
      host: '127.0.0.1',
      serverUrl: '/',
      refreshMs: 60_000,
      timeoutMs: 5_000,
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
    });
    try {
      expect(lonely.ready()).toBe(false);
      const ready = await fetch(`${lonely.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        services: [
          { name: 'station', status: 'ok' },
          { name: 'billing', status: 'document not read yet' },
        ],
      });
      // station's operations are served meanwhile; others are "starting", not "unknown"
      expect((await fetch(`${lonely.url}/api/v1/stations/CP-1`)).status).toBe(200);
      const starting = await fetch(`${lonely.url}/api/v1/cdrs`);
      expect(starting.status).toBe(503);
      expect(starting.headers.get('retry-after')).toBe('5');
    } finally {
      await lonely.close();
    }
  });

  it('refuses to start when operationIds of two services clash, naming them', async () => {
    const one = await service(
      { '/api/v1/one': ['get'] },
      () => ({ status: 200, body: {} }),
      () => 'listThings',
    );
    const two = await service(
      { '/api/v1/two': ['get'] },
      () => ({ status: 200, body: {} }),
      () => 'listThings',
    );
    try {
      const start = startApiEdge({
        upstreams: parseUpstreams(`one=${one.url},two=${two.url}`),
        port: 0,
        host: '127.0.0.1',
        serverUrl: '/',
        refreshMs: 60_000,
        timeoutMs: 5_000,
        logger: pino({ level: 'silent' }),
        registry: new Registry(),
      });
      await expect(start).rejects.toThrow('listThings: GET /api/v1/one, GET /api/v1/two');
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('answers 503 when a known owner went away since its document was read', async () => {
    const gone = await service({ '/api/v1/gone': ['get'] }, () => ({ status: 200, body: {} }));
    const edge2 = await startApiEdge({
      upstreams: parseUpstreams(`gone=${gone.url}`),
      port: 0,
      host: '127.0.0.1',
      serverUrl: '/',
      refreshMs: 60_000,
      timeoutMs: 5_000,
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
    });
    try {
      await gone.close();
      const response = await fetch(`${edge2.url}/api/v1/gone`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 'service-unavailable', service: 'gone' });
    } finally {
      await edge2.close();
    }
  });

  it('streams an answer chunk by chunk and lets it run past the timeout once its head arrived (server-sent events)', async () => {
    const document = { openapi: '3.0.0', info: { title: 't', version: '1' }, paths: { '/api/v1/events': { get: { responses: {} } } } };
    const chunks = ['retry: 3000\n\n', 'id: 1\nevent: a\ndata: {}\n\n', ': keep-alive\n\n', 'id: 2\nevent: b\ndata: {}\n\n'];
    const timeoutMs = 2_000;
    const silenceMs = 2_500; // before the second chunk: longer than the edge's timeout
    // The service writes each next chunk only once the client has read the ones before (or, should
    // they never arrive, after a fallback, noting so): each chunk must reach the client as it is sent.
    const read: (() => void)[] = [];
    const wasRead = chunks.map((_, i) => new Promise<void>((resolve) => (read[i] = resolve)));
    const whyWritten: string[] = [];
    const readOrFallback = (i: number) =>
      new Promise<string>((resolve) => {
        const fallback = setTimeout(() => resolve(`chunk ${i} not read`), 5_000);
        void wasRead[i].then(() => {
          clearTimeout(fallback);
          resolve(`chunk ${i} read`);
        });
      });
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const streaming = createServer((request, response) => {
      if (request.url === '/docs/openapi.json') {
        response.writeHead(200, { 'content-type': 'application/json' });
        return void response.end(JSON.stringify(document));
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chunks[0]); // the head goes with the first chunk, at once
      void (async () => {
        for (let i = 1; i < chunks.length; i++) {
          whyWritten.push(await readOrFallback(i - 1));
          if (i === 1) await pause(silenceMs);
          response.write(chunks[i]);
        }
        response.end();
      })();
    });
    await new Promise<void>((resolve) => streaming.listen(0, '127.0.0.1', () => resolve()));
    const edge3 = await startApiEdge({
      upstreams: parseUpstreams(`report=http://127.0.0.1:${(streaming.address() as AddressInfo).port}`),
      port: 0,
      host: '127.0.0.1',
      serverUrl: '/',
      refreshMs: 60_000,
      timeoutMs,
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
    });
    try {
      const response = await fetch(`${edge3.url}/api/v1/events`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      // A read may hold any part of the stream: what counts is the text, and when each chunk was complete.
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const readAt: number[] = [];
      for (let part = await reader.read(); !part.done; part = await reader.read()) {
        text += decoder.decode(part.value, { stream: true });
        for (let i = readAt.length; i < chunks.length && text.startsWith(chunks.slice(0, i + 1).join('')); i++) {
          readAt.push(Date.now());
          read[i]();
        }
      }
      expect(text).toBe(chunks.join(''));
      // each chunk reached the client before the next one was sent (nothing is buffered until the end)
      expect(whyWritten).toEqual(['chunk 0 read', 'chunk 1 read', 'chunk 2 read']);
      // the stream lived on through a silence longer than the edge's timeout
      expect(readAt[1] - readAt[0]).toBeGreaterThan(timeoutMs);
    } finally {
      await edge3.close();
      await new Promise<void>((resolve) => streaming.close(() => resolve()));
    }
  });
});
