// OCTT 2.0.1 CSMS test cases, functional block A, over TLS: on security profile 2 (TLS with Basic
// auth) the server certificate, the TLS version floor and the upgrade to profile 3; on profile 3
// (mutual TLS) the station certificate: the CSMS signs the station's CSR with the CA it holds (the
// CA the profile-3 gateway trusts for client certificates) and sends CertificateSigned. The stack's
// gateway listens on profile 2; a second gateway instance on profile 3 shares the stack, as a
// deployment runs one listener per profile.
import type { RunningGateway } from '@voltlane/ocpp-gateway';
import { hashSecret } from '@voltlane/security';
import type { ConnectionOptions } from 'node:tls';
import { TestStation, basicAuth, tlsHandshake, waitFor } from '@voltlane/testing';
import type { ClientOptions } from 'ws';
import { STATION_PASSWORD, type StackHarness } from '../../stack-harness';
import { TlsStack } from '../tls-stack';
import { secureStationUrl, type TlsFixtures } from '../ocpp16/tls-fixtures';
import { Station201, V201, newStationId, rows201, storedStation, waitForCommandRecords } from '../ocpp201-station';
import { expectStationCertificate, newStationKey, type StationKey } from '../station-certificates';

describe('OCTT 2.0.1 CSMS — A Security over TLS (profiles 2 and 3) and certificates', () => {
  let stack: TlsStack;
  let harness: StackHarness;
  let tls: TlsFixtures;
  let profile3: RunningGateway;
  let oneUrl: RunningGateway;

  beforeAll(async () => {
    stack = await TlsStack.start();
    ({ harness, tls, profile3, oneUrl } = stack);
  }, 120_000);
  afterAll(() => stack?.stop());

  const open = (url: string, options: ClientOptions): Promise<TestStation | number | Error> => stack.open(url, [V201], options);

  async function provision(id: string): Promise<string> {
    await harness.credentials.put({
      stationId: id,
      securityProfile: 2,
      passwordHash: await hashSecret(STATION_PASSWORD, { N: 1024, r: 8, p: 1 }),
    });
    return secureStationUrl(harness.gateway.ports[0], id);
  }

  it('TC_A_04_CSMS TLS - server-side certificate - Valid certificate', async () => {
    const id = newStationId('A04');
    const url = await provision(id);
    // The station trusts only the CSMS root; the server certificate chains to it for the address dialled.
    const ws = await open(url, { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD), minVersion: 'TLSv1.2' });
    if (!(ws instanceof TestStation)) throw new Error(`TLS connection failed: ${String(ws)}`);
    await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered` });
    const cs = Station201.attach(harness, id, ws);
    await cs.boot();
    await cs.status(1, 1, 'Available');
    await waitFor(async () => (await storedStation(harness, id))?.securityProfile === 2, { message: 'security profile 2 stored' });
    // Basic auth still applies inside TLS, and a plain WebSocket does not reach the TLS listener.
    expect(await open(url, { ca: tls.ca, headers: basicAuth(id, 'wrong-password-0123') })).toBe(401);
    expect(await open(url.replace('wss://', 'ws://'), { headers: basicAuth(id, STATION_PASSWORD) })).not.toBeInstanceOf(TestStation);
  });

  it('TC_A_06_CSMS TLS - server-side certificate - TLS version too low', async () => {
    const id = newStationId('A06');
    const url = await provision(id);
    // A station offering at most TLS 1.1 gets the server's "protocol version" alert: no connection.
    const old = await open(url, {
      ca: tls.ca,
      headers: basicAuth(id, STATION_PASSWORD),
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    expect(old).toBeInstanceOf(Error);
    expect((old as Error).message).toMatch(/alert protocol version/);
    expect(await harness.registry.lookup(id)).toBeNull();
    // The same station on TLS 1.2 connects.
    const ws = await open(url, { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD), minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
    expect(ws).toBeInstanceOf(TestStation);
  });

  it('TC_A_19_CSMS Upgrade Charging Station Security Profile - Accepted', async () => {
    const id = newStationId('A19');
    const url = await provision(id);
    const ws = await open(url, { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD) });
    if (!(ws instanceof TestStation)) throw new Error(`TLS connection failed: ${String(ws)}`);
    await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered` });
    const cs = Station201.attach(harness, id, ws);
    await cs.boot();
    await waitFor(async () => (await storedStation(harness, id))?.securityProfile === 2, { message: 'security profile 2 stored' });

    const secureUrl = `wss://127.0.0.1:${profile3.ports[0]}/ocpp/`;
    const response = await harness.api.request('POST', `/api/v1/stations/${encodeURIComponent(id)}/security-profile`, {
      securityProfile: 3,
      ocppCsmsUrl: secureUrl,
      configurationSlot: 2,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'Accepted',
      securityProfile: 3,
      steps: [
        { action: 'SetNetworkProfile', result: { status: 'Accepted' } },
        { action: 'SetVariables', result: { setVariableResult: [expect.objectContaining({ attributeStatus: 'Accepted' })] } },
        { action: 'Reset', result: { status: 'Accepted' } },
      ],
    });
    // What the station received, in this order: the new network profile, its priority, the reset.
    const [network] = await cs.receivedCalls('SetNetworkProfile');
    expect(network.payload).toEqual({
      configurationSlot: 2,
      connectionData: {
        ocppVersion: 'OCPP20',
        ocppTransport: 'JSON',
        ocppCsmsUrl: secureUrl,
        messageTimeout: 30,
        securityProfile: 3,
        ocppInterface: 'Wired0',
      },
    });
    const [priority] = await cs.receivedCalls('SetVariables');
    expect(priority.payload).toEqual({
      setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'NetworkConfigurationPriority' }, attributeValue: '2' }],
    });
    const [reset] = await cs.receivedCalls('Reset');
    expect(reset.payload).toEqual({ type: 'OnIdle' });
    expect(network.at).toBeLessThanOrEqual(priority.at);
    expect(priority.at).toBeLessThanOrEqual(reset.at);

    // The station restarts and connects on profile 3 (mutual TLS) at the new URL.
    await cs.close();
    await waitFor(async () => (await harness.registry.lookup(id)) === null, { message: `${id} unregistered` });
    const upgraded = await open(`${secureUrl}${encodeURIComponent(id)}`, { ca: tls.ca, ...tls.client(id) });
    if (!(upgraded instanceof TestStation)) throw new Error(`profile 3 connection failed: ${String(upgraded)}`);
    await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered on profile 3` });
    await Station201.attach(harness, id, upgraded).boot({ reason: 'RemoteReset' });
    await waitFor(async () => (await storedStation(harness, id))?.securityProfile === 3, { message: 'security profile 3 stored' });

    // No way back: profile 2 is refused at the handshake, and the API refuses a downgrade.
    expect(await open(url, { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD) })).toBe(401);
    const downgrade = await harness.api.request('POST', `/api/v1/stations/${encodeURIComponent(id)}/security-profile`, {
      securityProfile: 2,
      ocppCsmsUrl: url,
      password: STATION_PASSWORD,
    });
    expect(downgrade.status).toBe(409);
    expect(downgrade.body.detail).toContain('is on security profile 3: the profile can only be raised');
  });

  it('a refused network profile leaves the station on its security profile', async () => {
    const id = newStationId('A19R');
    const url = await provision(id);
    const ws = await open(url, { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD) });
    if (!(ws instanceof TestStation)) throw new Error(`TLS connection failed: ${String(ws)}`);
    await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered` });
    const cs = Station201.attach(harness, id, ws);
    await cs.boot();
    cs.answer('SetNetworkProfile', { status: 'Rejected' });
    const path = `/api/v1/stations/${encodeURIComponent(id)}/security-profile`;
    expect((await harness.api.request('POST', path, { securityProfile: 3, ocppCsmsUrl: 'ws://127.0.0.1/ocpp/' })).body.detail).toContain(
      'ocppCsmsUrl must be a wss:// URL',
    );
    const response = await harness.api.request('POST', path, {
      securityProfile: 3,
      ocppCsmsUrl: `wss://127.0.0.1:${profile3.ports[0]}/ocpp/`,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'Rejected',
      securityProfile: 2,
      steps: [{ action: 'SetNetworkProfile', result: { status: 'Rejected' } }],
    });
    expect(cs.received.map((c) => c.action)).toEqual(['SetNetworkProfile']);
    expect(await harness.credentials.get(id)).toMatchObject({ securityProfile: 2 });
  });

  /** Connects `id` over mutual TLS with `client` (default: a certificate from the fixtures' CA) and boots it. */
  async function bootedOverTls(id: string, client: { cert: Buffer | string; key: Buffer | string } = tls.client(id)): Promise<Station201> {
    if (!(await harness.credentials.get(id))) await harness.credentials.put({ stationId: id, securityProfile: 3 });
    const ws = await stack.connect(secureStationUrl(profile3.ports[0], id), [V201], { ca: tls.ca, ...client });
    await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered` });
    const cs = Station201.attach(harness, id, ws);
    await cs.boot();
    return cs;
  }

  const signingRequests = (id: string) =>
    rows201<{
      status: string;
      reason: string | null;
      detail: string | null;
      certificate_type: string | null;
      serial_number: string | null;
      certificate: string | null;
    }>(
      harness,
      'station',
      'SELECT status, reason, detail, certificate_type, serial_number, certificate FROM certificate_signing_request WHERE station_id = $1 ORDER BY id',
      [id],
    );

  /** TriggerMessage(SignChargingStationCertificate) → the station sends SignCertificate with a CSR for `subject`. */
  async function triggeredSignCertificate(
    cs: Station201,
    subject: string,
  ): Promise<{ key: StationKey; status: string; answeredAt: number }> {
    expect(await cs.commandResult('TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' })).toEqual({
      status: 'Accepted',
    });
    const key = await newStationKey(subject);
    const answer = await cs.call<{ status: string }>('SignCertificate', { csr: key.csrPem, certificateType: 'ChargingStationCertificate' });
    return { key, status: answer.status, answeredAt: Date.now() };
  }

  it('TC_A_11_CSMS Update Charging Station Certificate by request of CSMS - Success', async () => {
    const id = newStationId('A11');
    const cs = await bootedOverTls(id);
    const { key, status, answeredAt } = await triggeredSignCertificate(cs, `CN=${id}`);
    expect(status).toBe('Accepted');

    const [signed] = await cs.receivedCalls('CertificateSigned', 1, 15_000);
    // The CALLRESULT of SignCertificate comes first, CertificateSigned after it.
    expect(signed.at).toBeGreaterThanOrEqual(answeredAt);
    expect(signed.payload.certificateType).toBe('ChargingStationCertificate');
    const leaf = expectStationCertificate(signed.payload.certificateChain as string, id, key, tls.ca);

    await waitForCommandRecords(harness, id, 'CertificateSigned');
    await waitFor(async () => (await signingRequests(id))[0]?.status === 'Installed', {
      timeoutMs: 15_000,
      message: 'CSR tracked as Installed',
    });
    const [stored] = await signingRequests(id);
    expect(stored).toMatchObject({ certificate_type: 'ChargingStationCertificate', reason: null });
    expect(stored.serial_number?.toUpperCase().replace(/^0+/, '')).toBe(leaf.serialNumber.toUpperCase().replace(/^0+/, ''));

    // The station switches to its new certificate: the gateway accepts it for mutual TLS.
    await cs.close();
    await waitFor(async () => (await harness.registry.lookup(id)) === null, { message: `${id} unregistered` });
    const renewed = await bootedOverTls(id, { cert: signed.payload.certificateChain as string, key: key.keyPem });
    expect(await renewed.heartbeat()).toBeDefined();
  });

  it('TC_A_14_CSMS Update Charging Station Certificate by request of CSMS - Invalid certificate', async () => {
    const id = newStationId('A14');
    const cs = await bootedOverTls(id);
    cs.answer('CertificateSigned', { status: 'Rejected' });
    const { status } = await triggeredSignCertificate(cs, `CN=${id}`);
    expect(status).toBe('Accepted');
    await cs.receivedCalls('CertificateSigned', 1, 15_000);
    await waitFor(async () => (await signingRequests(id))[0]?.status === 'InstallRejected', {
      timeoutMs: 15_000,
      message: 'CSR tracked as InstallRejected',
    });
  });

  it('rejects a CSR whose subject is not the station, and signs nothing for it', async () => {
    const id = newStationId('A11X');
    const cs = await bootedOverTls(id);
    const { status } = await triggeredSignCertificate(cs, 'CN=someone-else');
    expect(status).toBe('Rejected');
    const [stored] = await signingRequests(id);
    expect(stored).toMatchObject({ status: 'Rejected', reason: 'CommonNameMismatch', certificate: null });
    expect(stored.detail).toContain(`subject CN must be the station identity "${id}" (got "someone-else")`);
    // V2G certificates come from the V2G PKI, not from this CA.
    const v2g = await newStationKey(`CN=${id}`);
    expect(await cs.call('SignCertificate', { csr: v2g.csrPem, certificateType: 'V2GCertificate' })).toEqual({ status: 'Rejected' });
    // A valid CSR afterwards is signed: the only CertificateSigned the station ever gets is for it.
    const valid = await newStationKey(`CN=${id}`);
    expect(await cs.call('SignCertificate', { csr: valid.csrPem, certificateType: 'ChargingStationCertificate' })).toEqual({
      status: 'Accepted',
    });
    await waitFor(async () => (await signingRequests(id)).some((r) => r.status === 'Installed'), {
      timeoutMs: 15_000,
      message: 'the valid CSR installed',
    });
    const signed = cs.received.filter((c) => c.action === 'CertificateSigned');
    expect(signed).toHaveLength(1);
    expectStationCertificate(signed[0].payload.certificateChain as string, id, valid, tls.ca);
    expect((await signingRequests(id)).map((r) => r.status)).toEqual(['Rejected', 'Rejected', 'Installed']);
  });
  describe('one wss:// URL for profiles 2 and 3, with an RSA and an ECDSA certificate', () => {
    const sharedUrl = (id: string) => secureStationUrl(oneUrl.ports[0], id);

    it.each([
      ['RSA', { ciphers: 'AES128-GCM-SHA256', maxVersion: 'TLSv1.2' }, 'rsa', 'TLS_RSA_WITH_AES_128_GCM_SHA256'],
      ['RSA', { ciphers: 'ECDHE-RSA-AES128-GCM-SHA256', maxVersion: 'TLSv1.2' }, 'rsa', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
      ['ECDSA', { ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256', maxVersion: 'TLSv1.2' }, 'ec', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
      ['ECDSA', { ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384', maxVersion: 'TLSv1.2' }, 'ec', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'],
    ] as [string, ClientOptions, string, string][])(
      'TC_A_04_CSMS TLS - server-side certificate - Valid certificate (%s, %s)',
      async (_variant, offer, keyType, suite) => {
        const id = newStationId('A04S');
        await provision(id);
        // The station offers only the suites of its own certificate type: the CSMS answers with the matching chain.
        expect(await tlsHandshake(oneUrl.ports[0], { ca: tls.ca, ...offer } as ConnectionOptions)).toMatchObject({
          keyType,
          cipher: suite,
          version: 'TLSv1.2',
        });
        const ws = await open(sharedUrl(id), { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD), ...offer });
        if (!(ws instanceof TestStation)) throw new Error(`TLS connection failed: ${String(ws)}`);
        await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered` });
        await Station201.attach(harness, id, ws).boot();
        await waitFor(async () => (await storedStation(harness, id))?.securityProfile === 2, { message: 'security profile 2 stored' });
      },
    );

    it('TC_A_07_CSMS TLS - Client-side certificate - Valid certificate (on the URL shared with profile 2)', async () => {
      const id = newStationId('A07');
      await harness.credentials.put({ stationId: id, securityProfile: 3 });
      const ws = await open(sharedUrl(id), { ca: tls.ca, ...tls.client(id) });
      if (!(ws instanceof TestStation)) throw new Error(`mutual TLS connection failed: ${String(ws)}`);
      await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered` });
      await Station201.attach(harness, id, ws).boot();
      await waitFor(async () => (await storedStation(harness, id))?.securityProfile === 3, { message: 'security profile 3 stored' });
    });

    it('TC_A_08_CSMS TLS - Client-side certificate - Invalid certificate (on the URL shared with profile 2)', async () => {
      const id = newStationId('A08');
      await harness.credentials.put({
        stationId: id,
        securityProfile: 3,
        passwordHash: await hashSecret(STATION_PASSWORD, { N: 1024, r: 8, p: 1 }),
      });
      // Not signed by the CSMS's CA, issued to another station, or none at all (a password does not stand in).
      expect(await open(sharedUrl(id), { ca: tls.ca, ...tls.client(id, { selfSigned: true }) })).toBe(401);
      expect(await open(sharedUrl(id), { ca: tls.ca, ...tls.client(`${id}-other`) })).toBe(401);
      expect(await open(sharedUrl(id), { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD) })).toBe(401);
      expect(await harness.registry.lookup(id)).toBeNull();
    });

    it('TC_A_19_CSMS Upgrade Charging Station Security Profile - Accepted (the station keeps its URL)', async () => {
      const id = newStationId('A19U');
      await provision(id);
      const ws = await open(sharedUrl(id), { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD) });
      if (!(ws instanceof TestStation)) throw new Error(`TLS connection failed: ${String(ws)}`);
      await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered` });
      const cs = Station201.attach(harness, id, ws);
      await cs.boot();
      const url = `wss://127.0.0.1:${oneUrl.ports[0]}/ocpp/`;
      const response = await harness.api.request('POST', `/api/v1/stations/${encodeURIComponent(id)}/security-profile`, {
        securityProfile: 3,
        ocppCsmsUrl: url,
        configurationSlot: 2,
      });
      expect(response.body).toMatchObject({ status: 'Accepted', securityProfile: 3 });
      // Until the station restarts on profile 3, it may still reconnect on profile 2 (no lock-out).
      await cs.close();
      await waitFor(async () => (await harness.registry.lookup(id)) === null, { message: `${id} unregistered` });
      const again = await open(sharedUrl(id), { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD) });
      if (!(again instanceof TestStation)) throw new Error(`profile 2 reconnection refused before the switch: ${String(again)}`);
      await again.close();
      await waitFor(async () => (await harness.registry.lookup(id)) === null, { message: `${id} unregistered` });
      // The station restarts with its client certificate, at the same URL.
      const upgraded = await open(sharedUrl(id), { ca: tls.ca, ...tls.client(id) });
      if (!(upgraded instanceof TestStation)) throw new Error(`profile 3 connection failed: ${String(upgraded)}`);
      await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered on profile 3` });
      await Station201.attach(harness, id, upgraded).boot({ reason: 'RemoteReset' });
      await waitFor(async () => (await storedStation(harness, id))?.securityProfile === 3, { message: 'security profile 3 stored' });
      // Now profile 2 is revoked, on this URL and on the profile-2-only one.
      expect(await harness.credentials.get(id)).toMatchObject({ securityProfile: 3 });
      expect((await harness.credentials.get(id))?.pending).toBeUndefined();
      expect(await open(sharedUrl(id), { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD) })).toBe(401);
      expect(await open(secureStationUrl(harness.gateway.ports[0], id), { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD) })).toBe(
        401,
      );
    });
  });
});
