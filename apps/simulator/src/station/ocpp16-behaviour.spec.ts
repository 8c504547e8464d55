import { FakeCsms, type Frame } from '../../test/fake-csms';
import { FileServer } from '../../test/file-server';
import { aStation, energyValues } from '../../test/station-harness';
import type { Scheduler } from '../scheduling/scheduler';
import type { Station } from './station';

const payloadOf = (f: Frame) => f[3] as Record<string, unknown>;
const resultOf = (f: Frame) => {
  expect(f[0]).toBe(3);
  return f[2] as Record<string, unknown>;
};
/**
 * Sessions outlast the spec, so each one ends when a test ends it (remote stop, reset), never
 * because its time ran out while a loaded machine stalled the test (the harness's 2 s session
 * ends 1.4–2.6 s after its start). The one session meant to end on its own gets SHORT_SESSION_S.
 */
const LONG_SESSION_S = 600;
const SHORT_SESSION_S = 2;

describe('OCPP 1.6 simulated station against a scripted CSMS', () => {
  let csms: FakeCsms;
  let station: Station;
  let scheduler: Scheduler;
  let id: string;

  beforeAll(async () => {
    csms = await FakeCsms.start();
    ({ station, scheduler } = aStation(csms.url, 'ocpp1.6', {
      connectors: 2,
      alignedIntervalS: 1,
      sessionSeconds: LONG_SESSION_S,
    }));
    id = station.id;
    station.start();
    await csms.waitFor(() => csms.fromStations(id, 'StatusNotification').length >= 3, 5_000, 'boot statuses');
  });

  afterAll(async () => {
    await station.stop();
    scheduler.stop();
    await csms.close();
  });

  const calls = (action: string) => csms.fromStations(id, action).map(payloadOf);

  it('boots, then reports connector 0 and every connector', () => {
    expect(calls('BootNotification')[0]).toMatchObject({ chargePointVendor: 'Voltlane', chargePointModel: 'Simulator' });
    expect(
      calls('StatusNotification')
        .slice(0, 3)
        .map((p) => [p.connectorId, p.status]),
    ).toEqual([
      [0, 'Available'],
      [1, 'Available'],
      [2, 'Available'],
    ]);
    expect(station.bootState).toBe('Accepted');
  });

  it('keeps a real configuration key store', async () => {
    const got = resultOf(await csms.call(id, 'GetConfiguration', { key: ['HeartbeatInterval', 'NoSuchKey'] }));
    expect(got).toEqual({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }], unknownKey: ['NoSuchKey'] });
    expect(resultOf(await csms.call(id, 'ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '1' }))).toEqual({
      status: 'Accepted',
    });
    expect(resultOf(await csms.call(id, 'ChangeConfiguration', { key: 'HeartbeatInterval', value: 'soon' }))).toEqual({
      status: 'Rejected',
    });
    expect(resultOf(await csms.call(id, 'ChangeConfiguration', { key: 'NumberOfConnectors', value: '4' }))).toEqual({ status: 'Rejected' });
    expect(resultOf(await csms.call(id, 'ChangeConfiguration', { key: 'NoSuchKey', value: '4' }))).toEqual({ status: 'NotSupported' });
    expect(
      resultOf(await csms.call(id, 'ChangeConfiguration', { key: 'MeterValuesSampledData', value: 'Energy.Active.Import.Register,RPM' })),
    ).toEqual({ status: 'Rejected' });
    const all = resultOf(await csms.call(id, 'GetConfiguration', {}));
    expect((all.configurationKey as unknown[]).length).toBeGreaterThan(20);
  });

  it('keeps the local list and its version', async () => {
    const list = {
      listVersion: 3,
      updateType: 'Full',
      localAuthorizationList: [{ idTag: station.options.idTag, idTagInfo: { status: 'Accepted' } }],
    };
    expect(resultOf(await csms.call(id, 'SendLocalList', list))).toEqual({ status: 'Accepted' });
    expect(resultOf(await csms.call(id, 'GetLocalListVersion', {}))).toEqual({ listVersion: 3 });
    expect(resultOf(await csms.call(id, 'SendLocalList', { listVersion: 2, updateType: 'Differential' }))).toEqual({
      status: 'VersionMismatch',
    });
  });

  it('reserves a connector, and a remote start of that idTag uses the reservation', async () => {
    const expiryDate = new Date(Date.now() + 3_600_000).toISOString();
    expect(resultOf(await csms.call(id, 'ReserveNow', { connectorId: 1, expiryDate, idTag: 'SOMEONE', reservationId: 6 }))).toEqual({
      status: 'Accepted',
    });
    expect(resultOf(await csms.call(id, 'CancelReservation', { reservationId: 6 }))).toEqual({ status: 'Accepted' });
    expect(resultOf(await csms.call(id, 'CancelReservation', { reservationId: 6 }))).toEqual({ status: 'Rejected' });
    expect(
      resultOf(await csms.call(id, 'ReserveNow', { connectorId: 1, expiryDate, idTag: station.options.idTag, reservationId: 7 })),
    ).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => calls('StatusNotification').some((p) => p.connectorId === 1 && p.status === 'Reserved'), 2_000, 'Reserved');
    // Someone else cannot take the reserved connector.
    expect(resultOf(await csms.call(id, 'RemoteStartTransaction', { connectorId: 1, idTag: 'OTHER' }))).toEqual({ status: 'Rejected' });
    expect(resultOf(await csms.call(id, 'RemoteStartTransaction', { connectorId: 1, idTag: station.options.idTag }))).toEqual({
      status: 'Accepted',
    });
    await csms.waitFor(() => calls('StartTransaction').length === 1, 3_000, 'StartTransaction');
    expect(calls('StartTransaction')[0]).toMatchObject({ connectorId: 1, idTag: station.options.idTag, reservationId: 7 });
    await csms.waitFor(() => calls('StatusNotification').some((p) => p.connectorId === 1 && p.status === 'Charging'), 2_000, 'Charging');
  });

  it('caps the power curve with a TxProfile and reports the composite schedule', async () => {
    const profile = {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 11,
        stackLevel: 1,
        chargingProfilePurpose: 'TxProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 3000 }] },
      },
    };
    expect(resultOf(await csms.call(id, 'SetChargingProfile', profile))).toEqual({ status: 'Accepted' });
    expect(resultOf(await csms.call(id, 'SetChargingProfile', { ...profile, connectorId: 2 }))).toEqual({ status: 'Rejected' });
    const composite = resultOf(await csms.call(id, 'GetCompositeSchedule', { connectorId: 1, duration: 300, chargingRateUnit: 'W' }));
    expect(composite).toMatchObject({
      status: 'Accepted',
      connectorId: 1,
      chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 3000 }] },
    });
    const periodic = () =>
      calls('MeterValues').filter(
        (p) =>
          p.transactionId === 1 &&
          (p.meterValue as { sampledValue: { context: string }[] }[])[0].sampledValue[0].context === 'Sample.Periodic',
      );
    const before = periodic().length;
    await csms.waitFor(() => periodic().length > before, 3_000, 'a periodic sample');
    const sample = periodic().at(-1) as Record<string, unknown>;
    expect(sample.transactionId).toBe(1);
    const power = (sample.meterValue as { sampledValue: { measurand: string; value: string }[] }[])[0].sampledValue.find(
      (v) => v.measurand === 'Power.Active.Import',
    );
    expect(Number(power?.value)).toBeLessThanOrEqual(3000);
    expect(resultOf(await csms.call(id, 'ClearChargingProfile', { id: 11 }))).toEqual({ status: 'Accepted' });
    expect(resultOf(await csms.call(id, 'ClearChargingProfile', { id: 11 }))).toEqual({ status: 'Unknown' });
  });

  it('stops the session on RemoteStopTransaction with transactionData, then runs the next one on the same register', async () => {
    expect(resultOf(await csms.call(id, 'RemoteStopTransaction', { transactionId: 999 }))).toEqual({ status: 'Rejected' });
    expect(resultOf(await csms.call(id, 'RemoteStopTransaction', { transactionId: 1 }))).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => calls('StopTransaction').length === 1, 3_000, 'StopTransaction');
    const stop = calls('StopTransaction')[0];
    expect(stop).toMatchObject({ transactionId: 1, reason: 'Remote' });
    expect((stop.transactionData as unknown[]).length).toBeGreaterThanOrEqual(2);
    // The idTag is on the local list: the next session starts without Authorize.
    // The connector frees up once the CSMS has answered the stop.
    // This session ends on its own when its time is up (the vehicle leaves): a short one. Nothing
    // else waits on it, so a stall only delays its end, which the wait below allows for.
    station.options.sessionSeconds = SHORT_SESSION_S;
    try {
      await csms.waitFor(() => station.behaviour.startSession({ connectorId: 1 }), 2_000, 'connector 1 free');
    } finally {
      station.options.sessionSeconds = LONG_SESSION_S;
    }
    await csms.waitFor(() => calls('StopTransaction').length === 2, 6_000, 'second session to end');
    expect(calls('Authorize')).toHaveLength(0);
    const [first, second] = calls('StartTransaction');
    expect(second.meterStart).toBeGreaterThanOrEqual(stop.meterStop as number);
    expect(first.meterStart).toBeLessThanOrEqual(stop.meterStop as number);
    expect(calls('StopTransaction')[1]).toMatchObject({ transactionId: 2, reason: 'EVDisconnected' });
  });

  it('never lets a connector register decrease across samples and sessions', () => {
    const byConnector = new Map<number, number[]>();
    for (const f of csms.fromStations(id)) {
      if (f[0] !== 2) continue;
      const p = payloadOf(f);
      const connectorId =
        (p.connectorId as number | undefined) ?? calls('StartTransaction').find((_, i) => i + 1 === p.transactionId)?.connectorId;
      const values =
        f[2] === 'StartTransaction'
          ? [p.meterStart as number]
          : f[2] === 'StopTransaction'
            ? [p.meterStop as number]
            : f[2] === 'MeterValues'
              ? energyValues(p)
              : [];
      if (connectorId === undefined || values.length === 0) continue;
      byConnector.set(connectorId as number, [...(byConnector.get(connectorId as number) ?? []), ...values]);
    }
    expect(byConnector.get(1)?.length).toBeGreaterThan(4);
    for (const values of byConnector.values()) expect(values).toEqual([...values].sort((a, b) => a - b));
  });

  it('sends what TriggerMessage asks for', async () => {
    const count = (action: string) => calls(action).length;
    const statuses = count('StatusNotification');
    expect(resultOf(await csms.call(id, 'TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 2 }))).toEqual({
      status: 'Accepted',
    });
    await csms.waitFor(() => count('StatusNotification') > statuses, 2_000, 'triggered StatusNotification');
    expect(calls('StatusNotification').at(-1)).toMatchObject({ connectorId: 2, status: 'Available' });
    for (const [requestedMessage, action] of [
      ['Heartbeat', 'Heartbeat'],
      ['MeterValues', 'MeterValues'],
      ['DiagnosticsStatusNotification', 'DiagnosticsStatusNotification'],
      ['FirmwareStatusNotification', 'FirmwareStatusNotification'],
    ]) {
      const before = count(action);
      expect(resultOf(await csms.call(id, 'TriggerMessage', { requestedMessage, connectorId: 1 }))).toEqual({ status: 'Accepted' });
      await csms.waitFor(() => count(action) > before, 2_000, `triggered ${action}`);
    }
    expect(resultOf(await csms.call(id, 'TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 9 }))).toEqual({
      status: 'Rejected',
    });
  });

  it('runs the firmware and diagnostics flows, really downloading and uploading over HTTP', async () => {
    const files = await FileServer.start(Buffer.from('firmware image 1.6'));
    try {
      expect(
        resultOf(await csms.call(id, 'UpdateFirmware', { location: `${files.url}/firmware.bin`, retrieveDate: new Date().toISOString() })),
      ).toEqual({});
      const diagnostics = resultOf(await csms.call(id, 'GetDiagnostics', { location: `${files.url}/upload/diagnostics` }));
      expect(diagnostics.fileName).toMatch(new RegExp(`^${id}-diagnostics-.*\\.log$`));
      await csms.waitFor(
        () => calls('FirmwareStatusNotification').filter((p) => p.status === 'Installed').length === 1,
        4_000,
        'Installed',
      );
      await csms.waitFor(() => calls('DiagnosticsStatusNotification').some((p) => p.status === 'Uploaded'), 4_000, 'Uploaded');
      expect(
        calls('FirmwareStatusNotification')
          .map((p) => p.status)
          .filter((s) => s !== 'Idle'),
      ).toEqual(['Downloading', 'Downloaded', 'Installing', 'Installed']);
      expect(
        calls('DiagnosticsStatusNotification')
          .map((p) => p.status)
          .filter((s) => s !== 'Idle'),
      ).toEqual(['Uploading', 'Uploaded']);
      expect(files.downloads).toEqual(['/firmware.bin']);
      expect(files.uploads).toHaveLength(1);
      expect(files.uploads[0]).toMatchObject({
        method: 'POST',
        path: '/upload/diagnostics',
        contentType: expect.stringMatching(/^multipart\/form-data; boundary=/),
      });
      expect(files.uploads[0]?.body.toString()).toContain(`filename="${String(diagnostics.fileName)}"`);
      expect(files.uploads[0]?.body.toString()).toContain(`diagnostics of simulated station ${id}`);

      // A download or upload the server refuses ends in DownloadFailed / UploadFailed.
      expect(
        resultOf(await csms.call(id, 'UpdateFirmware', { location: `${files.url}/missing.bin`, retrieveDate: new Date().toISOString() })),
      ).toEqual({});
      expect(resultOf(await csms.call(id, 'GetDiagnostics', { location: `${files.url}/refused` }))).toMatchObject({
        fileName: expect.any(String),
      });
      await csms.waitFor(() => calls('FirmwareStatusNotification').some((p) => p.status === 'DownloadFailed'), 4_000, 'DownloadFailed');
      await csms.waitFor(() => calls('DiagnosticsStatusNotification').some((p) => p.status === 'UploadFailed'), 4_000, 'UploadFailed');
      expect(
        calls('FirmwareStatusNotification')
          .map((p) => p.status)
          .slice(-2),
      ).toEqual(['Downloading', 'DownloadFailed']);
    } finally {
      await files.close();
    }
  });

  it('answers availability, unlock, cache and data-transfer commands', async () => {
    expect(resultOf(await csms.call(id, 'ChangeAvailability', { connectorId: 2, type: 'Inoperative' }))).toEqual({ status: 'Accepted' });
    await csms.waitFor(
      () => calls('StatusNotification').some((p) => p.connectorId === 2 && p.status === 'Unavailable'),
      2_000,
      'Unavailable',
    );
    expect(resultOf(await csms.call(id, 'RemoteStartTransaction', { connectorId: 2, idTag: 'X' }))).toEqual({ status: 'Rejected' });
    expect(resultOf(await csms.call(id, 'ChangeAvailability', { connectorId: 2, type: 'Operative' }))).toEqual({ status: 'Accepted' });
    expect(resultOf(await csms.call(id, 'UnlockConnector', { connectorId: 1 }))).toEqual({ status: 'Unlocked' });
    expect(resultOf(await csms.call(id, 'UnlockConnector', { connectorId: 7 }))).toEqual({ status: 'NotSupported' });
    expect(resultOf(await csms.call(id, 'ClearCache', {}))).toEqual({ status: 'Accepted' });
    expect(resultOf(await csms.call(id, 'DataTransfer', { vendorId: 'com.example' }))).toEqual({ status: 'UnknownVendorId' });
    expect(resultOf(await csms.call(id, 'DataTransfer', { vendorId: 'com.voltlane.simulator', data: 'ping' }))).toEqual({
      status: 'Accepted',
      data: 'ping',
    });
  });

  it('answers unimplemented and unknown actions with NotImplemented, bad payloads with a constraint error', async () => {
    const notImplemented = await csms.call(id, 'CertificateSigned', { certificateChain: 'x' });
    expect(notImplemented.slice(0, 3)).toEqual([4, expect.any(String), 'NotImplemented']);
    expect((await csms.call(id, 'UnknownAction', {})).slice(0, 3)).toEqual([4, expect.any(String), 'NotImplemented']);
  });

  it('resets: ends sessions, reconnects and boots again', async () => {
    station.behaviour.startSession({ connectorId: 2 });
    await csms.waitFor(() => calls('StartTransaction').length === 3, 3_000, 'third session');
    expect(resultOf(await csms.call(id, 'Reset', { type: 'Soft' }))).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => calls('BootNotification').length === 2, 5_000, 'boot after reset');
    expect(calls('StopTransaction').at(-1)).toMatchObject({ reason: 'SoftReset' });
  });

  it('sent only schema-valid payloads, one CALL at a time', () => {
    expect(csms.schemaProblems).toEqual([]);
    expect(csms.maxStationOutstanding).toBe(1);
  });
});
