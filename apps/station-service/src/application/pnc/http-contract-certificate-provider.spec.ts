import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpContractCertificateProvider } from './http-contract-certificate-provider';

describe('HttpContractCertificateProvider (a real HTTP counterpart on 127.0.0.1)', () => {
  let server: Server;
  let url: string;
  let reply: { status: number; body: string } | 'hang' = { status: 200, body: '{}' };
  const seen: { headers: IncomingHttpHeaders; body: unknown }[] = [];
  const request = {
    stationId: 'CS-1',
    iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef',
    action: 'Install' as const,
    exiRequest: 'gAB=',
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        if (reply === 'hang') return;
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/contracts`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('posts the request with the auth header and passes the EXI response through', async () => {
    reply = { status: 200, body: JSON.stringify({ status: 'Accepted', exiResponse: 'gAEC', remainingContracts: 2 }) };
    const provider = new HttpContractCertificateProvider({
      url,
      timeoutMs: 2_000,
      authHeader: { name: 'Authorization', value: 'Bearer t0ken' },
    });
    expect(await provider.request(request)).toEqual({ status: 'Accepted', exiResponse: 'gAEC', remainingContracts: 2 });
    expect(seen.at(-1)).toMatchObject({ headers: { authorization: 'Bearer t0ken', 'content-type': 'application/json' }, body: request });
  });

  it.each([
    [
      { status: 200, body: JSON.stringify({ status: 'Failed', reasonCode: 'NoContract', detail: 'no contract for this EV' }) },
      { reasonCode: 'NoContract', detail: 'no contract for this EV' },
    ],
    [
      { status: 503, body: 'down' },
      { reasonCode: 'ProviderError', detail: 'HTTP 503: down' },
    ],
    [
      { status: 200, body: 'not json' },
      { reasonCode: 'ProviderError', detail: 'the answer is not JSON' },
    ],
    [{ status: 200, body: JSON.stringify({ status: 'Accepted', exiResponse: '<xml/>' }) }, { reasonCode: 'ProviderError' }],
  ])('answers Failed with a reason for %j', async (answer, failure) => {
    reply = answer;
    const provider = new HttpContractCertificateProvider({ url, timeoutMs: 2_000 });
    expect(await provider.request(request)).toMatchObject({ status: 'Failed', ...failure });
  });

  it('times out', async () => {
    reply = 'hang';
    const provider = new HttpContractCertificateProvider({ url, timeoutMs: 200 });
    expect(await provider.request(request)).toMatchObject({ status: 'Failed', reasonCode: 'ProviderTimeout' });
  });

  it('reports an unreachable provider', async () => {
    const provider = new HttpContractCertificateProvider({ url: 'http://127.0.0.1:9/contracts', timeoutMs: 1_000 });
    expect(await provider.request(request)).toMatchObject({ status: 'Failed', reasonCode: 'ProviderUnreachable' });
  });
});
