// The station's own address behind a proxy (issue #19 part 8): X-Forwarded-For from a trusted
// ingress, the PROXY protocol (v1 and v2) from a trusted TCP load balancer, before plain and TLS
// listeners. Real proxies sit in front of real gateways; the limiter counts each station's address.
import { randomInt } from 'node:crypto';
import { connect } from 'node:net';
import { type HandshakeRefused, LogLines, TestStation, basicAuth, uniqueName, waitFor } from '@voltlane/testing';
import { GatewayTestKit } from './gateway-test-kit';
import { proxyV2, startForwardingProxy, startTcpProxy, type RunningProxy } from './test-proxies';
import { TestPki } from './test-pki';

const PASSWORD = 'behind-the-proxy-4711';

/** A loopback address of its own (all of 127/8 is local), so the limiter's address counters do not collide. */
const ownLoopbackAddress = (): string => `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(2, 255)}`;

/** The IPv6 address the v2 balancer below claims for a loopback client: 127.a.b.c → 2001:db8::a:b:c. */
const claimedIPv6 = (loopback: string): string =>
  `2001:db8::${loopback
    .split('.')
    .slice(1)
    .map((n) => Number(n).toString(16))
    .join(':')}`;

describe('ocpp-gateway behind proxies: the client address', () => {
  const kit = new GatewayTestKit();
  const pki = new TestPki();
  const logs = new LogLines();
  const proxyAddress = ownLoopbackAddress();
  const limits = {
    TRUSTED_PROXIES: `${proxyAddress},10.0.0.0/8,fd00::/8`,
    GATEWAY_AUTH_FAILURE_MAX_PER_ADDRESS: '3',
    GATEWAY_AUTH_FAILURE_MAX_PER_IDENTITY: '10',
    GATEWAY_AUTH_FAILURE_WINDOW_MS: '60000',
  };
  const tls = { OCPP_TLS_CERT_FILE: pki.serverCert, OCPP_TLS_KEY_FILE: pki.serverKey };
  const proxies: RunningProxy[] = [];
  let xff: Awaited<ReturnType<GatewayTestKit['startGateway']>>;
  let pp: Awaited<ReturnType<GatewayTestKit['startGateway']>>;
  let p2: Awaited<ReturnType<GatewayTestKit['startGateway']>>;
  let p3: Awaited<ReturnType<GatewayTestKit['startGateway']>>;

  beforeAll(async () => {
    await kit.setUp();
    xff = await kit.startGateway({ OCPP_SECURITY_PROFILE: '1', ...limits }, logs);
    pp = await kit.startGateway(
      { OCPP_SECURITY_PROFILE: '1', OCPP_PROXY_PROTOCOL: 'true', OCPP_HANDSHAKE_TIMEOUT_MS: '1000', ...limits },
      logs,
    );
    p2 = await kit.startGateway({ OCPP_SECURITY_PROFILE: '2', OCPP_PROXY_PROTOCOL: 'true', ...tls, ...limits }, logs);
    p3 = await kit.startGateway(
      { OCPP_SECURITY_PROFILE: '3', OCPP_PROXY_PROTOCOL: 'true', OCPP_TLS_CA_FILE: pki.caCert, ...tls, ...limits },
      logs,
    );
  });
  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
    await kit.tearDown();
  });

  const proxy = async (started: Promise<RunningProxy>): Promise<RunningProxy> => {
    const running = await started;
    proxies.push(running);
    return running;
  };
  const url = (port: number, id: string, scheme = 'ws'): string => `${scheme}://127.0.0.1:${port}/ocpp/${encodeURIComponent(id)}`;
  const refused = (status: number) => expect.objectContaining({ status }) as HandshakeRefused;
  const events = (id: string) => logs.lines.filter((l) => l.stationId === id && typeof l.event === 'string' && l.level === 40);
  const connected = (id: string) => logs.lines.find((l) => l.stationId === id && l.msg === 'station connected');
  const metrics = async (gw: typeof xff): Promise<string> => (await fetch(`http://127.0.0.1:${gw.running.opsPort}/metrics`)).text();

  /** `station` scans 3 unknown identities through `port` (the address limit), then its real identity is refused 429. */
  async function exhaustAddressLimit(port: number, localAddress: string, scheme = 'ws', extra: object = {}): Promise<string[]> {
    const scans = [uniqueName('scan'), uniqueName('scan'), uniqueName('scan')];
    for (const id of scans) {
      await expect(
        TestStation.connect(url(port, id, scheme), ['ocpp1.6'], { localAddress, headers: basicAuth(id, PASSWORD), ...extra }),
      ).rejects.toEqual(refused(404));
    }
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD, securityProfile: scheme === 'wss' ? 2 : 1 });
    await expect(
      TestStation.connect(url(port, id, scheme), ['ocpp1.6'], { localAddress, headers: basicAuth(id, PASSWORD), ...extra }),
    ).rejects.toEqual(refused(429));
    return scans;
  }

  async function connects(port: number, localAddress: string, scheme = 'ws', extra: object = {}): Promise<string> {
    const id = uniqueName('cs');
    await kit.addStation(id, { password: PASSWORD, securityProfile: scheme === 'wss' ? 2 : 1 });
    const station = await TestStation.connect(url(port, id, scheme), ['ocpp1.6'], {
      localAddress,
      headers: basicAuth(id, PASSWORD),
      ...extra,
    });
    await station.close();
    return id;
  }

  describe('X-Forwarded-For', () => {
    it('two stations behind one trusted ingress get their own limiter buckets and log lines', async () => {
      const ingress = await proxy(startForwardingProxy(xff.port, proxyAddress));
      const [a, b] = [ownLoopbackAddress(), ownLoopbackAddress()];
      const scans = await exhaustAddressLimit(ingress.port, a);
      const other = await connects(ingress.port, b);
      for (const scan of scans)
        expect(events(scan)).toEqual([
          expect.objectContaining({
            event: 'security.auth_failed',
            clientAddress: a,
            peerAddress: proxyAddress,
            reason: expect.any(String),
          }),
        ]);
      expect(connected(other)).toMatchObject({ clientAddress: b, peerAddress: proxyAddress });
    });

    it("ignores an untrusted peer's X-Forwarded-For: its own address is counted, not the one it claims", async () => {
      const [peer, claimed] = [ownLoopbackAddress(), ownLoopbackAddress()];
      const spoofed = { 'X-Forwarded-For': claimed };
      for (let i = 0; i < 3; i++) {
        const id = uniqueName('scan');
        await expect(
          TestStation.connect(url(xff.port, id), ['ocpp1.6'], { localAddress: peer, headers: { ...basicAuth(id, PASSWORD), ...spoofed } }),
        ).rejects.toEqual(refused(404));
        expect(events(id)).toEqual([expect.objectContaining({ clientAddress: peer })]);
        expect(events(id)[0]).not.toHaveProperty('peerAddress');
      }
      const id = uniqueName('cs');
      await kit.addStation(id, { password: PASSWORD });
      await expect(
        TestStation.connect(url(xff.port, id), ['ocpp1.6'], {
          localAddress: peer,
          headers: { ...basicAuth(id, PASSWORD), 'X-Forwarded-For': ownLoopbackAddress() },
        }),
      ).rejects.toEqual(refused(429));
      // The address it claimed was never charged: a station there, behind the trusted ingress, connects.
      const ingress = await proxy(startForwardingProxy(xff.port, proxyAddress));
      const there = await connects(ingress.port, claimed);
      expect(connected(there)).toMatchObject({ clientAddress: claimed });
    });
  });

  describe('PROXY protocol', () => {
    it('v1, the header in a segment of its own: two stations behind one balancer get their own limiter buckets', async () => {
      const balancer = await proxy(startTcpProxy(pp.port, proxyAddress, undefined, { coalesce: false }));
      const [a, b] = [ownLoopbackAddress(), ownLoopbackAddress()];
      const scans = await exhaustAddressLimit(balancer.port, a);
      const other = await connects(balancer.port, b);
      expect(events(scans[0])[0]).toMatchObject({ event: 'security.auth_failed', clientAddress: a, peerAddress: proxyAddress });
      expect(connected(other)).toMatchObject({ clientAddress: b, peerAddress: proxyAddress });
    });

    it('v2 with IPv6 client addresses: separate buckets too', async () => {
      const balancer = await proxy(
        startTcpProxy(pp.port, proxyAddress, (client) =>
          proxyV2({ address: claimedIPv6(client.remoteAddress!), port: client.remotePort! }, { address: 'fd00::1', port: 443 }),
        ),
      );
      const [a, b] = [ownLoopbackAddress(), ownLoopbackAddress()];
      const scans = await exhaustAddressLimit(balancer.port, a);
      const other = await connects(balancer.port, b);
      expect(events(scans[2])[0]).toMatchObject({ clientAddress: claimedIPv6(a), peerAddress: proxyAddress });
      expect(connected(other)).toMatchObject({ clientAddress: claimedIPv6(b), peerAddress: proxyAddress });
    });

    it("v2 LOCAL (the balancer's own connection): the balancer is the client", async () => {
      const balancer = await proxy(startTcpProxy(pp.port, proxyAddress, () => proxyV2('local', { address: '127.0.0.1', port: pp.port })));
      const id = await connects(balancer.port, ownLoopbackAddress());
      expect(connected(id)).toMatchObject({ clientAddress: proxyAddress });
      expect(connected(id)).not.toHaveProperty('peerAddress');
    });

    it('refuses a peer that is not a trusted proxy, and malformed, truncated or missing headers', async () => {
      const before = logs.lines.length;
      // An untrusted peer, even with a well-formed header, and a station that skips the balancer.
      const untrusted = ownLoopbackAddress();
      const direct = await exchange(pp.port, untrusted, Buffer.from(`PROXY TCP4 198.51.100.1 127.0.0.1 1234 ${pp.port}\r\n`));
      expect(direct).toEqual({ received: '', closed: true });
      const skipped = await TestStation.connect(url(pp.port, uniqueName('cs')), ['ocpp1.6'], { localAddress: untrusted }).then(
        () => 'connected',
        (error: unknown) => error,
      );
      // Closed without an HTTP answer (no status to refuse with).
      expect(String(skipped)).toMatch(/socket hang up|ECONNRESET/);
      expect(skipped).not.toHaveProperty('status');
      // From the trusted proxy's address: headers that are not PROXY headers.
      const bad = [
        'PROXY TCP4 198.51.100.1\r\n',
        'PROXY TCP4 198.51.100.300 127.0.0.1 1 2\r\n',
        `GET /ocpp/x HTTP/1.1\r\nHost: x\r\n\r\n`,
        Buffer.concat([
          proxyV2({ address: '198.51.100.1', port: 1 }, { address: '127.0.0.1', port: 2 }).subarray(0, 12),
          Buffer.from([0x11, 0x11, 0, 12]),
        ]),
      ];
      for (const bytes of bad) expect(await exchange(pp.port, proxyAddress, Buffer.from(bytes))).toEqual({ received: '', closed: true });
      // Truncated: half a v2 header, then silence until the handshake timeout (1 s).
      const half = proxyV2({ address: '198.51.100.1', port: 1 }, { address: '127.0.0.1', port: 2 }).subarray(0, 20);
      expect(await exchange(pp.port, proxyAddress, half)).toEqual({ received: '', closed: true });
      await waitFor(() => logs.lines.slice(before).some((l) => l.reason === 'proxy_header_timeout'), { message: 'timeout logged' });
      const refusals = logs.lines.slice(before).filter((l) => l.event === 'security.connection_refused');
      expect(refusals.filter((l) => l.reason === 'proxy_untrusted_peer').length).toBeGreaterThanOrEqual(2);
      expect(refusals.filter((l) => l.reason === 'proxy_header_invalid')).toHaveLength(bad.length);
      expect(refusals.every((l) => l.level === 40 && typeof l.peerAddress === 'string')).toBe(true);
      const text = await metrics(pp);
      for (const reason of ['proxy_untrusted_peer', 'proxy_header_invalid', 'proxy_header_timeout'])
        expect(text).toMatch(new RegExp(`voltlane_gateway_handshakes_refused_total\\{[^}]*reason="${reason}"[^}]*\\} [1-9]`));
    });
  });

  describe('PROXY protocol before TLS', () => {
    it('profile 2: the header is read on the TCP socket, then TLS and Basic auth per station address', async () => {
      const balancer = await proxy(
        startTcpProxy(p2.port, proxyAddress, (client) =>
          proxyV2({ address: client.remoteAddress!, port: client.remotePort! }, { address: '127.0.0.1', port: p2.port }),
        ),
      );
      const [a, b] = [ownLoopbackAddress(), ownLoopbackAddress()];
      const scans = await exhaustAddressLimit(balancer.port, a, 'wss', { ca: pki.ca });
      const other = await connects(balancer.port, b, 'wss', { ca: pki.ca });
      expect(events(scans[1])[0]).toMatchObject({ clientAddress: a, peerAddress: proxyAddress, securityProfile: 2 });
      expect(connected(other)).toMatchObject({ clientAddress: b, peerAddress: proxyAddress, securityProfile: 2 });
    });

    it('profile 3: a station certificate is checked behind the balancer, and a refused one is logged with the station address', async () => {
      const balancer = await proxy(startTcpProxy(p3.port, proxyAddress));
      const [a, b] = [ownLoopbackAddress(), ownLoopbackAddress()];
      const id = uniqueName('cs');
      await kit.addStation(id, { securityProfile: 3 });
      const own = pki.issue(id);
      const station = await TestStation.connect(url(balancer.port, id, 'wss'), ['ocpp2.0.1'], {
        localAddress: a,
        ca: pki.ca,
        cert: own.cert,
        key: own.key,
      });
      await station.close();
      expect(connected(id)).toMatchObject({ clientAddress: a, peerAddress: proxyAddress, securityProfile: 3 });
      // A certificate of no CA we know: the TLS handshake itself fails.
      const stranger = pki.issue(uniqueName('stranger'), 'basicConstraints=CA:FALSE', true);
      const before = logs.lines.length;
      await expect(
        TestStation.connect(url(balancer.port, id, 'wss'), ['ocpp2.0.1'], {
          localAddress: b,
          ca: pki.ca,
          cert: stranger.cert,
          key: stranger.key,
        }),
      ).rejects.toThrow();
      await waitFor(() => logs.lines.slice(before).some((l) => l.event === 'security.auth_failed'), {
        message: 'certificate refusal logged',
      });
      expect(logs.lines.slice(before).find((l) => l.event === 'security.auth_failed')).toMatchObject({
        level: 40,
        securityEvent: 'StationCertificateRefused',
        clientAddress: b,
        peerAddress: proxyAddress,
        listenerProfiles: [3],
      });
      // No certificate at all: refused by OpenSSL during the handshake, logged the same way.
      const c = ownLoopbackAddress();
      await expect(TestStation.connect(url(balancer.port, id, 'wss'), ['ocpp2.0.1'], { localAddress: c, ca: pki.ca })).rejects.toThrow();
      await waitFor(() => logs.lines.some((l) => l.event === 'security.auth_failed' && l.clientAddress === c), {
        message: 'no certificate logged',
      });
      expect(await metrics(p3)).toMatch(/voltlane_gateway_auth_failures_total\{[^}]*kind="bad_certificate"[^}]*\} [2-9]/);
    });
  });

  it('writes every log line with each key once', () => {
    expect(logs.raw.length).toBeGreaterThan(20);
    expect(() => logs.lines).not.toThrow();
  });
});

/** Connects from `localAddress`, writes `bytes`, and reports what came back before the gateway closed the connection. */
function exchange(port: number, localAddress: string, bytes: Buffer): Promise<{ received: string; closed: boolean }> {
  return new Promise((resolve) => {
    let received = '';
    const socket = connect({ port, host: '127.0.0.1', localAddress }, () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ received, closed: true }));
    setTimeout(() => {
      socket.destroy();
      resolve({ received, closed: false });
    }, 5_000).unref();
  });
}
