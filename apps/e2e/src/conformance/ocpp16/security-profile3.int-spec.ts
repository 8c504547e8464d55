// OCTT 1.6 Central System test case TC_087 (security profile 3: TLS with client certificates). The
// gateway of this file's stack listens with mutual TLS only, so it has its own harness.
import { HandshakeRefused, TestStation, waitFor } from '@voltlane/testing';
import type { ClientOptions } from 'ws';
import type { StackHarness } from '../../stack-harness';
import { ChargePoint16, handles, newChargePointId, startConformanceStack } from '../ocpp16-station';
import { createTlsFixtures, secureStationUrl, type TlsFixtures } from './tls-fixtures';

describe('OCTT 1.6 Central System: Security profile 3', () => {
  let harness: StackHarness;
  let tls: TlsFixtures;
  const opened: TestStation[] = [];

  beforeAll(async () => {
    tls = createTlsFixtures();
    harness = await startConformanceStack({
      OCPP_SECURITY_PROFILE: '3',
      OCPP_TLS_CERT_FILE: tls.certFile,
      OCPP_TLS_KEY_FILE: tls.keyFile,
      OCPP_TLS_CA_FILE: tls.caFile,
    });
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled(opened.map((s) => s.close()));
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

  it('TC_087_CSMS TLS client certificate', async () => {
    const id = newChargePointId('087');
    await harness.credentials.put({ stationId: id, securityProfile: 3 });
    const url = secureStationUrl(harness.gateway.ports[0], id);

    // A client certificate from the CSMS's CA whose CN is the charge point identity.
    const station = await open(url, { ca: tls.ca, ...tls.client(id) });
    if (!(station instanceof TestStation)) throw new Error(`mutual TLS connection failed: ${String(station)}`);
    expect(station.protocol).toBe('ocpp1.6');
    await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered` });
    const cp = ChargePoint16.attach(harness, id, station);
    await cp.boot();
    await cp.status(1, 'Available');
    await waitFor(async () => (await handles(harness).stations.stations.station(id))?.securityProfile === 3, {
      message: 'security profile 3 stored',
    });
    await cp.close();

    // No client certificate, a self-signed one, or one for another identity: refused.
    expect(await open(url, { ca: tls.ca })).not.toBeInstanceOf(TestStation);
    expect(await open(url, { ca: tls.ca, ...tls.client(id, { selfSigned: true }) })).not.toBeInstanceOf(TestStation);
    expect(await open(url, { ca: tls.ca, ...tls.client(`${id}-other`) })).toBe(401);
  });
});
