import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** A dependency the app needs to serve traffic; `check` rejects when it is not usable. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface OpsServerOptions {
  port: number;
  host: string;
  registry: Registry;
  checks: readonly ReadinessCheck[];
  checkTimeoutMs?: number;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The operational endpoints of an app: `/metrics` (Prometheus), `/health/live` (the process
 * runs) and `/health/ready` (its dependencies answer: 200 or 503 with each check's result).
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const timeoutMs = options.checkTimeoutMs ?? 2_000;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void route(request.url ?? '', response);
  });

  async function route(url: string, response: ServerResponse): Promise<void> {
    const path = url.split('?')[0];
    try {
      if (path === '/metrics') {
        const body = await options.registry.metrics();
        response.writeHead(200, { 'Content-Type': options.registry.contentType });
        response.end(body);
      } else if (path === '/health/live' || path === '/health') {
        json(response, 200, { status: 'ok' });
      } else if (path === '/health/ready') {
        const results = await Promise.all(options.checks.map((c) => runCheck(c, timeoutMs)));
        const ready = results.every((r) => r.status === 'ok');
        json(response, ready ? 200 : 503, { status: ready ? 'ok' : 'unavailable', checks: results });
      } else {
        json(response, 404, { status: 'not found' });
      }
    } catch (error) {
      json(response, 500, { status: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<{ name: string; status: 'ok' | 'failed'; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
    ]);
    return { name: check.name, status: 'ok' };
  } catch (error) {
    return { name: check.name, status: 'failed', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}
