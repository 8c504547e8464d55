// OCTT 1.6 Central System test case TC_086 (security profile 2: TLS with Basic auth). The gateway
// of this file's stack listens with TLS only, so it has its own harness.
import { hashSecret } from '@voltlane/security';
import { HandshakeRefused, TestStation, basicAuth, waitFor } from '@voltlane/testing';
import type { ClientOptions } from 'ws';
import { STATION_PASSWORD, type StackHarness } from '../../stack-harness';
import { ChargePoint16, handles, newChargePointId, startConformanceStack } from '../ocpp16-station';
import { createTlsFixtures, secureStationUrl, type TlsFixtures } from './tls-fixtures';

describe('OCTT 1.6 Central System: Security profile 2', () => {
  let harness: StackHarness;
  let tls: TlsFixtures;
  const opened: TestStation[] = [];

  beforeAll(async () => {
    tls = createTlsFixtures();
    harness = await startConformanceStack({ OCPP_SECURITY_PROFILE: '2', OCPP_TLS_CERT_FILE: tls.certFile, OCPP_TLS_KEY_FILE: tls.keyFile });
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled(opened.map((s) => s.close()));
    await harness?.stop();
    tls?.remove();
  });

  /** Connects over TLS; resolves the station, the HTTP status that refused it, or the connection error. */
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

  it('TC_086_CSMS TLS server certificate', async () => {
    const id = newChargePointId('086');
    await harness.credentials.put({
      stationId: id,
      securityProfile: 2,
      passwordHash: await hashSecret(STATION_PASSWORD, { N: 1024, r: 8, p: 1 }),
    });
    const port = harness.gateway.ports[0];
    const url = secureStationUrl(port, id);

    // The server certificate chains to the CA the charge point trusts, for the address it dialled.
    const station = await open(url, { ca: tls.ca, headers: basicAuth(id, STATION_PASSWORD) });
    if (!(station instanceof TestStation)) throw new Error(`TLS connection failed: ${String(station)}`);
    expect(station.protocol).toBe('ocpp1.6');
    await waitFor(async () => (await harness.registry.lookup(id)) !== null, { message: `${id} registered` });
    const cp = ChargePoint16.attach(harness, id, station);
    await cp.boot();
    await cp.status(1, 'Available');
    await waitFor(async () => (await handles(harness).stations.stations.station(id))?.securityProfile === 2, {
      message: 'security profile 2 stored',
    });
    await cp.close();

    // Basic auth still applies inside TLS.
    expect(await open(url, { ca: tls.ca, headers: basicAuth(id, 'wrong-password-0123') })).toBe(401);
    // TLS below 1.2 is refused by the server (its "protocol version" alert).
    const old = await open(url, {
      ca: tls.ca,
      headers: basicAuth(id, STATION_PASSWORD),
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    expect(old).toBeInstanceOf(Error);
    expect((old as Error).message).toMatch(/alert protocol version/);
    // Plain WebSocket on the TLS listener does not connect.
    expect(
      await open(`ws://127.0.0.1:${port}/ocpp/${encodeURIComponent(id)}`, { headers: basicAuth(id, STATION_PASSWORD) }),
    ).not.toBeInstanceOf(TestStation);
  });
});
