// A receiving partner for the push specs: a real HTTP server (node:http) with an eMSP's receiver
// endpoints under /ocpi/emsp/2.2.1/<module>/…, written here independently of the service's code.
// It can fail like a platform that is down: answer 503, answer an OCPI error in a 200, or not listen
// at all (`close`: connection refused) and come back on the same port (`open`). It records every
// request, and which ones it took. Partners are put into the service's `partners` table directly
// (registered, with these receiver endpoints): these specs are about pushes, not the handshake.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@voltlane/testing';

export interface ReceivedPush {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The presented token, base64-decoded. */
  token: string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the specs read JSON bodies freely
  body: any;
  /** Taken (answered 2xx with status 1000). */
  accepted: boolean;
}

/** How it answers: take the push; 503; HTTP 200 with an OCPI error status. */
export type ReceiverMode = 'ok' | 'unavailable' | 'refuse';

export class PushReceiver {
  readonly received: ReceivedPush[] = [];
  mode: ReceiverMode = 'ok';
  /** The token the CPO must present. */
  readonly token = randomBytes(16).toString('hex');
  /** Answer after this many ms (a slow platform). */
  delayMs = 0;
  /** The most requests it had in hand at once. */
  maxInFlight = 0;
  private inFlight = 0;
  private server: Server | undefined;

  private constructor(readonly port: number) {}

  static async start(mode: ReceiverMode = 'ok'): Promise<PushReceiver> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const receiver = new PushReceiver(port);
    receiver.mode = mode;
    await receiver.open();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  moduleUrl(module: string): string {
    return `${this.url}/ocpi/emsp/2.2.1/${module}`;
  }

  /** Listens (again) on its port. */
  async open(): Promise<void> {
    if (this.server) return;
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Stops listening: the CPO's requests are refused at the TCP level. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  accepted(): ReceivedPush[] {
    return this.received.filter((r) => r.accepted);
  }

  async waitForAccepted(count: number, timeoutMs = 20_000): Promise<ReceivedPush[]> {
    await waitFor(() => this.accepted().length >= count, {
      timeoutMs,
      message: `${count} pushes accepted (have ${this.accepted().length})`,
    });
    return this.accepted();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    response.on('close', () => this.inFlight--);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const match = /^Token (\S+)$/.exec(request.headers.authorization ?? '');
    const token = match ? Buffer.from(match[1], 'base64').toString('utf8') : undefined;
    const path = (request.url ?? '/').split('?')[0];
    const entry: ReceivedPush = {
      method: request.method ?? '',
      path,
      headers: request.headers,
      token,
      body: text ? (JSON.parse(text) as unknown) : undefined,
      accepted: false,
    };
    this.received.push(entry);
    const send = (status: number, statusCode: number, message: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify({ status_code: statusCode, status_message: message, timestamp: new Date().toISOString() }));
    };
    if (token !== this.token) return send(401, 2000, 'Unauthorized');
    if (!path.startsWith('/ocpi/emsp/2.2.1/')) return send(404, 2000, 'Not found');
    if (this.mode === 'unavailable') {
      response.writeHead(503, { 'content-type': 'text/plain' });
      response.end('Service Unavailable');
      return;
    }
    if (this.mode === 'refuse') return send(200, 2001, 'Invalid or missing parameters');
    entry.accepted = true;
    if (request.method === 'POST') return send(201, 1000, 'Created', { location: `${this.url}${path.replace(/\/$/, '')}/${randomUUID()}` });
    return send(200, 1000, 'OK');
  }
}

/** The modules a test partner receives (its version details). */
const RECEIVER_MODULES = ['locations', 'tariffs', 'sessions', 'cdrs'];

/**
 * Puts a registered partner into the service's `partners` table: its receiver endpoints at
 * `receiver`, the token the service calls it with, and a token C for it to pull with (stored
 * hashed, as the service keeps them). Resolves with its id and its token C.
 */
export async function insertPartner(
  query: (sql: string, params: unknown[]) => Promise<unknown>,
  receiver: PushReceiver,
  options: { name?: string; party?: { countryCode: string; partyId: string }; modules?: string[] } = {},
): Promise<{ partnerId: string; tokenC: string }> {
  const partnerId = randomUUID();
  const tokenC = randomBytes(24).toString('base64url');
  const party = options.party ?? { countryCode: 'DE', partyId: 'EMS' };
  const endpoints = [
    { identifier: 'credentials', role: 'SENDER', url: `${receiver.url}/ocpi/2.2.1/credentials` },
    ...(options.modules ?? RECEIVER_MODULES).map((m) => ({ identifier: m, role: 'RECEIVER', url: receiver.moduleUrl(m) })),
  ];
  await query(
    `INSERT INTO partners (partner_id, name, status, token_c_hash, outgoing_token, versions_url, version, endpoints, roles, registered_at)
     VALUES ($1, $2, 'REGISTERED', $3, $4, $5, '2.2.1', $6::jsonb, $7::jsonb, now())`,
    [
      partnerId,
      options.name ?? 'eMSP',
      createHash('sha256').update(tokenC).digest('hex'),
      receiver.token,
      `${receiver.url}/ocpi/versions`,
      JSON.stringify(endpoints),
      JSON.stringify([{ role: 'EMSP', countryCode: party.countryCode, partyId: party.partyId, businessName: options.name ?? 'eMSP' }]),
    ],
  );
  return { partnerId, tokenC };
}
