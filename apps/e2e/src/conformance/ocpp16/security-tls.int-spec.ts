// OCTT 1.6 Central System test cases TC_083 (security whitepaper: upgrade the Charge Point security
// profile) and TC_074 (update the Charge Point certificate by request of the Central System: the
// CSMS signs the CSR with the CA it holds, the CA the profile-3 gateway trusts for client
// certificates). The stack's gateway listens on profile 2 (TLS + Basic auth); a second gateway
// instance on profile 3 (mutual TLS) shares the stack, as a deployment runs one listener per profile.
import type { RunningGateway } from '@voltlane/ocpp-gateway';
import { hashSecret } from '@voltlane/security';
import { TestStation, basicAuth, waitFor } from '@voltlane/testing';
import type { ClientOptions } from 'ws';
import { STATION_PASSWORD, type StackHarness } from '../../stack-harness';
import { TlsStack } from '../tls-stack';
import { ChargePoint16, handles, newChargePointId, rowsOf } from '../ocpp16-station';
import { expectStationCertificate, newStationKey } from '../station-certificates';
import { secureStationUrl, type TlsFixtures } from './tls-fixtures';

describe('OCTT 1.6 Central System: Security — profile upgrade and certificate signing', () => {
  let stack: TlsStack;
  let harness: StackHarness;
  let tls: TlsFixtures;
  let profile3: RunningGateway;

  beforeAll(async () => {
    stack = await TlsStack.start();
    ({ harness, tls, profile3 } = stack);
  }, 120_000);
  afterAll(() => stack?.stop());

  const open = (url: string, options: ClientOptions): Promise<TestStation | number | Error> => stack.open(url, ['ocpp1.6'], options);

  const storedProfile = async (id: string) => (await handles(harness).stations.stations.station(id))?.securityProfile;

  it('TC_083_CSMS Upgrade Charge Point Security Profile - Accepted', async () => {
    const id = newChargePointId('083');
    await harness.credentials.put({
      stationId: id,
      securityProfile: 2,
      passwordHash: await hashSecret(STATION_PASSWORD, { N: 1024, r: 8, p: 1 }),
    });
    const profile2Url = secureStationUrl(harness.gateway.ports[0], id);
    const ws = await open(profile2Url, { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD) });
    if (!(ws instanceof TestStation)) throw new Error(`TLS connection failed: ${String(ws)}`);
    await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered` });
    const cp = ChargePoint16.attach(harness, id, ws);
    await cp.boot();
    await waitFor(async () => (await storedProfile(id)) === 2, { message: 'security profile 2 stored' });

    const response = await harness.api.request('POST', `/api/v1/stations/${encodeURIComponent(id)}/security-profile`, {
      securityProfile: 3,
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'Accepted',
      securityProfile: 3,
      steps: [{ action: 'ChangeConfiguration', result: { status: 'Accepted' } }],
    });
    const [change] = await cp.receivedCalls('ChangeConfiguration');
    expect(change.payload).toEqual({ key: 'SecurityProfile', value: '3' });

    // The charge point reconnects on profile 3 with its client certificate.
    await cp.close();
    await waitFor(async () => (await harness.registry.lookup(id)) === null, { message: `${id} unregistered` });
    const upgraded = await open(secureStationUrl(profile3.ports[0], id), { ca: tls.ca, ...tls.client(id) });
    if (!(upgraded instanceof TestStation)) throw new Error(`profile 3 connection failed: ${String(upgraded)}`);
    await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered on profile 3` });
    await ChargePoint16.attach(harness, id, upgraded).boot();
    await waitFor(async () => (await storedProfile(id)) === 3, { message: 'security profile 3 stored' });
    // Falling back to profile 2 is refused.
    expect(await open(profile2Url, { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD) })).toBe(401);
  });

  it('a charge point that rejects the new SecurityProfile keeps its profile', async () => {
    const id = newChargePointId('083R');
    await harness.credentials.put({
      stationId: id,
      securityProfile: 2,
      passwordHash: await hashSecret(STATION_PASSWORD, { N: 1024, r: 8, p: 1 }),
    });
    const ws = await open(secureStationUrl(harness.gateway.ports[0], id), { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD) });
    if (!(ws instanceof TestStation)) throw new Error(`TLS connection failed: ${String(ws)}`);
    await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered` });
    const cp = ChargePoint16.attach(harness, id, ws);
    await cp.boot();
    cp.answer('ChangeConfiguration', { status: 'Rejected' });
    const response = await harness.api.request('POST', `/api/v1/stations/${encodeURIComponent(id)}/security-profile`, {
      securityProfile: 3,
    });
    expect(response.body).toMatchObject({ status: 'Rejected', securityProfile: 2 });
    expect(await harness.credentials.get(id)).toMatchObject({ securityProfile: 2 });
  });

  async function bootedOverTls(id: string, client: { cert: Buffer | string; key: Buffer | string }): Promise<ChargePoint16> {
    if (!(await harness.credentials.get(id))) await harness.credentials.put({ stationId: id, securityProfile: 3 });
    const ws = await stack.connect(secureStationUrl(profile3.ports[0], id), ['ocpp1.6'], { ca: tls.ca, ...client });
    await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered` });
    const cp = ChargePoint16.attach(harness, id, ws);
    await cp.boot();
    return cp;
  }

  it('TC_074_CSMS Update Charge Point certificate by request of Central System', async () => {
    const id = newChargePointId('074');
    const cp = await bootedOverTls(id, tls.client(id));
    expect(await cp.commandResult('ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' })).toEqual({
      status: 'Accepted',
    });
    const key = await newStationKey(`CN=${id}`);
    expect(await cp.call('SignCertificate', { csr: key.csrPem })).toEqual({ status: 'Accepted' });
    const answeredAt = Date.now();

    const [signed] = await cp.receivedCalls('CertificateSigned', 1, 15_000);
    expect(signed.at).toBeGreaterThanOrEqual(answeredAt);
    expect(Object.keys(signed.payload)).toEqual(['certificateChain']);
    expectStationCertificate(signed.payload.certificateChain as string, id, key, tls.ca);
    await waitFor(
      async () =>
        (await rowsOf(harness, 'station', 'SELECT status FROM certificate_signing_request WHERE station_id = $1', [id]))[0]?.status ===
        'Installed',
      { timeoutMs: 15_000, message: 'CSR tracked as Installed' },
    );

    // The charge point reconnects with its new certificate.
    await cp.close();
    await waitFor(async () => (await harness.registry.lookup(id)) === null, { message: `${id} unregistered` });
    const renewed = await bootedOverTls(id, { cert: signed.payload.certificateChain as string, key: key.keyPem });
    expect(await renewed.heartbeat()).toBeDefined();
  });
});
