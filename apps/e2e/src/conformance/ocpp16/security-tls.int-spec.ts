// OCTT 1.6 Central System test cases TC_083 (security whitepaper: upgrade the Charge Point security
// profile) and TC_074 (update the Charge Point certificate by request of the Central System: the
// CSMS signs the CSR with the CA it holds, the CA the profile-3 gateway trusts for client
// certificates). The stack's gateway listens on profile 2 (TLS + Basic auth); a second gateway
// instance on profile 3 (mutual TLS) shares the stack, as a deployment runs one listener per profile.
import { join } from 'node:path';
import { loadGatewayConfig, startDistributedGateway, type RunningGateway } from '@voltlane/ocpp-gateway';
import { hashSecret } from '@voltlane/security';
import { createLogger } from '@voltlane/telemetry';
import { HandshakeRefused, TestStation, basicAuth, uniqueName, waitFor } from '@voltlane/testing';
import type { ClientOptions } from 'ws';
import { STATION_PASSWORD, StackHarness } from '../../stack-harness';
import { ChargePoint16, handles, newChargePointId, rowsOf } from '../ocpp16-station';
import { expectStationCertificate, newStationKey } from '../station-certificates';
import { createTlsFixtures, secureStationUrl, type TlsFixtures } from './tls-fixtures';

describe('OCTT 1.6 Central System: Security — profile upgrade and certificate signing', () => {
  let harness: StackHarness;
  let tls: TlsFixtures;
  let profile3: RunningGateway;
  const opened: TestStation[] = [];

  beforeAll(async () => {
    tls = createTlsFixtures();
    harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'metering', 'billing'],
      api: true,
      serviceEnv: { STATION_SERVICE_UNKNOWN_STATIONS: 'accept', STATION_SERVICE_CA_CERT_FILE: tls.caFile, STATION_SERVICE_CA_KEY_FILE: join(tls.dir, 'ca.key') },
      gatewayEnv: { OCPP_SECURITY_PROFILE: '2', OCPP_TLS_CERT_FILE: tls.certFile, OCPP_TLS_KEY_FILE: tls.keyFile },
    });
    const config = loadGatewayConfig({
      ...harness.serviceEnv,
      GATEWAY_INSTANCE_ID: uniqueName('gw3'),
      OCPP_PORT: '0',
      OCPP_HOST: '127.0.0.1',
      GATEWAY_OPS_PORT: '-1',
      OCPP_SECURITY_PROFILE: '3',
      OCPP_TLS_CERT_FILE: tls.certFile,
      OCPP_TLS_KEY_FILE: tls.keyFile,
      OCPP_TLS_CA_FILE: tls.caFile,
    });
    profile3 = await startDistributedGateway(config, createLogger('e2e', process.env.TEST_LOG_LEVEL ?? 'silent'));
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled(opened.map((s) => s.close()));
    await profile3?.stop();
    await harness?.stop();
    tls?.remove();
  });

  async function open(url: string, options: ClientOptions): Promise<TestStation | number | Error> {
    try {
      const station = await TestStation.connect(url, ['ocpp1.6'], options);
      opened.push(station);
      return station;
    } catch (error) {
      if (error instanceof HandshakeRefused) return error.status;
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  const storedProfile = async (id: string) => (await handles(harness).stations.stations.station(id))?.securityProfile;

  it('TC_083_CSMS Upgrade Charge Point Security Profile - Accepted', async () => {
    const id = newChargePointId('083');
    await harness.credentials.put({ stationId: id, securityProfile: 2, passwordHash: await hashSecret(STATION_PASSWORD, { N: 1024, r: 8, p: 1 }) });
    const profile2Url = secureStationUrl(harness.gateway.ports[0], id);
    const ws = await open(profile2Url, { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD) });
    if (!(ws instanceof TestStation)) throw new Error(`TLS connection failed: ${String(ws)}`);
    await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered` });
    const cp = ChargePoint16.attach(harness, id, ws);
    await cp.boot();
    await waitFor(async () => (await storedProfile(id)) === 2, { message: 'security profile 2 stored' });

    const response = await harness.api.request('POST', `/api/v1/stations/${encodeURIComponent(id)}/security-profile`, { securityProfile: 3 });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'Accepted', securityProfile: 3, steps: [{ action: 'ChangeConfiguration', result: { status: 'Accepted' } }] });
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
    await harness.credentials.put({ stationId: id, securityProfile: 2, passwordHash: await hashSecret(STATION_PASSWORD, { N: 1024, r: 8, p: 1 }) });
    const ws = await open(secureStationUrl(harness.gateway.ports[0], id), { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD) });
    if (!(ws instanceof TestStation)) throw new Error(`TLS connection failed: ${String(ws)}`);
    await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered` });
    const cp = ChargePoint16.attach(harness, id, ws);
    await cp.boot();
    cp.answer('ChangeConfiguration', { status: 'Rejected' });
    const response = await harness.api.request('POST', `/api/v1/stations/${encodeURIComponent(id)}/security-profile`, { securityProfile: 3 });
    expect(response.body).toMatchObject({ status: 'Rejected', securityProfile: 2 });
    expect(await harness.credentials.get(id)).toMatchObject({ securityProfile: 2 });
  });

  async function bootedOverTls(id: string, client: { cert: Buffer | string; key: Buffer | string }): Promise<ChargePoint16> {
    if (!(await harness.credentials.get(id))) await harness.credentials.put({ stationId: id, securityProfile: 3 });
    const ws = await TestStation.connect(secureStationUrl(profile3.ports[0], id), ['ocpp1.6'], { ca: tls.ca, ...client });
    opened.push(ws);
    await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered` });
    const cp = ChargePoint16.attach(harness, id, ws);
    await cp.boot();
    return cp;
  }

  it('TC_074_CSMS Update Charge Point certificate by request of Central System', async () => {
    const id = newChargePointId('074');
    const cp = await bootedOverTls(id, tls.client(id));
    expect(await cp.commandResult('ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' })).toEqual({ status: 'Accepted' });
    const key = await newStationKey(`CN=${id}`);
    expect(await cp.call('SignCertificate', { csr: key.csrPem })).toEqual({ status: 'Accepted' });
    const answeredAt = Date.now();

    const [signed] = await cp.receivedCalls('CertificateSigned', 1, 15_000);
    expect(signed.at).toBeGreaterThanOrEqual(answeredAt);
    expect(Object.keys(signed.payload)).toEqual(['certificateChain']);
    expectStationCertificate(signed.payload.certificateChain as string, id, key, tls.ca);
    await waitFor(
      async () => (await rowsOf(harness, 'station', 'SELECT status FROM certificate_signing_request WHERE station_id = $1', [id]))[0]?.status === 'Installed',
      { timeoutMs: 15_000, message: 'CSR tracked as Installed' },
    );

    // The charge point reconnects with its new certificate.
    await cp.close();
    await waitFor(async () => (await harness.registry.lookup(id)) === null, { message: `${id} unregistered` });
    const renewed = await bootedOverTls(id, { cert: signed.payload.certificateChain as string, key: key.keyPem });
    expect(await renewed.heartbeat()).toBeDefined();
  });
});
