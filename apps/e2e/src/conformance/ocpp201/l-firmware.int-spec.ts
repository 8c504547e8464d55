// OCTT 2.0.1 CSMS test cases, functional block L (Secure firmware update): UpdateFirmware with a
// signing certificate and signature, then FirmwareStatusNotifications echoing the requestId — the
// CSMS accepts and records every one.
import type { v201 } from '@voltlane/ocpp';
import { waitFor } from '@voltlane/testing';
import type { StackHarness } from '../../stack-harness';
import {
  OCTT_ROOT_PEM,
  Station201,
  energyValue,
  newIdToken,
  newStationId,
  provisionIdToken,
  rows201,
  startConformanceStack201,
  storedStation,
  waitForRows,
  waitForSession201,
} from '../ocpp201-station';

describe('OCTT 2.0.1 CSMS — L Firmware management', () => {
  let harness: StackHarness;

  beforeAll(async () => {
    harness = await startConformanceStack201();
  });
  afterAll(() => harness?.stop());

  const newRequestId = () => Math.floor(Math.random() * 1_000_000) + 1;
  const firmware = (extra: Record<string, unknown> = {}) => ({
    location: 'https://firmware.example.com/octt-2.0.1.bin',
    retrieveDateTime: new Date().toISOString(),
    signingCertificate: OCTT_ROOT_PEM,
    signature: Buffer.from('octt-firmware-signature').toString('base64'),
    ...extra,
  });

  /** Sends UpdateFirmware; expects the station's `status` as the result. */
  async function update(cs: Station201, requestId: number, status = 'Accepted', extra: Record<string, unknown> = {}) {
    const result = await cs.commandResult<{ status: string }>('UpdateFirmware', {
      requestId,
      retries: 1,
      retryInterval: 10,
      firmware: firmware(extra),
    });
    expect(result.status).toBe(status);
    await waitFor(
      async () =>
        (
          await rows201(
            harness,
            'station',
            "SELECT 1 FROM station_command_record WHERE station_id = $1 AND action = 'UpdateFirmware' AND request_id = $2 AND status = $3",
            [cs.id, requestId, status],
          )
        ).length === 1,
      {
        message: `UpdateFirmware ${requestId} recorded as ${status}`,
      },
    );
  }

  async function notify(cs: Station201, requestId: number, statuses: v201.FirmwareStatusEnumType[]) {
    for (const status of statuses) expect(await cs.call('FirmwareStatusNotification', { status, requestId })).toEqual({});
  }

  async function securityEvent(cs: Station201, type: string) {
    expect(await cs.call('SecurityEventNotification', { type, timestamp: new Date().toISOString(), techInfo: 'OCTT' })).toEqual({});
    await waitForRows(
      harness,
      'station',
      'SELECT 1 FROM security_event WHERE station_id = $1 AND type = $2',
      [cs.id, type],
      1,
      `security event ${type}`,
    );
  }

  /** Every notification stored, in order, with the requestId. */
  async function expectStored(id: string, requestId: number, statuses: string[]) {
    const rows = await waitForRows(
      harness,
      'station',
      'SELECT status, request_id FROM firmware_status_history WHERE station_id = $1 ORDER BY id',
      [id],
      statuses.length,
      'firmware statuses',
    );
    expect(rows.map((r) => r.status)).toEqual(statuses);
    expect(rows.every((r) => r.request_id === requestId)).toBe(true);
    await waitFor(async () => (await storedStation(harness, id))?.firmwareStatus === statuses[statuses.length - 1], {
      message: 'station firmware status',
    });
  }

  it('TC_L_01_CSMS Secure Firmware Update - Installed', async () => {
    const id = newStationId('L01');
    const cs = await Station201.booted(harness, id);
    const requestId = newRequestId();
    await update(cs, requestId);
    await notify(cs, requestId, ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallRebooting']);
    await cs.reconnect();
    await cs.boot({ reason: 'FirmwareUpdate', chargingStation: { model: 'OCTT-201', vendorName: 'Voltlane', firmwareVersion: '2.0.0' } });
    await notify(cs, requestId, ['Installed']);
    await securityEvent(cs, 'FirmwareUpdated');
    await expectStored(id, requestId, ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallRebooting', 'Installed']);
    expect(await storedStation(harness, id)).toMatchObject({ bootReason: 'FirmwareUpdate', firmwareVersion: '2.0.0' });
  });

  it('TC_L_02_CSMS Secure Firmware Update - InstallScheduled', async () => {
    const id = newStationId('L02');
    const cs = await Station201.booted(harness, id);
    const requestId = newRequestId();
    await update(cs, requestId, 'Accepted', {});
    await notify(cs, requestId, ['Downloading', 'Downloaded', 'SignatureVerified', 'InstallScheduled', 'Installing', 'Installed']);
    await expectStored(id, requestId, ['Downloading', 'Downloaded', 'SignatureVerified', 'InstallScheduled', 'Installing', 'Installed']);
    const sent = await cs.receivedCalls('UpdateFirmware');
    expect(sent[0].payload.firmware).toMatchObject({ signingCertificate: OCTT_ROOT_PEM });
  });

  it('TC_L_03_CSMS Secure Firmware Update - DownloadScheduled', async () => {
    const id = newStationId('L03');
    const cs = await Station201.booted(harness, id);
    const requestId = newRequestId();
    await update(cs, requestId, 'Accepted', { retrieveDateTime: new Date(Date.now() + 60_000).toISOString() });
    await notify(cs, requestId, ['DownloadScheduled', 'Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'Installed']);
    await expectStored(id, requestId, ['DownloadScheduled', 'Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'Installed']);
  });

  it('TC_L_04_CSMS Secure Firmware Update - RevokedCertificate', async () => {
    const cs = await Station201.booted(harness, newStationId('L04'));
    cs.answer('UpdateFirmware', { status: 'RevokedCertificate' });
    await update(cs, newRequestId(), 'RevokedCertificate');
    await securityEvent(cs, 'InvalidFirmwareSigningCertificate');
  });

  it('TC_L_05_CSMS Secure Firmware Update - InvalidCertificate', async () => {
    const cs = await Station201.booted(harness, newStationId('L05'));
    cs.answer('UpdateFirmware', { status: 'InvalidCertificate' });
    await update(cs, newRequestId(), 'InvalidCertificate');
    await securityEvent(cs, 'InvalidFirmwareSigningCertificate');
  });

  it('TC_L_06_CSMS Secure Firmware Update - InvalidSignature', async () => {
    const id = newStationId('L06');
    const cs = await Station201.booted(harness, id);
    const requestId = newRequestId();
    await update(cs, requestId);
    await notify(cs, requestId, ['Downloading', 'Downloaded', 'InvalidSignature']);
    await securityEvent(cs, 'InvalidFirmwareSignature');
    await expectStored(id, requestId, ['Downloading', 'Downloaded', 'InvalidSignature']);
  });

  async function failure(tc: string, statuses: v201.FirmwareStatusEnumType[]) {
    const id = newStationId(tc);
    const cs = await Station201.booted(harness, id);
    const requestId = newRequestId();
    await update(cs, requestId);
    await notify(cs, requestId, statuses);
    await expectStored(id, requestId, statuses);
  }

  it('TC_L_07_CSMS Secure Firmware Update - DownloadFailed', async () => {
    await failure('L07', ['Downloading', 'DownloadFailed']);
  });

  it('TC_L_08_CSMS Secure Firmware Update - InstallVerificationFailed', async () => {
    await failure('L08', ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallVerificationFailed']);
  });

  it('TC_L_09_CSMS Secure Firmware Update - InstallationFailed', async () => {
    await failure('L09', ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallationFailed']);
  });

  it('TC_L_10_CSMS Secure Firmware Update - AcceptedCanceled', async () => {
    const id = newStationId('L10');
    const cs = await Station201.booted(harness, id);
    const first = newRequestId();
    await update(cs, first);
    await notify(cs, first, ['Downloading']);
    cs.answer('UpdateFirmware', { status: 'AcceptedCanceled' });
    const second = first + 1;
    await update(cs, second, 'AcceptedCanceled');
    await notify(cs, second, ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'Installed']);
    const rows = await waitForRows(
      harness,
      'station',
      'SELECT status, request_id FROM firmware_status_history WHERE station_id = $1 ORDER BY id',
      [id],
      6,
      'firmware statuses',
    );
    expect(rows.map((r) => [r.request_id, r.status])).toEqual([
      [first, 'Downloading'],
      [second, 'Downloading'],
      [second, 'Downloaded'],
      [second, 'SignatureVerified'],
      [second, 'Installing'],
      [second, 'Installed'],
    ]);
  });

  it('TC_L_11_CSMS Secure Firmware Update - Unable to cancel', async () => {
    const id = newStationId('L11');
    const cs = await Station201.booted(harness, id);
    const first = newRequestId();
    await update(cs, first);
    await notify(cs, first, ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing']);
    cs.answer('UpdateFirmware', { status: 'Rejected' });
    await update(cs, first + 1, 'Rejected');
    await notify(cs, first, ['Installed']);
    await expectStored(id, first, ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'Installed']);
  });

  it('TC_L_13_CSMS Secure Firmware Update - Do not start firmware update while transaction is ongoing', async () => {
    const id = newStationId('L13');
    const token = await provisionIdToken(harness, newIdToken('L13'));
    const cs = await Station201.booted(harness, id);
    const tx = await cs.charging(token);
    const requestId = newRequestId();
    await update(cs, requestId);
    await notify(cs, requestId, ['Downloading', 'Downloaded', 'SignatureVerified', 'InstallScheduled']);
    await cs.event(tx, 'Ended', 'StopAuthorized', {
      idToken: token,
      chargingState: 'Idle',
      stoppedReason: 'Local',
      meterValue: [energyValue(2_000, 'Transaction.End')],
    });
    await notify(cs, requestId, ['Installing', 'Installed']);
    await expectStored(id, requestId, ['Downloading', 'Downloaded', 'SignatureVerified', 'InstallScheduled', 'Installing', 'Installed']);
    expect(await waitForSession201(harness, id, tx, (s) => s.status === 'Ended')).toMatchObject({ stoppedReason: 'Local' });
    expect(
      (
        await rows201(
          harness,
          'station',
          'SELECT count(*)::int AS n FROM firmware_status_history WHERE station_id = $1 AND request_id IS NULL',
          [id],
        )
      )[0].n,
    ).toBe(0);
  });
});
