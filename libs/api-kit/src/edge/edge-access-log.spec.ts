import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { TrustedProxies } from '@voltlane/security';
import { createLogger } from '@voltlane/telemetry';
import { LogLines } from '@voltlane/testing';
import { startApiEdge, type ApiEdge } from './edge-server';
import { parseUpstreams } from './upstreams';

describe('api edge access log', () => {
  const logs = new LogLines();
  const seen: IncomingHttpHeaders[] = [];
  let upstream: Server;
  let edge: ApiEdge;

  beforeAll(async () => {
    const document = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: { '/api/v1/stations/{id}': { get: { responses: {} } } },
    };
    upstream = createServer((request, response) => {
      if (request.url !== '/docs/openapi.json') seen.push(request.headers);
      response.writeHead(request.headers['x-api-key'] === 'vl_0123456789ab_wrongwrongwrongwrongwrongwrongwrong' ? 401 : 200, {
        'content-type': 'application/json',
      });
      response.end(request.url === '/docs/openapi.json' ? JSON.stringify(document) : '{}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    edge = await startApiEdge({
      upstreams: parseUpstreams(`station=http://127.0.0.1:${(upstream.address() as AddressInfo).port}`),
      port: 0,
      host: '127.0.0.1',
      serverUrl: '/',
      refreshMs: 60_000,
      timeoutMs: 2_000,
      logger: createLogger('api-edge', 'debug', logs),
      registry: new Registry(),
      trustedProxies: new TrustedProxies(['127.0.0.1']),
    });
  });
  afterAll(async () => {
    await edge?.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  const access = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${edge.url}${path}`, { headers });
    await response.text();
    const requestId = response.headers.get('x-request-id');
    let line: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && !(line = logs.lines.find((l) => l.event === 'http.request' && l.requestId === requestId)); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    return { status: response.status, requestId, line };
  };

  it("logs the operation's template, the presented key's id and the client behind a trusted proxy; the service gets the request id", async () => {
    const key = 'vl_0123456789ab_wrongwrongwrongwrongwrongwrongwrong';
    const { status, requestId, line } = await access('/api/v1/stations/CP-77?secret=1', {
      'x-api-key': key,
      'x-forwarded-for': '198.51.100.3',
    });
    expect(status).toBe(401);
    expect(line).toMatchObject({
      level: 30,
      app: 'api-edge',
      method: 'GET',
      route: '/api/v1/stations/{id}',
      status: 401,
      duration_ms: expect.any(Number),
      keyId: '0123456789ab',
      clientAddress: '198.51.100.3',
      peerAddress: '127.0.0.1',
    });
    expect(seen.at(-1)).toMatchObject({ 'x-request-id': requestId, 'x-forwarded-for': '198.51.100.3, 127.0.0.1' });
    const text = logs.text.join('');
    for (const secret of ['wrongwrongwrong', 'CP-77', 'secret=1']) expect(text).not.toContain(secret);
  });

  it('logs its health and metrics at debug level, and the path when no operation matches', async () => {
    expect((await access('/health/ready')).line).toMatchObject({ level: 20, route: '/health/ready', status: 200 });
    expect((await access('/metrics')).line).toMatchObject({ level: 20, route: '/metrics' });
    expect((await access('/api/v1/nope')).line).toMatchObject({ level: 30, path: '/api/v1/nope', status: 404 });
    expect(() => logs.lines).not.toThrow();
  });
});
