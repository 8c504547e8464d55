import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ConfigError, EnvReader } from '@voltlane/config';
import { ConsoleFiles, readConsoleLocation } from './console-files';

const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4_000))});`;

describe('the console files', () => {
  let dir: string;
  let server: Server;
  let base: string;
  let files: ConsoleFiles;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-files-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets/index-abc123.js'), SCRIPT);
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    files = ConsoleFiles.open({ dir, required: true });
    server = createServer((request, response) => {
      if (!files.handle(request, response)) {
        response.writeHead(599);
        response.end('not the console');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the app at / and at its own routes, with a strict content security policy and no caching', async () => {
    for (const path of ['/', '/stations/CP-1', '/sessions']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('serves hashed assets for a year, gzipped to clients that take it', async () => {
    const plain = await fetch(`${base}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await plain.text()).toBe(SCRIPT);
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((done, fail) => {
      const request = get(`${base}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      });
      request.on('error', fail);
    });
    expect(raw.encoding).toBe('gzip');
    expect(raw.body.length).toBeLessThan(SCRIPT.length);
    expect(gunzipSync(raw.body).toString()).toBe(SCRIPT);
  });

  it('leaves the API, its documents, health, metrics, OCPI, station files, unknown files and writes alone', async () => {
    for (const path of [
      '/api/v1/stations',
      '/api',
      '/docs',
      '/docs/openapi.json',
      '/health/live',
      '/metrics',
      '/ocpi/versions',
      '/files/abc',
      '/assets/gone.js',
      '/..%2fpackage.json',
    ]) {
      expect([path, (await fetch(`${base}${path}`)).status]).toEqual([path, 599]);
    }
    expect((await fetch(`${base}/`, { method: 'POST', body: '{}' })).status).toBe(599);
    const head = await fetch(`${base}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('says at / how to build it when the default directory holds no build, and fails start-up when CONSOLE_DIR names one without', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'console-none-'));
    try {
      const missing = ConsoleFiles.open({ dir: empty, required: false });
      expect(missing.built).toBe(false);
      const answered: { status?: number; body?: string } = {};
      const response = {
        writeHead: (status: number) => (answered.status = status),
        end: (body?: string) => (answered.body = body),
      } as unknown as ServerResponse;
      expect(missing.handle({ method: 'GET', url: '/', headers: {} } as IncomingMessage, response)).toBe(true);
      expect(answered).toEqual({ status: 503, body: expect.stringContaining('npm run build:console') });
      expect(missing.handle({ method: 'GET', url: '/stations', headers: {} } as IncomingMessage, response)).toBe(false);
      expect(() => ConsoleFiles.open({ dir: empty, required: true })).toThrow(ConfigError);
      expect(() => ConsoleFiles.open({ dir: empty, required: true })).toThrow(/CONSOLE_DIR/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('reads CONSOLE_DIR: dist/console by default (optional), a directory named (required), or none', () => {
    expect(readConsoleLocation(new EnvReader({}))).toEqual({ dir: resolve('dist/console'), required: false });
    expect(readConsoleLocation(new EnvReader({ CONSOLE_DIR: '/srv/console' }))).toEqual({ dir: '/srv/console', required: true });
    expect(readConsoleLocation(new EnvReader({ CONSOLE_DIR: 'none' }))).toBeUndefined();
  });
});
