import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { parsePemChain } from './certificates';
import { OcspClient } from './ocsp-client';
import { ocspRequestDataFor, type OcspRequestData } from './ocsp-request-data';
import { TestPki } from './test-pki/test-pki';

describe('OcspClient (real HTTP on 127.0.0.1)', () => {
  let pki: TestPki;
  let server: Server;
  let url: string;
  const mode = { value: 'ok' as 'ok' | 'hang' | '500' | 'garbage', requests: 0 };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        mode.requests += 1;
        if (mode.value === 'hang') return;
        if (mode.value === '500') return void res.writeHead(500).end();
        if (mode.value === 'garbage') return void res.writeHead(200).end('not ocsp');
        res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(pki.respond(Buffer.concat(chunks)));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ocsp`;
    pki = await TestPki.generate({ ocspUrl: url });
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    mode.value = 'ok';
  });

  async function contractData(): Promise<OcspRequestData> {
    const [leaf, issuer] = parsePemChain((await pki.issueContract('ZZVLTC00000001')).chainPem);
    return ocspRequestDataFor(leaf, issuer);
  }

  it('asks the responder, verifies against the anchors and caches until nextUpdate', async () => {
    const client = new OcspClient({ timeoutMs: 2_000, cacheMaxEntries: 10, allowedHosts: undefined });
    const data = await contractData();
    const anchors = [new X509Certificate(pki.moRootPem)];
    const pool = parsePemChain(pki.material.moSubCa1.certificatePem);
    const before = mode.requests;
    expect(await client.check(data, { trustAnchors: anchors, pool })).toMatchObject({ outcome: 'good', fromCache: false });
    expect(await client.check(data, { trustAnchors: anchors, pool })).toMatchObject({ outcome: 'good', fromCache: true });
    expect(mode.requests).toBe(before + 1);
    // After nextUpdate the cached answer is not used.
    expect(await client.check(data, { trustAnchors: anchors, pool, now: new Date(Date.now() + 2 * 86_400_000) })).toMatchObject({
      outcome: 'invalid',
    });
  });

  // Only the responder that hangs needs the timeout to run out; for the others it is long, so a
  // stalled event loop cannot let the abort win over the answer.
  it.each([
    ['hang', 'aborted', 300],
    ['500', 'HTTP 500', 5_000],
    ['garbage', 'not a DER OCSPResponse', 5_000],
  ] as const)('a responder that %s is unreachable (%s)', async (behaviour, reason, timeoutMs) => {
    mode.value = behaviour;
    const client = new OcspClient({ timeoutMs, cacheMaxEntries: 10, allowedHosts: undefined });
    const check = await client.check(await contractData());
    expect(check).toMatchObject({ outcome: 'unreachable', reason: expect.stringContaining(reason) });
  });

  it('refuses responder URLs outside OCSP_ALLOWED_HOSTS and bad hash data without a request', async () => {
    const before = mode.requests;
    const client = new OcspClient({ timeoutMs: 300, cacheMaxEntries: 10, allowedHosts: ['ocsp.example.com'] });
    expect(await client.check(await contractData())).toMatchObject({
      outcome: 'invalid',
      reason: expect.stringContaining('OCSP_ALLOWED_HOSTS'),
    });
    expect(await client.check({ ...(await contractData()), responderURL: 'file:///etc/passwd' })).toMatchObject({
      outcome: 'invalid',
      reason: expect.stringContaining('http'),
    });
    expect(await client.check({ ...(await contractData()), issuerKeyHash: 'xyz' })).toMatchObject({
      outcome: 'invalid',
      reason: expect.stringContaining('issuerKeyHash'),
    });
    expect(mode.requests).toBe(before);
  });
});
