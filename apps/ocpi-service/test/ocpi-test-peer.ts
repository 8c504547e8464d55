// A partner platform for the medium specs: a real HTTP server (node:http) playing an eMSP or a hub
// with OCPI 2.2.1 versions, version details and credentials (both handshake directions, update,
// unregister), and receiver endpoints under /ocpi/emsp/2.2.1/<module>/… that take any push with
// status 1000. It checks `Authorization: Token <base64>` like a 2.2.1 platform and records every
// request it receives. It is written here, independently of the service's code.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PeerRole {
  role: string;
  party_id: string;
  country_code: string;
  business_details: { name: string };
}

/** A role of a peer for party cc*pid (its business name `cc*pid`). */
export const peerRole = (role: string, cc: string, pid: string): PeerRole => ({
  role,
  country_code: cc,
  party_id: pid,
  business_details: { name: `${cc}*${pid}` },
});

export interface ReceivedRequest {
  method: string;
  path: string;
  /** The query string (without '?'), '' when none. */
  query: string;
  headers: IncomingMessage['headers'];
  /** The token presented (decoded), if any. */
  token: string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON received, read freely by the specs
  body: any;
}

/** An answer as the peer reads it (the specs read its JSON freely). */
export interface PeerAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- OCPI JSON, read freely by the specs
  body: any;
  headers: Headers;
}

interface Envelope<T> {
  data: T;
  status_code: number;
}

/** An answer a spec makes the peer give (its envelope: data, status_code, status_message). */
export interface PeerReply {
  status: number;
  statusCode: number;
  data?: unknown;
  message?: string;
}

export interface PeerOptions {
  roles: PeerRole[];
  /** The versions it offers (default 2.2.1 only). */
  versions?: string[];
  /** Modules of its version details besides credentials (default: the eMSP receivers). */
  modules?: { identifier: string; role: 'SENDER' | 'RECEIVER' }[];
}

const token = (): string => randomBytes(18).toString('hex');
const decode = (header: string | undefined): string | undefined => {
  const match = /^Token (\S+)$/.exec(header ?? '');
  return match ? Buffer.from(match[1], 'base64').toString('utf8') : undefined;
};

export class OcpiTestPeer {
  readonly received: ReceivedRequest[] = [];
  /** The token A it issued for a CPO to register with it. */
  tokenA = token();
  /** The token it gave the CPO in the handshake (B or C: the CPO calls it with this). */
  issuedToken: string | undefined;
  /** The token the CPO gave it (it calls the CPO with this). */
  cpoToken: string | undefined;
  cpoVersionsUrl: string | undefined;
  /** Answer every request after this many ms (a slow platform), 0: at once. */
  delayMs = 0;
  /**
   * Answer no request it receives (a platform that hangs): each is recorded and left open until its
   * caller gives up or stop() closes the connection. No timer is left behind, unlike a long delayMs.
   */
  hanging = false;
  /** A spec's own answer to a registered caller's request (e.g. a real-time authorization); undefined: the default. */
  reply: ((request: ReceivedRequest) => PeerReply | undefined) | undefined;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: PeerOptions,
  ) {}

  static async start(options: PeerOptions): Promise<OcpiTestPeer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const peer = new OcpiTestPeer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, options);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void peer.handle(request, response));
    return peer;
  }

  get versionsUrl(): string {
    return `${this.url}/ocpi/versions`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Requests it received at `path` (exact, without the query). */
  requestsTo(method: string, path: string): ReceivedRequest[] {
    return this.received.filter((r) => r.method === method && r.path === path);
  }

  credentials(tokenForOther: string): { token: string; url: string; roles: PeerRole[] } {
    return { token: tokenForOther, url: this.versionsUrl, roles: this.options.roles };
  }

  /** The peer registers with the CPO: its versions and details with token A, then POST credentials with a new token B. */
  async registerWith(versionsUrl: string, tokenA: string): Promise<PeerAnswer> {
    const versions = await this.call('GET', versionsUrl, tokenA);
    if (versions.status !== 200) return versions;
    const detailsUrl = (versions.body as Envelope<{ version: string; url: string }[]>).data.find((v) => v.version === '2.2.1')!.url;
    const details = await this.call('GET', detailsUrl, tokenA);
    const { endpoints } = (details.body as Envelope<{ endpoints: { identifier: string; url: string }[] }>).data;
    const credentialsUrl = endpoints.find((e) => e.identifier === 'credentials')!.url;
    const tokenB = token();
    this.issuedToken = tokenB;
    const answer = await this.call('POST', credentialsUrl, tokenA, this.credentials(tokenB));
    const credentials = answer.body as Envelope<{ token: string; url: string }>;
    if (answer.status === 200 && credentials.status_code === 1000) {
      this.cpoToken = credentials.data.token;
      this.cpoVersionsUrl = credentials.data.url;
    }
    return answer;
  }

  /** The peer updates its credentials at the CPO (PUT, a new token for the CPO to call it with). */
  async updateAt(credentialsUrl: string): Promise<PeerAnswer> {
    const newToken = token();
    const previous = this.issuedToken;
    this.issuedToken = newToken;
    const answer = await this.call('PUT', credentialsUrl, this.cpoToken, this.credentials(newToken));
    const credentials = answer.body as Envelope<{ token: string }>;
    if (answer.status === 200 && credentials.status_code === 1000) this.cpoToken = credentials.data.token;
    else this.issuedToken = previous;
    return answer;
  }

  /** A request from the peer, with `Authorization: Token <base64(token)>`. */
  async call(method: string, url: string, as?: string, body?: unknown, headers: Record<string, string> = {}): Promise<PeerAnswer> {
    const all: Record<string, string> = { ...headers };
    if (as !== undefined) all['authorization'] = `Token ${Buffer.from(as).toString('base64')}`;
    if (body !== undefined) all['content-type'] = 'application/json';
    const response = await fetch(url, { method, headers: all, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    return { status: response.status, body: parsed, headers: response.headers };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const [path, query = ''] = (request.url ?? '/').split('?');
    const presented = decode(request.headers.authorization);
    const body: unknown = text ? JSON.parse(text) : undefined;
    const received: ReceivedRequest = { method: request.method ?? '', path, query, headers: request.headers, token: presented, body };
    this.received.push(received);
    if (this.hanging) return;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const send = (status: number, statusCode: number, data?: unknown, message = 'ok') => {
      response.writeHead(status, { 'content-type': 'application/json', 'x-request-id': String(request.headers['x-request-id'] ?? '') });
      response.end(
        JSON.stringify({
          ...(data !== undefined ? { data } : {}),
          status_code: statusCode,
          status_message: message,
          timestamp: new Date().toISOString(),
        }),
      );
    };
    const registered = this.issuedToken !== undefined && presented === this.issuedToken;
    const registrationToken = presented === this.tokenA;
    if (!registered && !registrationToken) return send(401, 2000, undefined, 'Unauthorized');
    const modules = this.options.modules ?? [
      { identifier: 'locations', role: 'RECEIVER' },
      { identifier: 'sessions', role: 'RECEIVER' },
      { identifier: 'cdrs', role: 'RECEIVER' },
      { identifier: 'tariffs', role: 'RECEIVER' },
      { identifier: 'tokens', role: 'SENDER' },
      { identifier: 'commands', role: 'SENDER' },
    ];
    if (request.method === 'GET' && path === '/ocpi/versions')
      return send(
        200,
        1000,
        (this.options.versions ?? ['2.2.1']).map((version) => ({ version, url: `${this.url}/ocpi/${version}` })),
      );
    if (request.method === 'GET' && path === '/ocpi/2.2.1')
      return send(200, 1000, {
        version: '2.2.1',
        endpoints: [
          { identifier: 'credentials', role: 'SENDER', url: `${this.url}/ocpi/2.2.1/credentials` },
          ...modules.map((m) => ({ ...m, url: `${this.url}/ocpi/emsp/2.2.1/${m.identifier}` })),
        ],
      });
    if (path === '/ocpi/2.2.1/credentials')
      return this.credentialsModule(request.method ?? '', registrationToken, body as { token: string; url: string }, send);
    if (!registered) return send(401, 2000, undefined, 'Unauthorized');
    const reply = this.reply?.(received);
    if (reply) return send(reply.status, reply.statusCode, reply.data, reply.message);
    if (path.startsWith('/ocpi/emsp/2.2.1/')) return send(request.method === 'POST' ? 201 : 200, 1000);
    return send(404, 2000, undefined, 'Not found');
  }

  /** The credentials module of the peer (server side): the CPO registers, updates or unregisters. */
  private async credentialsModule(
    method: string,
    registrationToken: boolean,
    body: { token: string; url: string },
    send: (status: number, statusCode: number, data?: unknown, message?: string) => void,
  ): Promise<void> {
    if (method === 'DELETE') {
      if (registrationToken) return send(405, 2000, undefined, 'Not registered');
      this.issuedToken = undefined;
      this.cpoToken = undefined;
      return send(200, 1000);
    }
    if (method !== 'POST' && method !== 'PUT') return send(405, 2000, undefined, 'Method not allowed');
    if (method === 'POST' && !registrationToken) return send(405, 2000, undefined, 'Already registered');
    if (method === 'PUT' && registrationToken) return send(405, 2000, undefined, 'Not registered');
    // Read the CPO's platform with the token it gives (as the receiver of a registration must).
    const versions = await this.call('GET', body.url, body.token).catch(() => undefined);
    if (versions?.status !== 200) return send(200, 3001, undefined, `GET ${body.url} answered ${versions?.status}`);
    const detailsUrl = (versions.body as Envelope<{ version: string; url: string }[]>).data.find((v) => v.version === '2.2.1')?.url;
    if (!detailsUrl) return send(200, 3002, undefined, 'no 2.2.1');
    const details = await this.call('GET', detailsUrl, body.token);
    if (details.status !== 200) return send(200, 3001, undefined, `GET ${detailsUrl} answered ${details.status}`);
    this.cpoToken = body.token;
    this.cpoVersionsUrl = body.url;
    this.issuedToken = token();
    if (method === 'POST') this.tokenA = token(); // token A is used up
    return send(200, 1000, this.credentials(this.issuedToken));
  }
}
