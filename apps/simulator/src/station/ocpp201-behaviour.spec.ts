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

describe.each(['ocpp2.0.1', 'ocpp2.1'] as const)('%s simulated station against a scripted CSMS', (protocol) => {
  let csms: FakeCsms;
  let station: Station;
  let scheduler: Scheduler;
  let id: string;

  beforeAll(async () => {
    csms = await FakeCsms.start();
    ({ station, scheduler } = aStation(csms.url, protocol, {
      connectors: 2,
      alignedIntervalS: 1,
      sessionSeconds: LONG_SESSION_S,
    }));
    id = station.id;
    station.start();
    await csms.waitFor(() => csms.fromStations(id, 'StatusNotification').length >= 2, 5_000, 'boot statuses');
  });

  afterAll(async () => {
    await station.stop();
    scheduler.stop();
    await csms.close();
  });

  const calls = (action: string) => csms.fromStations(id, action).map(payloadOf);
  const events = () => calls('TransactionEvent');

  it('boots with a reason and reports every EVSE', () => {
    expect(calls('BootNotification')[0]).toMatchObject({
      reason: 'PowerUp',
      chargingStation: { vendorName: 'Voltlane', model: 'Simulator' },
    });
    expect(calls('StatusNotification').map((p) => [p.evseId, p.connectorId, p.connectorStatus])).toEqual([
      [1, 1, 'Available'],
      [2, 1, 'Available'],
    ]);
  });

  it('reads and writes its device model', async () => {
    const got = resultOf(
      await csms.call(id, 'GetVariables', {
        getVariableData: [
          { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
          { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'Nope' } },
          { component: { name: 'NoSuchCtrlr' }, variable: { name: 'Enabled' } },
        ],
      }),
    );
    expect((got.getVariableResult as Record<string, unknown>[]).map((r) => [r.attributeStatus, r.attributeValue])).toEqual([
      ['Accepted', '60'],
      ['UnknownVariable', undefined],
      ['UnknownComponent', undefined],
    ]);
    const set = resultOf(
      await csms.call(id, 'SetVariables', {
        setVariableData: [
          { component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedInterval' }, attributeValue: '1' },
          { component: { name: 'ChargingStation' }, variable: { name: 'Model' }, attributeValue: 'X' },
          { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: 'often' },
        ],
      }),
    );
    expect((set.setVariableResult as Record<string, unknown>[]).map((r) => r.attributeStatus)).toEqual([
      'Accepted',
      'Rejected',
      'Rejected',
    ]);
  });

  it('sends GetBaseReport as two NotifyReport parts, the first with tbc', async () => {
    expect(resultOf(await csms.call(id, 'GetBaseReport', { requestId: 42, reportBase: 'FullInventory' }))).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => calls('NotifyReport').length === 2, 2_000, 'NotifyReport');
    const [first, second] = calls('NotifyReport');
    expect(first).toMatchObject({ requestId: 42, seqNo: 0, tbc: true });
    expect(second).toMatchObject({ requestId: 42, seqNo: 1 });
    expect(second.tbc).toBeUndefined();
  });

  it('keeps the local list and reservations; a remote start echoes remoteStartId and consumes the reservation', async () => {
    const idToken = { idToken: station.options.idTag, type: 'ISO14443' };
    expect(
      resultOf(
        await csms.call(id, 'SendLocalList', {
          versionNumber: 5,
          updateType: 'Full',
          localAuthorizationList: [{ idToken, idTokenInfo: { status: 'Accepted' } }],
        }),
      ),
    ).toEqual({ status: 'Accepted' });
    expect(resultOf(await csms.call(id, 'GetLocalListVersion', {}))).toEqual({ versionNumber: 5 });
    expect(resultOf(await csms.call(id, 'SendLocalList', { versionNumber: 4, updateType: 'Differential' }))).toEqual({
      status: 'VersionMismatch',
    });
    const expiryDateTime = new Date(Date.now() + 3_600_000).toISOString();
    expect(resultOf(await csms.call(id, 'ReserveNow', { id: 8, expiryDateTime, idToken, evseId: 1 }))).toEqual({ status: 'Accepted' });
    await csms.waitFor(
      () => calls('StatusNotification').some((p) => p.evseId === 1 && p.connectorStatus === 'Reserved'),
      2_000,
      'Reserved',
    );
    expect(resultOf(await csms.call(id, 'CancelReservation', { reservationId: 99 }))).toEqual({ status: 'Rejected' });
    expect(resultOf(await csms.call(id, 'RequestStartTransaction', { evseId: 1, remoteStartId: 1234, idToken }))).toEqual({
      status: 'Accepted',
    });
    await csms.waitFor(() => events().length >= 1, 3_000, 'Started');
    expect(events()[0]).toMatchObject({
      eventType: 'Started',
      seqNo: 0,
      triggerReason: 'RemoteStart',
      transactionInfo: { chargingState: 'Charging', remoteStartId: 1234 },
      idToken,
      evse: { id: 1, connectorId: 1 },
      reservationId: 8,
    });
  });

  it('caps the power with a TxProfile, reports profiles and the composite schedule', async () => {
    const transactionId = (events()[0].transactionInfo as { transactionId: string }).transactionId;
    const chargingProfile = {
      id: 21,
      stackLevel: 1,
      chargingProfilePurpose: 'TxProfile',
      chargingProfileKind: 'Relative',
      transactionId,
      chargingSchedule: [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 2500 }] }],
    };
    expect(resultOf(await csms.call(id, 'SetChargingProfile', { evseId: 1, chargingProfile }))).toEqual({ status: 'Accepted' });
    expect(resultOf(await csms.call(id, 'SetChargingProfile', { evseId: 2, chargingProfile }))).toEqual({ status: 'Rejected' });
    const composite = resultOf(await csms.call(id, 'GetCompositeSchedule', { evseId: 1, duration: 300, chargingRateUnit: 'W' }));
    expect(composite).toMatchObject({
      status: 'Accepted',
      schedule: { evseId: 1, duration: 300, chargingSchedulePeriod: [{ startPeriod: 0, limit: 2500 }] },
    });
    expect(
      resultOf(await csms.call(id, 'GetChargingProfiles', { requestId: 3, chargingProfile: { chargingProfilePurpose: 'TxProfile' } })),
    ).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => calls('ReportChargingProfiles').length === 1, 2_000, 'ReportChargingProfiles');
    expect(calls('ReportChargingProfiles')[0]).toMatchObject({
      requestId: 3,
      evseId: 1,
      chargingLimitSource: 'CSO',
      chargingProfile: [{ id: 21 }],
    });
    expect(
      resultOf(
        await csms.call(id, 'GetChargingProfiles', { requestId: 4, chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile' } }),
      ),
    ).toEqual({ status: 'NoProfiles' });
    const periodic = () => events().filter((e) => e.triggerReason === 'MeterValuePeriodic');
    const before = periodic().length;
    await csms.waitFor(() => periodic().length > before, 3_000, 'a periodic sample');
    const power = (periodic().at(-1)?.meterValue as { sampledValue: { measurand: string; value: number }[] }[])[0].sampledValue.find(
      (v) => v.measurand === 'Power.Active.Import',
    );
    expect(power?.value).toBeLessThanOrEqual(2500);
    expect(resultOf(await csms.call(id, 'ClearChargingProfile', { chargingProfileId: 21 }))).toEqual({ status: 'Accepted' });
    expect(resultOf(await csms.call(id, 'ClearChargingProfile', { chargingProfileId: 21 }))).toEqual({ status: 'Unknown' });
  });

  it('stops on RequestStopTransaction and numbers each transaction from seqNo 0', async () => {
    const transactionId = (events()[0].transactionInfo as { transactionId: string }).transactionId;
    expect(resultOf(await csms.call(id, 'RequestStopTransaction', { transactionId: 'nope' }))).toEqual({ status: 'Rejected' });
    expect(resultOf(await csms.call(id, 'RequestStopTransaction', { transactionId }))).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => events().some((e) => e.eventType === 'Ended'), 3_000, 'Ended');
    const ended = events().find((e) => e.eventType === 'Ended') as Record<string, unknown>;
    expect(ended).toMatchObject({ triggerReason: 'RemoteStop', transactionInfo: { transactionId, stoppedReason: 'Remote' } });
    // The connector frees up once the CSMS has answered the stop.
    // This session ends on its own when its time is up (the vehicle leaves): a short one. Nothing
    // else waits on it, so a stall only delays its end, which the wait below allows for.
    station.options.sessionSeconds = SHORT_SESSION_S;
    try {
      await csms.waitFor(() => station.behaviour.startSession({ connectorId: 1 }), 2_000, 'connector 1 free');
    } finally {
      station.options.sessionSeconds = LONG_SESSION_S;
    }
    await csms.waitFor(() => events().filter((e) => e.eventType === 'Ended').length === 2, 6_000, 'second session to end');
    expect(calls('Authorize')).toHaveLength(0); // on the local list
    const byTx = new Map<string, Record<string, unknown>[]>();
    for (const e of events()) {
      const tx = (e.transactionInfo as { transactionId: string }).transactionId;
      byTx.set(tx, [...(byTx.get(tx) ?? []), e]);
    }
    expect(byTx.size).toBe(2);
    for (const list of byTx.values()) {
      expect(list.map((e) => e.seqNo)).toEqual(list.map((_, i) => i));
      expect(list[0].eventType).toBe('Started');
      expect(list.at(-1)?.eventType).toBe('Ended');
    }
    const second = [...byTx.values()][1];
    expect(second.at(-1)).toMatchObject({
      triggerReason: 'EVDeparted',
      transactionInfo: { stoppedReason: 'EVDisconnected', chargingState: 'Idle' },
    });
  });

  it('never lets an EVSE register decrease', () => {
    const values: number[] = [];
    for (const f of csms.fromStations(id)) {
      if (f[0] !== 2) continue;
      const p = payloadOf(f);
      if (f[2] === 'TransactionEvent' || (f[2] === 'MeterValues' && p.evseId === 1)) values.push(...energyValues(p));
    }
    expect(values.length).toBeGreaterThan(4);
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });

  it('sends what TriggerMessage asks for', async () => {
    for (const [requestedMessage, action] of [
      ['StatusNotification', 'StatusNotification'],
      ['Heartbeat', 'Heartbeat'],
      ['MeterValues', 'MeterValues'],
      ['FirmwareStatusNotification', 'FirmwareStatusNotification'],
      ['LogStatusNotification', 'LogStatusNotification'],
    ]) {
      const before = calls(action).length;
      expect(resultOf(await csms.call(id, 'TriggerMessage', { requestedMessage, evse: { id: 2 } }))).toEqual({ status: 'Accepted' });
      await csms.waitFor(() => calls(action).length > before, 2_000, `triggered ${action}`);
    }
    expect(resultOf(await csms.call(id, 'TriggerMessage', { requestedMessage: 'TransactionEvent', evse: { id: 2 } }))).toEqual({
      status: 'Rejected',
    });
    expect(resultOf(await csms.call(id, 'TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' }))).toEqual({
      status: 'NotImplemented',
    });
  });

  it('runs the firmware and log flows over real HTTP, echoing requestId', async () => {
    const files = await FileServer.start(Buffer.from('firmware image 2.0.1'));
    try {
      const firmware = { location: `${files.url}/firmware.bin`, retrieveDateTime: new Date().toISOString() };
      expect(resultOf(await csms.call(id, 'UpdateFirmware', { requestId: 77, firmware }))).toEqual({ status: 'Accepted' });
      const log = resultOf(
        await csms.call(id, 'GetLog', { requestId: 78, logType: 'DiagnosticsLog', log: { remoteLocation: `${files.url}/upload/log` } }),
      );
      expect(log).toMatchObject({ status: 'Accepted', filename: expect.any(String) });
      await csms.waitFor(() => calls('FirmwareStatusNotification').some((p) => p.status === 'Installed'), 4_000, 'Installed');
      await csms.waitFor(
        () => calls('LogStatusNotification').some((p) => p.requestId === 78 && p.status === 'Uploaded'),
        4_000,
        'Uploaded',
      );
      expect(
        calls('FirmwareStatusNotification')
          .filter((p) => p.requestId === 77)
          .map((p) => p.status),
      ).toEqual(['Downloading', 'Downloaded', 'Installing', 'Installed']);
      expect(
        calls('LogStatusNotification')
          .filter((p) => p.requestId === 78)
          .map((p) => p.status),
      ).toEqual(['Uploading', 'Uploaded']);
      expect(files.downloads).toEqual(['/firmware.bin']);
      expect(files.uploads).toHaveLength(1);
      expect(files.uploads[0]).toMatchObject({ method: 'PUT', path: '/upload/log' });
      expect(files.uploads[0]?.body.toString()).toContain(`DiagnosticsLog of simulated station ${id}`);

      expect(
        resultOf(await csms.call(id, 'UpdateFirmware', { requestId: 79, firmware: { ...firmware, location: `${files.url}/missing.bin` } })),
      ).toEqual({ status: 'Accepted' });
      expect(
        resultOf(await csms.call(id, 'GetLog', { requestId: 80, logType: 'SecurityLog', log: { remoteLocation: `${files.url}/refused` } })),
      ).toMatchObject({ status: 'Accepted' });
      await csms.waitFor(
        () => calls('FirmwareStatusNotification').some((p) => p.requestId === 79 && p.status === 'DownloadFailed'),
        4_000,
        'DownloadFailed',
      );
      await csms.waitFor(
        () => calls('LogStatusNotification').some((p) => p.requestId === 80 && p.status === 'UploadFailure'),
        4_000,
        'UploadFailure',
      );
    } finally {
      await files.close();
    }
  });

  it('answers availability, unlock, cache, data-transfer and unknown commands', async () => {
    expect(resultOf(await csms.call(id, 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } }))).toEqual({
      status: 'Accepted',
    });
    await csms.waitFor(
      () => calls('StatusNotification').some((p) => p.evseId === 2 && p.connectorStatus === 'Unavailable'),
      2_000,
      'Unavailable',
    );
    expect(resultOf(await csms.call(id, 'ChangeAvailability', { operationalStatus: 'Operative', evse: { id: 2 } }))).toEqual({
      status: 'Accepted',
    });
    expect(resultOf(await csms.call(id, 'UnlockConnector', { evseId: 2, connectorId: 1 }))).toEqual({ status: 'Unlocked' });
    expect(resultOf(await csms.call(id, 'UnlockConnector', { evseId: 9, connectorId: 1 }))).toEqual({ status: 'UnknownConnector' });
    expect(resultOf(await csms.call(id, 'ClearCache', {}))).toEqual({ status: 'Accepted' });
    expect(resultOf(await csms.call(id, 'DataTransfer', { vendorId: 'com.example' }))).toEqual({ status: 'UnknownVendorId' });
    expect((await csms.call(id, 'GetTransactionStatus', {})).slice(0, 3)).toEqual([4, expect.any(String), 'NotImplemented']);
    expect((await csms.call(id, 'UnknownAction', {})).slice(0, 3)).toEqual([4, expect.any(String), 'NotImplemented']);
  });

  it('resets immediately: ends the session, reconnects and boots with RemoteReset', async () => {
    station.behaviour.startSession({ connectorId: 2 });
    await csms.waitFor(() => events().filter((e) => e.eventType === 'Started').length === 3, 3_000, 'third session');
    expect(resultOf(await csms.call(id, 'Reset', { type: 'Immediate' }))).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => calls('BootNotification').length === 2, 5_000, 'boot after reset');
    expect(calls('BootNotification')[1]).toMatchObject({ reason: 'RemoteReset' });
    expect(events().at(-1)).toMatchObject({
      eventType: 'Ended',
      triggerReason: 'ResetCommand',
      transactionInfo: { stoppedReason: 'ImmediateReset' },
    });
  });

  it('sent only schema-valid payloads, one CALL at a time', () => {
    expect(csms.schemaProblems).toEqual([]);
    expect(csms.maxStationOutstanding).toBe(1);
  });
});
