import { request as httpRequest } from 'node:http';
import { Controller, Get, Module, Param, Post } from '@nestjs/common';
import { Registry } from 'prom-client';
import { TrustedProxies } from '@voltlane/security';
import { createLogger, startTelemetry, type Telemetry } from '@voltlane/telemetry';
import { LogLines, infraEnv, uniqueName } from '@voltlane/testing';
import { ApiKeyStore, apiKeyId } from '../keys/api-key-store';
import { startHttpApi, type HttpApi } from './http-api';
import { apiKeySecret } from '../keys/api-key-store';

@Controller('api/v1/widgets')
class WidgetsController {
  @Get(':widgetId')
  one(@Param('widgetId') widgetId: string): { widgetId: string } {
    return { widgetId };
  }

  @Post(':widgetId/polish')
  polish(): { ok: boolean } {
    return { ok: true };
  }
}
@Module({ controllers: [WidgetsController] })
class WidgetsModule {}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('operator API logs: access log and security events', () => {
  const logs = new LogLines();
  let keys: ApiKeyStore;
  let api: HttpApi;
  let readKey: string;
  let telemetry: Telemetry;

  beforeAll(async () => {
    // As every process starts: the trace context (nothing exported).
    telemetry = startTelemetry({ serviceName: 'spec', env: {} });
    keys = await ApiKeyStore.open(infraEnv().databaseUrl, uniqueName('iam'));
    readKey = (await keys.create('reader', 'read')).key;
    api = await startHttpApi({
      modules: [{ module: WidgetsModule }],
      port: 0,
      host: '0.0.0.0',
      keys,
      logger: createLogger('spec', 'debug', logs).child({ component: 'http' }),
      registry: new Registry(),
      readiness: [],
      trustedProxies: new TrustedProxies(['127.0.0.1']),
    });
  });
  afterAll(async () => {
    await api?.close();
    await keys?.close();
    await telemetry?.shutdown();
  });

  /** A request from `localAddress` (127.0.0.1, the trusted proxy, unless said); resolves once its access line is logged. */
  async function send(
    method: string,
    path: string,
    headers: Record<string, string> = {},
    localAddress = '127.0.0.1',
  ): Promise<{ status: number; requestId: string; access: Record<string, unknown> }> {
    const answer = await new Promise<{ status: number; requestId: string }>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port: api.port, method, path, headers, localAddress }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, requestId: String(response.headers['x-request-id']) }));
      });
      request.on('error', reject);
      request.end();
    });
    const access = () => logs.lines.find((l) => l.event === 'http.request' && l.requestId === answer.requestId);
    for (let i = 0; i < 100 && !access(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    return { ...answer, access: access()! };
  }
  const securityEvents = (requestId: string) => logs.lines.filter((l) => l.event === 'security.auth_failed' && l.requestId === requestId);

  it('logs each request once: method, route template, status, duration, key id, client address, request and trace id', async () => {
    const { status, requestId, access } = await send('GET', '/api/v1/widgets/w-4711?colour=red', {
      'x-api-key': readKey,
      traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`,
    });
    expect(status).toBe(200);
    expect(access).toEqual({
      level: 30,
      time: expect.any(String),
      app: 'spec',
      component: 'http',
      event: 'http.request',
      method: 'GET',
      route: '/api/v1/widgets/:widgetId',
      status: 200,
      duration_ms: expect.any(Number),
      keyId: apiKeyId(readKey),
      clientAddress: '127.0.0.1',
      requestId,
      traceId: TRACE_ID,
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
      msg: 'GET /api/v1/widgets/:widgetId 200',
    });
    expect(logs.lines.filter((l) => l.requestId === requestId && l.event === 'http.request')).toHaveLength(1);
    const text = logs.text.join('');
    expect(text).not.toContain('w-4711');
    expect(text).not.toContain('colour');
  });

  it('takes the client address from X-Forwarded-For of a trusted proxy, and ignores it from anyone else', async () => {
    const viaProxy = await send('GET', '/api/v1/widgets/1', { 'x-api-key': readKey, 'x-forwarded-for': '1.1.1.1, 198.51.100.7' });
    expect(viaProxy.access).toMatchObject({ clientAddress: '198.51.100.7', peerAddress: '127.0.0.1' });
    const direct = await send('GET', '/api/v1/widgets/1', { 'x-api-key': readKey, 'x-forwarded-for': '198.51.100.7' }, '127.0.0.9');
    expect(direct.access).toMatchObject({ clientAddress: '127.0.0.9' });
    expect(direct.access).not.toHaveProperty('peerAddress');
  });

  it('keeps a sane X-Request-Id and replaces any other', async () => {
    expect((await send('GET', '/health/live', { 'x-request-id': 'edge-1234.5' })).requestId).toBe('edge-1234.5');
    expect((await send('GET', '/health/live', { 'x-request-id': 'a b' })).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['no key', {}, 401, 'no API key', false],
    [
      'a key of the right form that is not valid',
      { authorization: 'Bearer vl_0123456789ab_thisIsNotTheSecretOfAnyKey0123456789' },
      401,
      'unknown, revoked or wrong API key',
      true,
    ],
    ['a malformed key', { 'x-api-key': 'let-me-in-please' }, 401, 'malformed API key', false],
  ])('logs %s as a security event (never the key) beside the access line', async (_name, headers, status, reason, withKeyId) => {
    const answer = await send('GET', '/api/v1/widgets/7', headers, '127.0.0.1');
    expect(answer.status).toBe(status);
    const [event] = securityEvents(answer.requestId);
    expect(event).toMatchObject({
      level: 40,
      status,
      reason,
      method: 'GET',
      route: '/api/v1/widgets/:widgetId',
      clientAddress: '127.0.0.1',
    });
    if (withKeyId) expect(event.keyId).toBe('0123456789ab');
    else expect(event).not.toHaveProperty('keyId');
    expect(answer.access).toMatchObject({ status });
    expect(answer.access).not.toHaveProperty('keyId');
    const text = logs.text.join('');
    for (const secret of ['thisIsNotTheSecretOfAnyKey0123456789', 'let-me-in-please']) expect(text).not.toContain(secret);
  });

  it('logs a key without the scope (403) with its id and the client behind the proxy', async () => {
    const answer = await send('POST', '/api/v1/widgets/7/polish', { 'x-api-key': readKey, 'x-forwarded-for': '203.0.113.5' });
    expect(answer.status).toBe(403);
    expect(securityEvents(answer.requestId)).toEqual([
      expect.objectContaining({
        status: 403,
        keyId: apiKeyId(readKey),
        clientAddress: '203.0.113.5',
        peerAddress: '127.0.0.1',
        route: '/api/v1/widgets/:widgetId/polish',
        reason: 'scope "read", "write" needed',
      }),
    ]);
    expect(logs.text.join('')).not.toContain(apiKeySecret(readKey)!);
  });

  it('logs health and metrics at debug level, and the path when no route matched', async () => {
    for (const route of ['/health/live', '/health/ready', '/metrics'])
      expect((await send('GET', route)).access).toMatchObject({ level: 20, route, status: 200 });
    const missing = await send('GET', '/api/v1/nothing/here?x=1', { 'x-api-key': readKey });
    expect(missing.access).toMatchObject({ level: 30, status: 404, path: '/api/v1/nothing/here' });
  });

  it('writes every line with each key once', () => {
    expect(logs.raw.length).toBeGreaterThan(10);
    expect(() => logs.lines).not.toThrow();
  });
});
