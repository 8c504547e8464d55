import { randomInt } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { type HandshakeRefused, LogLines, TestStation, basicAuth, uniqueName, waitFor } from '@voltlane/testing';
import { GatewayTestKit } from './gateway-test-kit';
import { TestPki } from './test-pki';

const PASSWORD = 'right-password-4711-xyz';
const WRONG = 'guessed-password-0815-abc';
const OTHERS = 'other-stations-secret-99';

/** A loopback source address of its own (all of 127/8 is local), so address counters do not collide. */
const ownLoopbackAddress = (): string => `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(2, 255)}`;

describe('ocpp-gateway: authentication limits and security events', () => {
  const kit = new GatewayTestKit();
  const pki = new TestPki();
  const logs = new LogLines();
  const limits = {
    GATEWAY_AUTH_FAILURE_MAX_PER_IDENTITY: '3',
    GATEWAY_AUTH_FAILURE_MAX_PER_ADDRESS: '6',
    GATEWAY_AUTH_FAILURE_WINDOW_MS: '60000',
  };
  let p1: Awaited<ReturnType<GatewayTestKit['startGateway']>>;
  let a: Awaited<ReturnType<GatewayTestKit['startGateway']>>;
  let b: Awaited<ReturnType<GatewayTestKit['startGateway']>>;
  let p2: Awaited<ReturnType<GatewayTestKit['startGateway']>>;
  let p3: Awaited<ReturnType<GatewayTestKit['startGateway']>>;

  beforeAll(async () => {
    await kit.setUp();
    p1 = await kit.startGateway({ OCPP_SECURITY_PROFILE: '1' }, logs);
    a = await kit.startGateway({ OCPP_SECURITY_PROFILE: '1', ...limits }, logs);
    b = await kit.startGateway({ OCPP_SECURITY_PROFILE: '1', ...limits }, logs);
    p2 = await kit.startGateway({ OCPP_SECURITY_PROFILE: '2', OCPP_TLS_CERT_FILE: pki.serverCert, OCPP_TLS_KEY_FILE: pki.serverKey }, logs);
    p3 = await kit.startGateway(
      { OCPP_SECURITY_PROFILE: '3', OCPP_TLS_CERT_FILE: pki.serverCert, OCPP_TLS_KEY_FILE: pki.serverKey, OCPP_TLS_CA_FILE: pki.caCert },
      logs,
    );
  });
  afterAll(() => kit.tearDown());

  const refused = (status: number) => expect.objectContaining({ status }) as HandshakeRefused;

  describe('every security profile refuses missing and wrong credentials', () => {
    it.each([
      ['profile 1', 1],
      ['profile 2', 2],
    ] as const)('%s: no credentials, a wrong password and another station’s password are refused with 401', async (_name, profile) => {
      const gw = profile === 1 ? p1 : p2;
      const tls = { localAddress: ownLoopbackAddress(), ...(profile === 2 ? { ca: pki.ca } : {}) };
      const [mine, theirs] = [uniqueName('cs'), uniqueName('cs')];
      await kit.addStation(mine, { password: PASSWORD, securityProfile: profile });
      await kit.addStation(theirs, { password: OTHERS, securityProfile: profile });
      await expect(TestStation.connect(gw.url(mine), ['ocpp2.0.1'], { ...tls })).rejects.toEqual(refused(401));
      await expect(TestStation.connect(gw.url(mine), ['ocpp2.0.1'], { ...tls, headers: basicAuth(mine, WRONG) })).rejects.toEqual(
        refused(401),
      );
      await expect(TestStation.connect(gw.url(mine), ['ocpp2.0.1'], { ...tls, headers: basicAuth(mine, OTHERS) })).rejects.toEqual(
        refused(401),
      );
      await expect(TestStation.connect(gw.url(mine), ['ocpp2.0.1'], { ...tls, headers: basicAuth(theirs, OTHERS) })).rejects.toEqual(
        refused(401),
      );
      const ok = await TestStation.connect(gw.url(mine), ['ocpp2.0.1'], { ...tls, headers: basicAuth(mine, PASSWORD) });
      await ok.close();
    });

    it('profile 3: another station’s valid certificate is refused; its own is accepted; a Basic password is no substitute', async () => {
      const [mine, theirs] = [uniqueName('cs'), uniqueName('cs')];
      const localAddress = ownLoopbackAddress();
      await kit.addStation(mine, { securityProfile: 3 });
      await kit.addStation(theirs, { securityProfile: 3 });
      const theirCert = pki.issue(theirs);
      const myCert = pki.issue(mine);
      await expect(
        TestStation.connect(p3.url(mine), ['ocpp2.0.1'], { localAddress, ca: pki.ca, cert: theirCert.cert, key: theirCert.key }),
      ).rejects.toEqual(refused(401));
      await expect(
        TestStation.connect(p3.url(mine), ['ocpp2.0.1'], { localAddress, ca: pki.ca, headers: basicAuth(mine, PASSWORD) }),
      ).rejects.toThrow();
      // Refused in the TLS handshake (no certificate): a security event with the station's address.
      await waitFor(() => logs.lines.some((l) => l.securityEvent === 'StationCertificateRefused' && l.clientAddress === localAddress), {
        message: 'certificate refusal logged',
      });
      const ok = await TestStation.connect(p3.url(mine), ['ocpp2.0.1'], { localAddress, ca: pki.ca, cert: myCert.cert, key: myCert.key });
      await ok.close();
    });
  });

  describe('failed-authentication rate limit (shared by gateway instances through Redis)', () => {
    it('answers 429 before the upgrade once an identity has failed too often, on any instance, even with the right password', async () => {
      const id = uniqueName('cs');
      await kit.addStation(id, { password: PASSWORD });
      const localAddress = ownLoopbackAddress();
      for (const gw of [a, b, a]) {
        await expect(TestStation.connect(gw.url(id), ['ocpp1.6'], { localAddress, headers: basicAuth(id, WRONG) })).rejects.toEqual(
          refused(401),
        );
      }
      await expect(TestStation.connect(b.url(id), ['ocpp1.6'], { localAddress, headers: basicAuth(id, PASSWORD) })).rejects.toEqual(
        refused(429),
      );
      await expect(
        TestStation.connect(a.url(id), ['ocpp1.6'], { localAddress: ownLoopbackAddress(), headers: basicAuth(id, PASSWORD) }),
      ).rejects.toEqual(refused(429));
      // Another identity from the same address is not locked out by this one's failures.
      const other = uniqueName('cs');
      await kit.addStation(other, { password: PASSWORD });
      const ws = await TestStation.connect(b.url(other), ['ocpp1.6'], { localAddress, headers: basicAuth(other, PASSWORD) });
      await ws.close();
    });

    it('tells the client when to retry', async () => {
      const id = uniqueName('cs');
      await kit.addStation(id, { password: PASSWORD });
      const localAddress = ownLoopbackAddress();
      for (let i = 0; i < 3; i++) {
        await expect(TestStation.connect(a.url(id), ['ocpp1.6'], { localAddress, headers: basicAuth(id, WRONG) })).rejects.toEqual(
          refused(401),
        );
      }
      const response = await upgradeRequest(a.port, id, localAddress, basicAuth(id, PASSWORD));
      expect(response.status).toBe(429);
      const retryAfter = Number(response.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    });

    it('limits a source address that tries many identities, across instances', async () => {
      const localAddress = ownLoopbackAddress();
      for (let i = 0; i < 6; i++) {
        const gw = i % 2 === 0 ? a : b;
        const unknown = uniqueName('scan');
        await expect(
          TestStation.connect(gw.url(unknown), ['ocpp1.6'], { localAddress, headers: basicAuth(unknown, WRONG) }),
        ).rejects.toEqual(refused(404));
      }
      const id = uniqueName('cs');
      await kit.addStation(id, { password: PASSWORD });
      await expect(TestStation.connect(a.url(id), ['ocpp1.6'], { localAddress, headers: basicAuth(id, PASSWORD) })).rejects.toEqual(
        refused(429),
      );
      await expect(TestStation.connect(b.url(id), ['ocpp1.6'], { localAddress, headers: basicAuth(id, PASSWORD) })).rejects.toEqual(
        refused(429),
      );
      // The same station from another address is fine: only the scanning address is limited.
      const ws = await TestStation.connect(b.url(id), ['ocpp1.6'], {
        localAddress: ownLoopbackAddress(),
        headers: basicAuth(id, PASSWORD),
      });
      await ws.close();
    });

    it('logs every refusal as a structured security event without the secret, and counts it in a metric', async () => {
      const id = uniqueName('cs');
      const secretGuess = `guess-${uniqueName('pw')}`;
      await kit.addStation(id, { password: PASSWORD });
      const localAddress = ownLoopbackAddress();
      for (let i = 0; i < 4; i++) {
        await expect(TestStation.connect(a.url(id), ['ocpp1.6'], { localAddress, headers: basicAuth(id, secretGuess) })).rejects.toEqual(
          refused(i < 3 ? 401 : 429),
        );
      }
      const events = logs.lines.filter((l) => l.stationId === id && typeof l.securityEvent === 'string');
      expect(events.map((e) => e.securityEvent)).toEqual([
        'StationAuthenticationFailed',
        'StationAuthenticationFailed',
        'StationAuthenticationFailed',
        'StationAuthenticationRateLimited',
      ]);
      for (const event of events)
        expect(event).toMatchObject({ level: 40, clientAddress: localAddress, securityProfile: 1, reason: expect.any(String) });
      const everything = logs.text.join('');
      for (const secret of [secretGuess, PASSWORD, OTHERS, WRONG, Buffer.from(`${id}:${secretGuess}`).toString('base64')])
        expect(everything).not.toContain(secret);
      const metrics = await (await fetch(`http://127.0.0.1:${a.running.opsPort}/metrics`)).text();
      expect(metrics).toMatch(/voltlane_gateway_auth_failures_total\{[^}]*kind="bad_credentials"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/voltlane_gateway_auth_failures_total\{[^}]*kind="rate_limited"[^}]*\} [1-9]/);
    });
  });
});

/** A raw WebSocket upgrade request; resolves with the refusal's status and headers. */
function upgradeRequest(
  port: number,
  id: string,
  localAddress: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      path: `/ocpp/${id}`,
      localAddress,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Protocol': 'ocpp1.6',
        ...headers,
      },
    });
    request.on('response', (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
    });
    request.on('upgrade', (_response, socket) => {
      socket.destroy();
      reject(new Error('the gateway upgraded the connection'));
    });
    request.on('error', reject);
    request.end();
  });
}
