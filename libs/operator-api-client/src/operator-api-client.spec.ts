import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { operatorApiClient } from './operator-api-client';

const ROOT = resolve(__dirname, '../../..');
const GENERATED = join(__dirname, 'operator-api.generated.ts');

describe('the typed operator API client', () => {
  it('has types generated from docs/openapi.json as they are now (npm run codegen:openapi-client)', () => {
    const out = mkdtempSync(join(tmpdir(), 'operator-api-'));
    try {
      const cli = join(dirname(require.resolve('openapi-typescript/package.json')), 'bin/cli.js');
      const target = join(out, 'operator-api.generated.ts');
      const run = spawnSync(process.execPath, [cli, 'docs/openapi.json', '-o', target], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' },
        timeout: 120_000,
      });
      expect([
        run.status,
        run.stderr
          .split('\n')
          .filter((l) => l.includes('✘'))
          .slice(0, 10),
      ]).toEqual([0, []]);
      const fresh = readFileSync(target, 'utf8');
      expect(fresh === readFileSync(GENERATED, 'utf8')).toBe(true); // out of date: npm run codegen:openapi-client
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  describe('against a server', () => {
    let server: Server;
    let baseUrl: string;
    const seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];

    beforeAll(async () => {
      server = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        request.on('end', () => {
          seen.push({ method: request.method, url: request.url, headers: request.headers, body });
          const found = request.url === '/api/v1/stations/CP-1';
          response.writeHead(found ? 200 : 404, { 'content-type': found ? 'application/json' : 'application/problem+json' });
          response.end(JSON.stringify(found ? { id: 'CP-1' } : { type: 'about:blank', title: 'Not Found', status: 404 }));
        });
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((done) => server.close(() => done())));

    it('sends the API key, fills path parameters and parses answers and problems', async () => {
      const client = operatorApiClient(baseUrl, 'vl_test_key');
      const found = await client.GET('/api/v1/stations/{id}', { params: { path: { id: 'CP-1' } } });
      expect([found.response.status, found.data]).toEqual([200, { id: 'CP-1' }]);
      const missing = await client.GET('/api/v1/stations/{id}', { params: { path: { id: 'CP 2' } } });
      expect([missing.response.status, missing.error]).toEqual([404, { type: 'about:blank', title: 'Not Found', status: 404 }]);
      expect(seen.map((s) => [s.method, s.url, s.headers['x-api-key']])).toEqual([
        ['GET', '/api/v1/stations/CP-1', 'vl_test_key'],
        ['GET', '/api/v1/stations/CP%202', 'vl_test_key'],
      ]);
      await operatorApiClient(baseUrl).GET('/api/v1/sessions');
      expect(seen.at(-1)?.headers['x-api-key']).toBeUndefined();
    });
  });
});
