// One wss:// URL for a whole fleet (issue #17): a listener serving security profiles 2 and 3 with
// an RSA and an ECDSA certificate chain, each station held to its own profile; credential rotation
// (a pending credential accepted beside the current one); certificates reloaded without dropping
// connections.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { parseStationConnectionEvent } from '@voltlane/contracts';
import { credentialFingerprint } from '@voltlane/messaging';
import { hashSecret } from '@voltlane/security';
import { type HandshakeRefused, LogLines, TestStation, basicAuth, tlsHandshake as handshake, uniqueName, waitFor } from '@voltlane/testing';
import type { ClientOptions } from 'ws';
import { GatewayTestKit } from './gateway-test-kit';
import { TestPki } from './test-pki';

const PASSWORD = 'correct-horse-battery-23';

describe('ocpp-gateway: one TLS URL for security profiles 2 and 3', () => {
  const kit = new GatewayTestKit();
  const pki = new TestPki();
  const logs = new LogLines();
  const dir = mkdtempSync(join(tmpdir(), 'voltlane-reload-'));
  const files = { rsaCert: join(dir, 'rsa.crt'), rsaKey: join(dir, 'rsa.key'), ecCert: join(dir, 'ec.crt'), ecKey: join(dir, 'ec.key') };
  let gw: Awaited<ReturnType<GatewayTestKit['startGateway']>>;

  beforeAll(async () => {
    await kit.setUp();
    const rsa = pki.issueRsaServer('server-rsa-1');
    copyFileSync(rsa.certFile, files.rsaCert);
    copyFileSync(rsa.keyFile, files.rsaKey);
    copyFileSync(pki.serverCert, files.ecCert);
    copyFileSync(pki.serverKey, files.ecKey);
    gw = await kit.startGateway(
      {
        OCPP_SECURITY_PROFILE: '2,3',
        OCPP_TLS_CERT_FILE: `${files.rsaCert},${files.ecCert}`,
        OCPP_TLS_KEY_FILE: `${files.rsaKey},${files.ecKey}`,
        OCPP_TLS_CA_FILE: pki.caCert,
        OCPP_TLS_RELOAD_INTERVAL_MS: '100',
      },
      logs,
    );
  });
  afterAll(async () => {
    await kit.tearDown();
    rmSync(dir, { recursive: true, force: true });
  });

  const refusedWith = (status: number) => expect.objectContaining({ status }) as HandshakeRefused;
  const refusals = (id: string) =>
    logs.lines.filter((l) => l.stationId === id && l.securityEvent === 'StationAuthenticationFailed').map((l) => l.reason);

  const offers: [string, ConnectionOptions, string][] = [
    ['TLS_RSA_WITH_AES_128_GCM_SHA256', { ciphers: 'AES128-GCM-SHA256', maxVersion: 'TLSv1.2' }, 'rsa'],
    ['TLS_RSA_WITH_AES_256_GCM_SHA384', { ciphers: 'AES256-GCM-SHA384', maxVersion: 'TLSv1.2' }, 'rsa'],
    ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', { ciphers: 'ECDHE-RSA-AES128-GCM-SHA256', maxVersion: 'TLSv1.2' }, 'rsa'],
    ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', { ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256', maxVersion: 'TLSv1.2' }, 'ec'],
    ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', { ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384', maxVersion: 'TLSv1.2' }, 'ec'],
    ['TLS_AES_128_GCM_SHA256', { ciphers: 'TLS_AES_128_GCM_SHA256', minVersion: 'TLSv1.3', sigalgs: 'rsa_pss_rsae_sha256' }, 'rsa'],
    ['TLS_AES_256_GCM_SHA384', { ciphers: 'TLS_AES_256_GCM_SHA384', minVersion: 'TLSv1.3', sigalgs: 'ecdsa_secp256r1_sha256' }, 'ec'],
  ];

  it.each(offers)('negotiates %s with the offer %j, on the matching (%s) chain', async (suite, offer, keyType) => {
    expect(await handshake(gw.port, { ca: pki.ca, ...offer })).toMatchObject({ keyType, cipher: suite });
    // A station making that offer gets its OCPP connection.
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD, securityProfile: 2 });
    const ws = await TestStation.connect(gw.url(id), ['ocpp2.0.1'], {
      headers: basicAuth(id, PASSWORD),
      ca: pki.ca,
      ...offer,
    } as ClientOptions);
    await ws.close();
  });

  it('holds each station to its own profile, and logs why it refused', async () => {
    const [p2, p3] = [uniqueName('p2'), uniqueName('p3')];
    await kit.addStation(p2, { password: PASSWORD, securityProfile: 2 });
    await kit.addStation(p3, { securityProfile: 3 });
    const p3Cert = pki.issue(p3);
    // Profile 2: the password; a client certificate does not replace it.
    await (await TestStation.connect(gw.url(p2), ['ocpp2.0.1'], { headers: basicAuth(p2, PASSWORD), ca: pki.ca })).close();
    await expect(
      TestStation.connect(gw.url(p2), ['ocpp2.0.1'], { headers: basicAuth(p2, 'wrong-password-23'), ca: pki.ca }),
    ).rejects.toEqual(refusedWith(401));
    const p2Cert = pki.issue(p2);
    await expect(TestStation.connect(gw.url(p2), ['ocpp2.0.1'], { ca: pki.ca, cert: p2Cert.cert, key: p2Cert.key })).rejects.toEqual(
      refusedWith(401),
    );
    // Profile 3: a certificate from the CA for this station; a password does not replace it.
    await (await TestStation.connect(gw.url(p3), ['ocpp2.0.1'], { ca: pki.ca, cert: p3Cert.cert, key: p3Cert.key })).close();
    await expect(TestStation.connect(gw.url(p3), ['ocpp2.0.1'], { ca: pki.ca, headers: basicAuth(p3, PASSWORD) })).rejects.toEqual(
      refusedWith(401),
    );
    const self = pki.issue(p3, undefined, true);
    await expect(TestStation.connect(gw.url(p3), ['ocpp2.0.1'], { ca: pki.ca, cert: self.cert, key: self.key })).rejects.toEqual(
      refusedWith(401),
    );
    await expect(TestStation.connect(gw.url(p3), ['ocpp2.0.1'], { ca: pki.ca, cert: p2Cert.cert, key: p2Cert.key })).rejects.toEqual(
      refusedWith(401),
    );
    expect(refusals(p2)).toEqual(['wrong password', 'missing or malformed Basic authorization']);
    expect(refusals(p3)).toEqual([
      'no valid client certificate: no client certificate presented',
      expect.stringMatching(/^no valid client certificate: certificate CN ".*" not verified/),
      expect.stringMatching(/^certificate subject CN does not match the station: certificate CN "p2/),
    ]);
  });

  it('lets a station in with its current or its pending credential, and says which one it proved', async () => {
    const id = uniqueName('rot');
    const [current, next] = ['current-password-0023', 'rotated-password-0023'];
    const pending = { securityProfile: 3 as const };
    await kit.credentials.put({
      stationId: id,
      securityProfile: 2,
      passwordHash: await hashSecret(current, { N: 1024, r: 8, p: 1 }),
      pending: { ...pending },
    });
    await kit.bootStatus.set(id, 'Accepted');
    await (await TestStation.connect(gw.url(id), ['ocpp2.0.1'], { headers: basicAuth(id, current), ca: pki.ca })).close();
    const cert = pki.issue(id);
    await (await TestStation.connect(gw.url(id), ['ocpp2.0.1'], { ca: pki.ca, cert: cert.cert, key: cert.key })).close();
    await expect(TestStation.connect(gw.url(id), ['ocpp2.0.1'], { headers: basicAuth(id, next), ca: pki.ca })).rejects.toEqual(
      refusedWith(401),
    );
    await waitFor(() => kit.connectionEvents.filter((m) => m.key === id).length >= 2, { message: 'two Connected events' });
    const events = kit.connectionEvents
      .filter((m) => m.key === id)
      .map((m) => parseStationConnectionEvent(JSON.parse(m.value)))
      .filter((e) => e.type === 'Connected');
    expect(events.map((e) => [e.securityProfile, e.provedCredential])).toEqual([
      [2, undefined],
      [3, credentialFingerprint(pending)],
    ]);
  });

  it('serves a renewed certificate to new handshakes without dropping open connections', async () => {
    const id = uniqueName('reload');
    await kit.addStation(id, { password: PASSWORD, securityProfile: 2 });
    const open = await TestStation.connect(gw.url(id), ['ocpp2.0.1'], {
      headers: basicAuth(id, PASSWORD),
      ca: pki.ca,
      ciphers: 'AES128-GCM-SHA256',
      maxVersion: 'TLSv1.2',
    });
    const rsaOffer = { ca: pki.ca, ciphers: 'AES128-GCM-SHA256', maxVersion: 'TLSv1.2' } as const;
    const before = await handshake(gw.port, rsaOffer);
    const renewed = pki.issueRsaServer('server-rsa-2');
    copyFileSync(renewed.keyFile, files.rsaKey);
    copyFileSync(renewed.certFile, files.rsaCert);
    await waitFor(async () => (await handshake(gw.port, rsaOffer)).serial !== before.serial, {
      timeoutMs: 10_000,
      message: 'the renewed certificate served',
    });
    expect(logs.lines.some((l) => l.msg === 'TLS certificates reloaded: new handshakes use them, open connections stay')).toBe(true);
    // The connection made before the renewal is still open and answered.
    const answer = await open.call('Heartbeat', {});
    expect([3, 4]).toContain(answer[0]);
    await open.close();
    // A broken renewal (a certificate file that is not PEM) keeps the working context.
    writeFileSync(files.rsaCert, 'not a certificate\n');
    await waitFor(() => logs.lines.some((l) => l.msg === 'TLS certificates not reloaded: the current ones stay in use'), {
      timeoutMs: 10_000,
      message: 'a failed reload reported',
    });
    expect((await handshake(gw.port, rsaOffer)).keyType).toBe('rsa');
    copyFileSync(renewed.certFile, files.rsaCert);
  });
});
