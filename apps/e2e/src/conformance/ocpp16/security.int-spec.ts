// OCTT 1.6 Central System test cases, security whitepaper (ed. 2) over OCPP 1.6J. The harness's
// gateway listens on plain ws with security profile 1 (Basic auth), so the TLS cases (083, 086,
// 087) are not part of this file.
import { createHash, randomBytes } from 'node:crypto';
import { HandshakeRefused, TestStation, basicAuth, waitFor } from '@voltlane/testing';
import { STATION_PASSWORD, type StackHarness } from '../../stack-harness';
import { ChargePoint16, handles, newChargePointId, rowsOf, startConformanceStack } from '../ocpp16-station';

const ROOT_CERTIFICATE = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBrTCCAVOgAwIBAgIUbYdISf9f2HrNVSVkJNFSGAGWlDswCgYIKoZIzj0EAwIw',
  'LDEXMBUGA1UEAwwOT0NUVCBUZXN0IFJvb3QxETAPBgNVBAoMCFZvbHRsYW5lMB4X',
  'DTI2MTEyNDA4MDMxMFoXDTM2MTEyMTA4MDMxMFowLDEXMBUGA1UEAwwOT0NUVCBU',
  'ZXN0IFJvb3QxETAPBgNVBAoMCFZvbHRsYW5lMFkwEwYHKoZIzj0CAQYIKoZIzj0D',
  'AQcDQgAER4ONFTzD9KUOTtNiV0DU0pqxZnyWPd/p1Mz8sjnbKijH+SiF0nASIToF',
  '9NNAUIq5R+rFUvpZOneWJ2//AtPKFqNTMFEwHQYDVR0OBBYEFMSvCKBN4gDYcOIJ',
  'iEBGjH99JCJwMB8GA1UdIwQYMBaAFMSvCKBN4gDYcOIJiEBGjH99JCJwMA8GA1Ud',
  'EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAOyKYe3kFjir4i+KXlbcg4jF',
  'UN++RLYj2NESlTZZ+S4jAiBZOAUk9NoqTZCToNDi5fYz++1p4W5+fmWGOw3AerDW',
  'xw==',
  '-----END CERTIFICATE-----',
].join('\n');

const HASH_DATA = {
  hashAlgorithm: 'SHA256',
  issuerNameHash: createHash('sha256').update('CN=OCTT Test Root,O=Voltlane').digest('hex'),
  issuerKeyHash: createHash('sha256').update('OCTT Test Root key').digest('hex'),
  serialNumber: '6d874849ff5fd87acd55256424d152180196943b',
};

describe('OCTT 1.6 Central System: Security', () => {
  let harness: StackHarness;
  const opened: TestStation[] = [];

  beforeAll(async () => {
    harness = await startConformanceStack();
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled(opened.map((s) => s.close()));
    await harness?.stop();
  });

  /** Opens a WebSocket as `id` with `headers`; resolves the station or the HTTP status that refused it. */
  async function open(id: string, protocols: string[], headers: Record<string, string>): Promise<TestStation | number> {
    try {
      const station = await TestStation.connect(harness.stationUrl(id), protocols, { headers });
      opened.push(station);
      return station;
    } catch (error) {
      if (error instanceof HandshakeRefused) return error.status;
      throw error;
    }
  }

  const securityEvents = (id: string) =>
    rowsOf<{ type: string; tech_info: string | null }>(
      harness,
      'station',
      'SELECT type, tech_info FROM security_event WHERE station_id = $1 ORDER BY id',
      [id],
    );
  const commandRecords = (id: string, action: string) =>
    rowsOf(
      harness,
      'station',
      'SELECT status, file_name, request_id, request, response FROM station_command_record WHERE station_id = $1 AND action = $2',
      [id, action],
    );

  it('TC_073_CSMS update password', async () => {
    const id = newChargePointId('073');
    const cp = await ChargePoint16.booted(harness, id);
    const newKey = randomBytes(20).toString('hex');
    expect(await cp.commandResult('ChangeConfiguration', { key: 'AuthorizationKey', value: newKey })).toEqual({ status: 'Accepted' });
    expect((await cp.receivedCalls('ChangeConfiguration'))[0].payload).toEqual({ key: 'AuthorizationKey', value: newKey });
    // Every way this case can go wrong is collected, so one run names them all.
    const problems: string[] = [];

    // The charge point disconnects and at once reconnects with the new password: accepted on the
    // first attempt (it was stored before the command went out), no retry.
    await cp.close();
    const reconnected = await open(id, ['ocpp1.6'], basicAuth(id, newKey));
    if (typeof reconnected === 'number') {
      problems.push(`reconnecting with the new AuthorizationKey was refused with HTTP ${reconnected}`);
    } else {
      const station: TestStation = reconnected;
      expect(station.protocol).toBe('ocpp1.6');
      expect((await station.call('Heartbeat', {}))[0]).toBe(3);
      await station.close();
      // Once the charge point has used the new password, the old one no longer opens a connection.
      await waitFor(async () => (await harness.credentials.get(id))?.pending === undefined, {
        message: 'the new AuthorizationKey promoted',
      });
      const old = await open(id, ['ocpp1.6'], basicAuth(id, STATION_PASSWORD));
      if (old !== 401) problems.push(`the old password still opens a connection (${typeof old === 'number' ? `HTTP ${old}` : 'upgraded'})`);
    }

    // AuthorizationKey is write-only: the CSMS keeps no readable copy of it, neither stored nor in the API.
    const stored = await rowsOf(
      harness,
      'station',
      `SELECT value FROM configuration_key WHERE station_id = $1 AND key = 'AuthorizationKey'`,
      [id],
    );
    if (stored.some((r) => r.value === newKey)) problems.push('configuration_key stores the AuthorizationKey in clear text');
    const api = await harness.api.request('GET', `/api/v1/stations/${encodeURIComponent(id)}/configuration`);
    if (JSON.stringify(api.body).includes(newKey))
      problems.push(`GET /api/v1/stations/{id}/configuration returns the AuthorizationKey (HTTP ${api.status})`);

    expect(problems).toEqual([]);
  });

  it('TC_075_1_CSMS install ManufacturerRoot', async () => {
    const id = newChargePointId('075_1');
    const cp = await ChargePoint16.booted(harness, id);
    const request = { certificateType: 'ManufacturerRootCertificate', certificate: ROOT_CERTIFICATE };
    expect(await cp.commandResult('InstallCertificate', request)).toEqual({ status: 'Accepted' });
    await waitFor(async () => (await commandRecords(id, 'InstallCertificate')).length > 0, { message: 'InstallCertificate stored' });
    expect((await commandRecords(id, 'InstallCertificate'))[0]).toMatchObject({ status: 'Accepted', request });
  });

  it('TC_075_2_CSMS install CentralSystemRoot', async () => {
    const id = newChargePointId('075_2');
    const cp = await ChargePoint16.booted(harness, id);
    const request = { certificateType: 'CentralSystemRootCertificate', certificate: ROOT_CERTIFICATE };
    expect(await cp.commandResult('InstallCertificate', request)).toEqual({ status: 'Accepted' });
    await waitFor(async () => (await commandRecords(id, 'InstallCertificate')).length > 0, { message: 'InstallCertificate stored' });
    expect((await commandRecords(id, 'InstallCertificate'))[0]).toMatchObject({ status: 'Accepted', request });
  });

  it('TC_076_CSMS delete certificate', async () => {
    const id = newChargePointId('076');
    const cp = await ChargePoint16.booted(harness, id);
    cp.answer('GetInstalledCertificateIds', { status: 'Accepted', certificateHashData: [HASH_DATA] });
    cp.answer('DeleteCertificate', { status: 'Accepted' });
    expect(await cp.commandResult('GetInstalledCertificateIds', { certificateType: 'ManufacturerRootCertificate' })).toEqual({
      status: 'Accepted',
      certificateHashData: [HASH_DATA],
    });
    expect(await cp.commandResult('DeleteCertificate', { certificateHashData: HASH_DATA })).toEqual({ status: 'Accepted' });
    await waitFor(async () => (await commandRecords(id, 'DeleteCertificate')).length > 0, { message: 'DeleteCertificate stored' });
    expect((await commandRecords(id, 'DeleteCertificate'))[0]).toMatchObject({
      status: 'Accepted',
      request: { certificateHashData: HASH_DATA },
    });
  });

  it('TC_077_CSMS invalid ChargePoint certificate', async () => {
    const id = newChargePointId('077');
    const cp = await ChargePoint16.booted(harness, id);
    cp.answer('CertificateSigned', { status: 'Rejected' });
    expect(await cp.commandResult('CertificateSigned', { certificateChain: ROOT_CERTIFICATE })).toEqual({ status: 'Rejected' });
    const timestamp = new Date().toISOString();
    expect(
      await cp.call('SecurityEventNotification', {
        type: 'InvalidChargePointCertificate',
        timestamp,
        techInfo: 'certificate chain does not match the CSR',
      }),
    ).toEqual({});

    await waitFor(async () => (await securityEvents(id)).length > 0, { message: 'security event stored' });
    expect(await securityEvents(id)).toEqual([
      { type: 'InvalidChargePointCertificate', tech_info: 'certificate chain does not match the CSR' },
    ]);
  });

  it('TC_078_CSMS invalid CentralSystem certificate', async () => {
    const id = newChargePointId('078');
    const cp = await ChargePoint16.booted(harness, id);
    cp.answer('InstallCertificate', { status: 'Rejected' });
    expect(
      await cp.commandResult('InstallCertificate', { certificateType: 'CentralSystemRootCertificate', certificate: ROOT_CERTIFICATE }),
    ).toEqual({ status: 'Rejected' });
    expect(
      await cp.call('SecurityEventNotification', { type: 'InvalidCentralSystemCertificate', timestamp: new Date().toISOString() }),
    ).toEqual({});

    await waitFor(async () => (await securityEvents(id)).length > 0, { message: 'security event stored' });
    expect(await securityEvents(id)).toEqual([{ type: 'InvalidCentralSystemCertificate', tech_info: null }]);
  });

  it('TC_079_CSMS GetLog (security log)', async () => {
    const id = newChargePointId('079');
    const cp = await ChargePoint16.booted(harness, id);
    cp.answer('GetLog', { status: 'Accepted', filename: 'security-octt-079.log' });
    const request = { logType: 'SecurityLog', requestId: 79, log: { remoteLocation: 'https://logs.example.com/upload' } };
    expect(await cp.commandResult('GetLog', request)).toEqual({ status: 'Accepted', filename: 'security-octt-079.log' });
    expect(await cp.call('LogStatusNotification', { status: 'Uploading', requestId: 79 })).toEqual({});
    expect(await cp.call('LogStatusNotification', { status: 'Uploaded', requestId: 79 })).toEqual({});

    await waitFor(async () => (await handles(harness).stations.stations.station(id))?.logStatus === 'Uploaded', {
      message: 'log status stored',
    });
    expect(
      await rowsOf(harness, 'station', 'SELECT status, request_id FROM log_status_history WHERE station_id = $1 ORDER BY id', [id]),
    ).toEqual([
      { status: 'Uploading', request_id: 79 },
      { status: 'Uploaded', request_id: 79 },
    ]);
    await waitFor(async () => (await commandRecords(id, 'GetLog')).length > 0, { message: 'GetLog stored' });
    expect((await commandRecords(id, 'GetLog'))[0]).toMatchObject({
      status: 'Accepted',
      request_id: 79,
      file_name: 'security-octt-079.log',
    });
  });

  const signedFirmware = (requestId: number) => ({
    requestId,
    retries: 1,
    retryInterval: 30,
    firmware: {
      location: 'https://firmware.example.com/octt/fw-2.0.0.bin',
      retrieveDateTime: new Date().toISOString(),
      signingCertificate: ROOT_CERTIFICATE,
      signature: randomBytes(64).toString('base64'),
    },
  });
  const signedStatuses = (id: string) =>
    rowsOf<{ status: string; request_id: number | null }>(
      harness,
      'station',
      `SELECT status, request_id FROM firmware_status_history WHERE station_id = $1 AND kind = 'SignedFirmware' ORDER BY id`,
      [id],
    );

  it('TC_080_CSMS update', async () => {
    const id = newChargePointId('080');
    const cp = await ChargePoint16.booted(harness, id);
    expect(await cp.commandResult('SignedUpdateFirmware', signedFirmware(80))).toEqual({ status: 'Accepted' });
    for (const status of ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallRebooting']) {
      expect(await cp.call('SignedFirmwareStatusNotification', { status, requestId: 80 })).toEqual({});
    }
    await cp.reconnect();
    await cp.boot({ firmwareVersion: '2.0.0' });
    expect(await cp.call('SecurityEventNotification', { type: 'FirmwareUpdated', timestamp: new Date().toISOString() })).toEqual({});
    expect(await cp.call('SignedFirmwareStatusNotification', { status: 'Installed', requestId: 80 })).toEqual({});

    await waitFor(async () => (await signedStatuses(id)).length === 6, { message: 'signed firmware statuses stored' });
    expect((await signedStatuses(id)).map((r) => [r.status, r.request_id])).toEqual(
      ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallRebooting', 'Installed'].map((s) => [s, 80]),
    );
    await waitFor(async () => (await securityEvents(id)).length > 0, { message: 'security event stored' });
    expect((await securityEvents(id)).map((e) => e.type)).toEqual(['FirmwareUpdated']);
    expect(await handles(harness).stations.stations.station(id)).toMatchObject({ firmwareStatus: 'Installed', firmwareVersion: '2.0.0' });
    await waitFor(async () => (await commandRecords(id, 'SignedUpdateFirmware')).length > 0, { message: 'SignedUpdateFirmware stored' });
    expect((await commandRecords(id, 'SignedUpdateFirmware'))[0]).toMatchObject({ status: 'Accepted', request_id: 80 });
  });

  it('TC_081_CSMS invalid signature', async () => {
    const id = newChargePointId('081');
    const cp = await ChargePoint16.booted(harness, id);
    expect(await cp.commandResult('SignedUpdateFirmware', signedFirmware(81))).toEqual({ status: 'Accepted' });
    for (const status of ['Downloading', 'Downloaded', 'InvalidSignature']) {
      expect(await cp.call('SignedFirmwareStatusNotification', { status, requestId: 81 })).toEqual({});
    }
    expect(await cp.call('SecurityEventNotification', { type: 'InvalidFirmwareSignature', timestamp: new Date().toISOString() })).toEqual(
      {},
    );

    await waitFor(async () => (await signedStatuses(id)).length === 3, { message: 'signed firmware statuses stored' });
    expect((await signedStatuses(id)).map((r) => r.status)).toEqual(['Downloading', 'Downloaded', 'InvalidSignature']);
    await waitFor(async () => (await securityEvents(id)).length > 0, { message: 'security event stored' });
    expect((await securityEvents(id)).map((e) => e.type)).toEqual(['InvalidFirmwareSignature']);
    expect((await handles(harness).stations.stations.station(id))?.firmwareStatus).toBe('InvalidSignature');
  });

  it('TC_085_CSMS Basic auth', async () => {
    const id = newChargePointId('085');
    await harness.addStation(id);
    // Wrong password, wrong username, no credentials: refused before the upgrade.
    expect(await open(id, ['ocpp1.6'], basicAuth(id, 'wrong-password-0123'))).toBe(401);
    expect(await open(id, ['ocpp1.6'], basicAuth(`${id}x`, STATION_PASSWORD))).toBe(401);
    expect(await open(id, ['ocpp1.6'], {})).toBe(401);
    expect(
      await handles(harness)
        .stations.stations.station(id)
        .then((s) => s?.online ?? false),
    ).toBe(false);
    // The right combination is accepted.
    const station = await open(id, ['ocpp1.6'], basicAuth(id, STATION_PASSWORD));
    expect(typeof station).toBe('object');
    const boot = await (station as TestStation).call('BootNotification', { chargePointVendor: 'Voltlane', chargePointModel: 'OCTT-16' });
    expect(boot).toMatchObject([3, expect.any(String), { status: 'Accepted' }]);
    await (station as TestStation).close();
  });

  it('TC_088_CSMS subprotocol negotiation', async () => {
    const id = newChargePointId('088');
    await harness.addStation(id);
    const auth = basicAuth(id, STATION_PASSWORD);
    // The CSMS picks ocpp1.6 among the offered subprotocols and echoes exactly it.
    const mixed = await open(id, ['ocpp1.5', 'ocpp1.6'], auth);
    expect(typeof mixed).toBe('object');
    expect((mixed as TestStation).protocol).toBe('ocpp1.6');
    await (mixed as TestStation).close();
    const only = await open(id, ['ocpp1.6'], auth);
    expect((only as TestStation).protocol).toBe('ocpp1.6');
    await (only as TestStation).close();
    // No supported subprotocol offered: the upgrade is refused.
    const refused = await open(id, ['ocpp1.2'], auth);
    expect(typeof refused).toBe('number');
    expect(refused as number).toBeGreaterThanOrEqual(400);
    const none = await open(id, [], auth);
    expect(typeof none).toBe('number');
  });
});
