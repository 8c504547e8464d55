import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { HttpRoamingAuthorizer } from './http-roaming-authorizer';

type Answer = (request: IncomingMessage, body: string, response: ServerResponse) => void;

/** A real HTTP server standing in for the ocpi-service's operator API (the adapter's unit; the e2e runs the real one). */
describe('HttpRoamingAuthorizer', () => {
  let server: Server;
  let baseUrl: string;
  let answer: Answer;
  const seen: { method?: string; url?: string; key?: string | string[]; body: unknown }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        seen.push({
          method: request.method,
          url: request.url,
          key: request.headers['x-api-key'],
          body: body ? JSON.parse(body) : undefined,
        });
        answer(request, body, response);
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });
  beforeEach(() => (seen.length = 0));

  const json =
    (status: number, body: unknown): Answer =>
    (_request, _body, response) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
  const authorizer = (timeoutMs = 2000, url = baseUrl) =>
    new HttpRoamingAuthorizer({ baseUrl: url, apiKey: 'vl_0123456789ab_secret', timeoutMs }, pino({ level: 'silent' }));
  const request = { idToken: 'EMSP0001', type: 'ISO14443', stationId: 'cs-1' };

  it('posts the request with its API key to /api/v1/ocpi/authorizations and returns the decision', async () => {
    answer = json(200, { status: 'Accepted', source: 'emsp', countryCode: 'DE', partyId: 'EMP', cacheExpiresAt: '2026-12-07T00:15:00Z' });
    await expect(authorizer(2000, `${baseUrl}/`).authorize(request)).resolves.toEqual({
      status: 'Accepted',
      source: 'emsp',
      countryCode: 'DE',
      partyId: 'EMP',
      cacheExpiresAt: '2026-12-07T00:15:00Z',
    });
    expect(seen).toEqual([{ method: 'POST', url: '/api/v1/ocpi/authorizations', key: 'vl_0123456789ab_secret', body: request }]);
  });

  it('gives no decision for an error answer or a body that is not one', async () => {
    answer = json(500, { title: 'boom' });
    await expect(authorizer().authorize(request)).resolves.toBeUndefined();
    answer = json(403, { title: 'Forbidden' });
    await expect(authorizer().authorize(request)).resolves.toBeUndefined();
    answer = json(200, { allowed: 'ALLOWED' });
    await expect(authorizer().authorize(request)).resolves.toBeUndefined();
    answer = (_r, _b, response) => response.writeHead(200).end('not json');
    await expect(authorizer().authorize(request)).resolves.toBeUndefined();
  });

  it('gives up after its timeout', async () => {
    // The peer takes the request and never answers: only the authorizer's own timeout can end the call.
    const held: ServerResponse[] = [];
    answer = (_r, _b, response) => void held.push(response);
    try {
      const started = Date.now();
      await expect(authorizer(300).authorize(request)).resolves.toBeUndefined();
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(300 - 1); // not before its timeout (timers count whole milliseconds)
      expect(elapsed).toBeLessThan(10_000); // and not waiting on the peer
    } finally {
      held.forEach((response) => response.destroy());
    }
  });

  it('gives no decision when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((done) => closed.close(done));
    await expect(authorizer(2000, url).authorize(request)).resolves.toBeUndefined();
  });
});
