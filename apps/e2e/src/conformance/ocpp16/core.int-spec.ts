// OCTT 1.6 Central System test cases, Core profile. Each test plays the charge point over a real
// WebSocket against the real stack; CSMS-initiated steps go through the operator API's generic
// command endpoint. Names follow the OCTT TestCaseDocument (TC_<n>_CSMS <title>).
import { waitFor } from '@voltlane/testing';
import type { StackHarness } from '../../stack-harness';
import {
  ChargePoint16,
  handles,
  isoAgo,
  newChargePointId,
  newIdTag,
  provisionIdTag,
  rowsOf,
  startConformanceStack,
  waitForConnector,
  waitForSession,
} from '../ocpp16-station';

describe('OCTT 1.6 Central System: Core', () => {
  let harness: StackHarness;
  const TAG = newIdTag('CORE');
  const BLOCKED = newIdTag('BLK');
  const EXPIRED = newIdTag('EXP');

  beforeAll(async () => {
    harness = await startConformanceStack();
    await provisionIdTag(harness, TAG);
    await provisionIdTag(harness, BLOCKED, { status: 'Blocked' });
    await provisionIdTag(harness, EXPIRED, { expiryDate: isoAgo(24 * 3_600_000) });
  }, 120_000);
  afterAll(() => harness?.stop());

  const sessionsOf = (id: string) => handles(harness).sessions.sessions.list({ stationId: id });

  it('TC_001_CSMS cold boot', async () => {
    const id = newChargePointId('001');
    const cp = await ChargePoint16.connect(harness, id);
    const conf = await cp.boot({ chargePointSerialNumber: 'OCTT-001', firmwareVersion: '1.2.3' });
    expect(conf.status).toBe('Accepted');
    await cp.status(0, 'Available');
    await cp.status(1, 'Available');
    await cp.heartbeat();

    await waitFor(async () => (await handles(harness).stations.stations.station(id))?.bootStatus === 'Accepted', {
      message: 'boot stored',
    });
    expect(await handles(harness).stations.stations.station(id)).toMatchObject({
      protocol: 'ocpp1.6',
      vendor: 'Voltlane',
      model: 'OCTT-16',
      serialNumber: 'OCTT-001',
      firmwareVersion: '1.2.3',
      bootStatus: 'Accepted',
    });
    await waitForConnector(harness, id, 0, 'Available');
    await waitForConnector(harness, id, 1, 'Available');
  });

  it('TC_003_CSMS plug-in first', async () => {
    const id = newChargePointId('003');
    const cp = await ChargePoint16.booted(harness, id);
    await cp.status(1, 'Preparing');
    expect((await cp.authorize(TAG)).status).toBe('Accepted');
    const started = await cp.startTransaction(TAG, { meterStart: 10_000 });
    expect(started.idTagInfo.status).toBe('Accepted');
    expect(started.transactionId).toBeGreaterThan(0);
    await cp.status(1, 'Charging');
    await cp.meterValues(started.transactionId, 12_000);
    expect((await cp.authorize(TAG)).status).toBe('Accepted');
    const stopped = await cp.stopTransaction(started.transactionId, { meterStop: 15_000, reason: 'Local', idTag: TAG });
    expect(stopped.idTagInfo?.status).toBe('Accepted');
    await cp.status(1, 'Finishing');
    await cp.status(1, 'Available');

    const session = await waitForSession(harness, id, started.transactionId, (s) => s.status === 'Ended');
    expect(session).toMatchObject({
      connectorId: 1,
      idToken: TAG,
      meterStartWh: 10_000,
      meterStopWh: 15_000,
      energyWh: 5_000,
      stoppedReason: 'Local',
      authStatus: 'Accepted',
    });
    await waitForConnector(harness, id, 1, 'Available');
  });

  it('TC_004_1_CSMS identification first', async () => {
    const id = newChargePointId('004_1');
    const cp = await ChargePoint16.booted(harness, id);
    expect((await cp.authorize(TAG)).status).toBe('Accepted');
    await cp.status(1, 'Preparing');
    const started = await cp.startTransaction(TAG, { meterStart: 0 });
    expect(started.idTagInfo.status).toBe('Accepted');
    await cp.status(1, 'Charging');
    await cp.meterValues(started.transactionId, 500);
    const stopped = await cp.stopTransaction(started.transactionId, { meterStop: 1_000, reason: 'Local', idTag: TAG });
    expect(stopped.idTagInfo?.status).toBe('Accepted');
    await cp.status(1, 'Finishing');
    await cp.status(1, 'Available');

    const session = await waitForSession(harness, id, started.transactionId, (s) => s.status === 'Ended');
    expect(session).toMatchObject({ connectorId: 1, idToken: TAG, energyWh: 1_000, stoppedReason: 'Local' });
  });

  it('TC_004_2_CSMS ConnectionTimeOut', async () => {
    const id = newChargePointId('004_2');
    const cp = await ChargePoint16.booted(harness, id);
    expect((await cp.authorize(TAG)).status).toBe('Accepted');
    await cp.status(1, 'Preparing');
    // No cable is plugged in within ConnectionTimeOut: the charge point goes back to Available.
    await cp.status(1, 'Available');

    await waitFor(async () => (await handles(harness).stations.stations.statusHistory(id)).filter((h) => h.connectorId === 1).length >= 3, {
      message: 'status history',
    });
    const history = (await handles(harness).stations.stations.statusHistory(id)).filter((h) => h.connectorId === 1).map((h) => h.status);
    expect(history).toEqual(['Available', 'Preparing', 'Available']);
    await waitForConnector(harness, id, 1, 'Available');
    expect(await sessionsOf(id)).toEqual([]);
  });

  it('TC_005_1_CSMS EV-side disconnect', async () => {
    const id = newChargePointId('005_1');
    const cp = await ChargePoint16.booted(harness, id);
    const tx = await cp.charging(TAG);
    await cp.meterValues(tx, 1_500);
    // StopTransactionOnEVSideDisconnect = true: the cable is pulled at the EV.
    const stopped = await cp.stopTransaction(tx, { meterStop: 2_500, reason: 'EVDisconnected' });
    expect(stopped).toEqual({});
    await cp.status(1, 'Available');

    const session = await waitForSession(harness, id, tx, (s) => s.status === 'Ended');
    expect(session).toMatchObject({ stoppedReason: 'EVDisconnected', meterStopWh: 2_500, energyWh: 1_500 });
    await waitForConnector(harness, id, 1, 'Available');
  });

  it('TC_007_CSMS cached id', async () => {
    const id = newChargePointId('007');
    const cp = await ChargePoint16.booted(harness, id);
    await cp.status(1, 'Preparing');
    // The idTag is in the charge point's authorization cache: no Authorize before StartTransaction.
    const started = await cp.startTransaction(TAG);
    expect(started.idTagInfo.status).toBe('Accepted');
    expect(started.transactionId).toBeGreaterThan(0);
    await cp.status(1, 'Charging');

    const session = await waitForSession(harness, id, started.transactionId);
    expect(session).toMatchObject({ status: 'Active', idToken: TAG, authStatus: 'Accepted', connectorId: 1 });
    expect(cp.received).toEqual([]);
  });

  it('TC_010_CSMS remote start, cable first', async () => {
    const id = newChargePointId('010');
    const cp = await ChargePoint16.booted(harness, id);
    await cp.status(1, 'Preparing');
    const result = await cp.commandResult('RemoteStartTransaction', { connectorId: 1, idTag: TAG });
    expect(result).toEqual({ status: 'Accepted' });
    const started = await cp.startTransaction(TAG);
    expect(started.idTagInfo.status).toBe('Accepted');
    await cp.status(1, 'Charging');

    const session = await waitForSession(harness, id, started.transactionId);
    expect(session).toMatchObject({ status: 'Active', idToken: TAG, connectorId: 1 });
  });

  it('TC_011_1_CSMS remote start first', async () => {
    const id = newChargePointId('011_1');
    const cp = await ChargePoint16.booted(harness, id);
    expect(await cp.commandResult('RemoteStartTransaction', { connectorId: 1, idTag: TAG })).toEqual({ status: 'Accepted' });
    await cp.status(1, 'Preparing');
    const started = await cp.startTransaction(TAG);
    expect(started.idTagInfo.status).toBe('Accepted');
    await cp.status(1, 'Charging');

    const session = await waitForSession(harness, id, started.transactionId);
    expect(session).toMatchObject({ status: 'Active', idToken: TAG });
  });

  it('TC_011_2_CSMS timeout', async () => {
    const id = newChargePointId('011_2');
    const cp = await ChargePoint16.booted(harness, id);
    expect(await cp.commandResult('RemoteStartTransaction', { connectorId: 1, idTag: TAG })).toEqual({ status: 'Accepted' });
    await cp.status(1, 'Preparing');
    // ConnectionTimeOut passes without a cable: back to Available, no transaction.
    await cp.status(1, 'Available');

    await waitForConnector(harness, id, 1, 'Available');
    expect(await sessionsOf(id)).toEqual([]);
  });

  it('TC_012_CSMS remote stop', async () => {
    const id = newChargePointId('012');
    const cp = await ChargePoint16.booted(harness, id);
    const tx = await cp.charging(TAG);
    expect(await cp.commandResult('RemoteStopTransaction', { transactionId: tx })).toEqual({ status: 'Accepted' });
    const stopped = await cp.stopTransaction(tx, { meterStop: 3_000, reason: 'Remote' });
    expect(stopped).toEqual({});
    await cp.status(1, 'Finishing');
    await cp.status(1, 'Available');

    const session = await waitForSession(harness, id, tx, (s) => s.status === 'Ended');
    expect(session).toMatchObject({ stoppedReason: 'Remote', energyWh: 2_000 });
  });

  it('TC_013_CSMS hard', async () => {
    const id = newChargePointId('013');
    const cp = await ChargePoint16.booted(harness, id);
    const before = (await handles(harness).stations.stations.station(id))?.lastBootAt;
    expect(await cp.commandResult('Reset', { type: 'Hard' })).toEqual({ status: 'Accepted' });
    await cp.reconnect();
    await cp.boot();
    await cp.status(0, 'Available');
    await cp.status(1, 'Available');

    await waitFor(
      async () => {
        const station = await handles(harness).stations.stations.station(id);
        return station?.lastBootAt != null && (!before || station.lastBootAt > before) && station.online;
      },
      { message: 'second boot stored' },
    );
    await waitFor(
      async () =>
        (await rowsOf(harness, 'station', `SELECT status FROM station_command_record WHERE station_id = $1 AND action = 'Reset'`, [id]))
          .length > 0,
      {
        message: 'Reset stored',
      },
    );
    expect(
      await rowsOf(harness, 'station', `SELECT status, request FROM station_command_record WHERE station_id = $1 AND action = 'Reset'`, [
        id,
      ]),
    ).toEqual([{ status: 'Accepted', request: { type: 'Hard' } }]);
  });

  it('TC_014_CSMS soft', async () => {
    const id = newChargePointId('014');
    const cp = await ChargePoint16.booted(harness, id);
    expect(await cp.commandResult('Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    await cp.reconnect();
    await cp.boot();
    await cp.status(0, 'Available');
    await cp.status(1, 'Available');

    await waitFor(
      async () =>
        (await rowsOf(harness, 'station', `SELECT status FROM station_command_record WHERE station_id = $1 AND action = 'Reset'`, [id]))
          .length > 0,
      {
        message: 'Reset stored',
      },
    );
    expect(
      await rowsOf(harness, 'station', `SELECT status, request FROM station_command_record WHERE station_id = $1 AND action = 'Reset'`, [
        id,
      ]),
    ).toEqual([{ status: 'Accepted', request: { type: 'Soft' } }]);
    await waitFor(async () => (await handles(harness).stations.stations.station(id))?.online === true, { message: 'online again' });
  });

  it('TC_017_1_CSMS no session (detachable)', async () => {
    const id = newChargePointId('017_1');
    const cp = await ChargePoint16.booted(harness, id);
    expect(await cp.commandResult('UnlockConnector', { connectorId: 1 })).toEqual({ status: 'Unlocked' });
  });

  it('TC_017_2_CSMS no session (fixed cable)', async () => {
    const id = newChargePointId('017_2');
    const cp = await ChargePoint16.booted(harness, id);
    cp.answer('UnlockConnector', { status: 'NotSupported' });
    expect(await cp.commandResult('UnlockConnector', { connectorId: 1 })).toEqual({ status: 'NotSupported' });
  });

  it('TC_018_1_CSMS with session', async () => {
    const id = newChargePointId('018_1');
    const cp = await ChargePoint16.booted(harness, id);
    const tx = await cp.charging(TAG);
    expect(await cp.commandResult('UnlockConnector', { connectorId: 1 })).toEqual({ status: 'Unlocked' });
    // Unlocking stops the transaction first.
    expect(await cp.stopTransaction(tx, { reason: 'UnlockCommand' })).toEqual({});
    await cp.status(1, 'Finishing');
    await cp.status(1, 'Available');

    const session = await waitForSession(harness, id, tx, (s) => s.status === 'Ended');
    expect(session.stoppedReason).toBe('UnlockCommand');
  });

  it('TC_019_1_CSMS all keys', async () => {
    const id = newChargePointId('019_1');
    const cp = await ChargePoint16.booted(harness, id);
    const keys = [
      { key: 'HeartbeatInterval', readonly: false, value: '300' },
      { key: 'MeterValueSampleInterval', readonly: false, value: '60' },
      { key: 'NumberOfConnectors', readonly: true, value: '1' },
      {
        key: 'SupportedFeatureProfiles',
        readonly: true,
        value: 'Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger',
      },
    ];
    cp.answer('GetConfiguration', { configurationKey: keys });
    const result = await cp.commandResult('GetConfiguration', {});
    expect(result).toEqual({ configurationKey: keys });
    expect((await cp.receivedCalls('GetConfiguration'))[0].payload).toEqual({});

    await waitFor(
      async () =>
        (await rowsOf(harness, 'station', 'SELECT key FROM configuration_key WHERE station_id = $1', [id])).length === keys.length,
      {
        message: 'configuration stored',
      },
    );
    const stored = await rowsOf(
      harness,
      'station',
      'SELECT key, value, readonly FROM configuration_key WHERE station_id = $1 ORDER BY key',
      [id],
    );
    expect(stored).toEqual(
      [...keys].sort((a, b) => a.key.localeCompare(b.key)).map((k) => ({ key: k.key, value: k.value, readonly: k.readonly })),
    );
  });

  it('TC_019_2_CSMS one key', async () => {
    const id = newChargePointId('019_2');
    const cp = await ChargePoint16.booted(harness, id);
    cp.answer('GetConfiguration', (p) => ({
      configurationKey: ((p.key as string[] | undefined) ?? [])
        .filter((k) => k === 'HeartbeatInterval')
        .map((key) => ({ key, readonly: false, value: '300' })),
    }));
    const result = await cp.commandResult('GetConfiguration', { key: ['HeartbeatInterval'] });
    expect(result).toEqual({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] });

    await waitFor(
      async () => (await rowsOf(harness, 'station', 'SELECT key FROM configuration_key WHERE station_id = $1', [id])).length === 1,
      { message: 'key stored' },
    );
    expect(await rowsOf(harness, 'station', 'SELECT key, value, readonly FROM configuration_key WHERE station_id = $1', [id])).toEqual([
      { key: 'HeartbeatInterval', value: '300', readonly: false },
    ]);
  });

  it('GetConfiguration keys split by GetConfigurationMaxKeys (TC_019_2 with more keys than the charge point takes)', async () => {
    const id = newChargePointId('019_max');
    const cp = await ChargePoint16.booted(harness, id);
    const keys = [
      { key: 'GetConfigurationMaxKeys', readonly: true, value: '2' },
      { key: 'HeartbeatInterval', readonly: false, value: '300' },
      { key: 'MeterValueSampleInterval', readonly: false, value: '60' },
      { key: 'NumberOfConnectors', readonly: true, value: '1' },
    ];
    cp.answer('GetConfiguration', (p) => {
      const asked = p.key as string[] | undefined;
      if (!asked) return { configurationKey: keys };
      if (asked.length > 2) return { callError: 'OccurrenceConstraintViolation', description: 'more keys than GetConfigurationMaxKeys' };
      const unknown = asked.filter((k) => !keys.some((c) => c.key === k));
      return { configurationKey: keys.filter((c) => asked.includes(c.key)), ...(unknown.length > 0 ? { unknownKey: unknown } : {}) };
    });
    // The charge point's configuration (all keys) tells the CSMS it takes at most 2 keys per request.
    expect(await cp.commandResult('GetConfiguration', {})).toEqual({ configurationKey: keys });
    await waitFor(async () => (await handles(harness).stations.ports.limits.get(id))?.GetConfiguration?.items === 2, {
      timeoutMs: 15_000,
      message: 'GetConfigurationMaxKeys known to the command path',
    });

    const response = await cp.command('GetConfiguration', {
      key: ['HeartbeatInterval', 'NoSuchKey', 'MeterValueSampleInterval', 'NumberOfConnectors', 'GetConfigurationMaxKeys'],
    });
    expect(response.status).toBe(200);
    expect((await cp.receivedCalls('GetConfiguration', 4)).slice(1).map((c) => c.payload.key)).toEqual([
      ['HeartbeatInterval', 'NoSuchKey'],
      ['MeterValueSampleInterval', 'NumberOfConnectors'],
      ['GetConfigurationMaxKeys'],
    ]);
    expect(response.body.result).toEqual({
      configurationKey: [keys[1], keys[2], keys[3], keys[0]],
      unknownKey: ['NoSuchKey'],
    });
  });

  it('TC_021_CSMS change configuration', async () => {
    const id = newChargePointId('021');
    const cp = await ChargePoint16.booted(harness, id);
    expect(await cp.commandResult('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '30' })).toEqual({ status: 'Accepted' });

    await waitFor(
      async () =>
        (
          await rowsOf(
            harness,
            'station',
            `SELECT value FROM configuration_key WHERE station_id = $1 AND key = 'MeterValueSampleInterval'`,
            [id],
          )
        )[0]?.value === '30',
      {
        message: 'configuration value stored',
      },
    );
  });

  it('TC_023_1_CSMS Invalid', async () => {
    const id = newChargePointId('023_1');
    const cp = await ChargePoint16.booted(harness, id);
    await cp.status(1, 'Preparing');
    const info = await cp.authorize(newIdTag('UNKNOWN'));
    expect(info.status).toBe('Invalid');
    await cp.status(1, 'Available');
    expect(await sessionsOf(id)).toEqual([]);
  });

  it('TC_023_2_CSMS Expired', async () => {
    const id = newChargePointId('023_2');
    const cp = await ChargePoint16.booted(harness, id);
    await cp.status(1, 'Preparing');
    const info = await cp.authorize(EXPIRED);
    expect(info.status).toBe('Expired');
    await cp.status(1, 'Available');
    expect(await sessionsOf(id)).toEqual([]);
  });

  it('TC_023_3_CSMS Blocked', async () => {
    const id = newChargePointId('023_3');
    const cp = await ChargePoint16.booted(harness, id);
    await cp.status(1, 'Preparing');
    const info = await cp.authorize(BLOCKED);
    expect(info.status).toBe('Blocked');
    await cp.status(1, 'Available');
    expect(await sessionsOf(id)).toEqual([]);
  });

  it('TC_024_CSMS lock failure', async () => {
    const id = newChargePointId('024');
    const cp = await ChargePoint16.booted(harness, id);
    await cp.status(1, 'Preparing');
    expect((await cp.authorize(TAG)).status).toBe('Accepted');
    await cp.status(1, 'Faulted', 'ConnectorLockFailure');

    await waitForConnector(harness, id, 1, 'Faulted', 'ConnectorLockFailure');
    expect(await sessionsOf(id)).toEqual([]);
  });

  it('TC_026_CSMS remote start rejected', async () => {
    const id = newChargePointId('026');
    const cp = await ChargePoint16.booted(harness, id);
    cp.answer('RemoteStartTransaction', { status: 'Rejected' });
    expect(await cp.commandResult('RemoteStartTransaction', { connectorId: 1, idTag: TAG })).toEqual({ status: 'Rejected' });
    await waitForConnector(harness, id, 1, 'Available');
    expect(await sessionsOf(id)).toEqual([]);
  });

  it('TC_028_CSMS remote stop rejected', async () => {
    const id = newChargePointId('028');
    const cp = await ChargePoint16.booted(harness, id);
    const tx = await cp.charging(TAG);
    cp.answer('RemoteStopTransaction', { status: 'Rejected' });
    expect(await cp.commandResult('RemoteStopTransaction', { transactionId: tx })).toEqual({ status: 'Rejected' });
    const session = await waitForSession(harness, id, tx);
    expect(session.status).toBe('Active');
  });

  it('TC_030_CSMS unlock failure', async () => {
    const id = newChargePointId('030');
    const cp = await ChargePoint16.booted(harness, id);
    cp.answer('UnlockConnector', { status: 'UnlockFailed' });
    expect(await cp.commandResult('UnlockConnector', { connectorId: 1 })).toEqual({ status: 'UnlockFailed' });
  });

  it('TC_031_CSMS unknown connector', async () => {
    const id = newChargePointId('031');
    const cp = await ChargePoint16.booted(harness, id);
    cp.answer('UnlockConnector', (p) => ({ status: p.connectorId === 1 ? 'Unlocked' : 'NotSupported' }));
    expect(await cp.commandResult('UnlockConnector', { connectorId: 2 })).toEqual({ status: 'NotSupported' });
  });

  it('TC_032_1_CSMS power-failure boot stops transactions', async () => {
    const id = newChargePointId('032_1');
    const cp = await ChargePoint16.booted(harness, id);
    const tx = await cp.charging(TAG);
    await cp.meterValues(tx, 1_800);
    const powerLostAt = new Date().toISOString();
    // Power failure: the charge point reboots, then sends the queued StopTransaction.
    await cp.reconnect();
    await cp.boot();
    expect(await cp.stopTransaction(tx, { meterStop: 1_800, timestamp: powerLostAt, reason: 'PowerLoss' })).toEqual({});
    await cp.status(0, 'Available');
    await cp.status(1, 'Available');

    const session = await waitForSession(harness, id, tx, (s) => s.status === 'Ended');
    expect(session).toMatchObject({ stoppedReason: 'PowerLoss', meterStopWh: 1_800, energyWh: 800 });
    expect(session.endedAt?.toISOString()).toBe(powerLostAt);
    await waitForConnector(harness, id, 1, 'Available');
  });

  it('TC_037_1_CSMS offline start, valid idTag', async () => {
    const id = newChargePointId('037_1');
    const cp = await ChargePoint16.booted(harness, id);
    // Offline, the charge point starts a transaction for a locally authorized idTag; it reconnects
    // and delivers the queued messages.
    await cp.ws.close();
    const startedAt = isoAgo(120_000);
    await cp.reconnect();
    await cp.status(1, 'Charging', 'NoError', { timestamp: startedAt });
    const started = await cp.startTransaction(TAG, { meterStart: 100, timestamp: startedAt });
    expect(started.idTagInfo.status).toBe('Accepted');
    expect(started.transactionId).toBeGreaterThan(0);

    const session = await waitForSession(harness, id, started.transactionId);
    expect(session).toMatchObject({ status: 'Active', idToken: TAG, authStatus: 'Accepted', meterStartWh: 100 });
    expect(session.startedAt.toISOString()).toBe(startedAt);
  });

  it('TC_037_3_CSMS offline start, invalid idTag', async () => {
    const id = newChargePointId('037_3');
    const cp = await ChargePoint16.booted(harness, id);
    await cp.ws.close();
    const unknown = newIdTag('OFFUNK');
    const startedAt = isoAgo(120_000);
    await cp.reconnect();
    await cp.status(1, 'Charging', 'NoError', { timestamp: startedAt });
    const started = await cp.startTransaction(unknown, { meterStart: 100, timestamp: startedAt });
    expect(started.idTagInfo.status).toBe('Invalid');
    expect(started.transactionId).toBeGreaterThan(0);
    // StopTransactionOnInvalidId = true: the charge point stops the transaction.
    expect(await cp.stopTransaction(started.transactionId, { meterStop: 150, reason: 'DeAuthorized' })).toEqual({});
    await cp.status(1, 'Finishing');

    const session = await waitForSession(harness, id, started.transactionId, (s) => s.status === 'Ended');
    expect(session).toMatchObject({ authStatus: 'Invalid', stoppedReason: 'DeAuthorized', energyWh: 50 });
  });

  it('TC_039_CSMS offline transaction', async () => {
    const id = newChargePointId('039');
    const cp = await ChargePoint16.booted(harness, id);
    await cp.ws.close();
    const startedAt = isoAgo(300_000);
    const sampledAt = isoAgo(200_000);
    const stoppedAt = isoAgo(100_000);
    await cp.reconnect();
    // The whole transaction happened offline; the queue is replayed in order.
    const started = await cp.startTransaction(TAG, { meterStart: 5_000, timestamp: startedAt });
    expect(started.idTagInfo.status).toBe('Accepted');
    await cp.meterValues(started.transactionId, 6_000, 1, sampledAt);
    expect(
      (await cp.stopTransaction(started.transactionId, { meterStop: 7_000, timestamp: stoppedAt, reason: 'Local', idTag: TAG })).idTagInfo
        ?.status,
    ).toBe('Accepted');
    await cp.status(1, 'Available');

    const session = await waitForSession(harness, id, started.transactionId, (s) => s.status === 'Ended');
    expect(session).toMatchObject({ meterStartWh: 5_000, meterStopWh: 7_000, energyWh: 2_000, stoppedReason: 'Local' });
    expect(session.startedAt.toISOString()).toBe(startedAt);
    expect(session.endedAt?.toISOString()).toBe(stoppedAt);
  });

  it('TC_040_1_CSMS NotSupported', async () => {
    const id = newChargePointId('040_1');
    const cp = await ChargePoint16.booted(harness, id);
    cp.answer('ChangeConfiguration', { status: 'NotSupported' });
    expect(await cp.commandResult('ChangeConfiguration', { key: 'OcttUnknownKey', value: 'x' })).toEqual({ status: 'NotSupported' });
    // The answer is applied asynchronously: give it the time it would take, then check nothing was stored.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(
      await rowsOf(harness, 'station', `SELECT key FROM configuration_key WHERE station_id = $1 AND key = 'OcttUnknownKey'`, [id]),
    ).toEqual([]);
  });

  it('TC_040_2_CSMS invalid value', async () => {
    const id = newChargePointId('040_2');
    const cp = await ChargePoint16.booted(harness, id);
    cp.answer('ChangeConfiguration', (p) => ({ status: p.value === '-1' ? 'Rejected' : 'Accepted' }));
    expect(await cp.commandResult('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '-1' })).toEqual({ status: 'Rejected' });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(
      await rowsOf(
        harness,
        'station',
        `SELECT value FROM configuration_key WHERE station_id = $1 AND key = 'MeterValueSampleInterval' AND value = '-1'`,
        [id],
      ),
    ).toEqual([]);
  });

  it('TC_061_CSMS ClearCache', async () => {
    const id = newChargePointId('061');
    const cp = await ChargePoint16.booted(harness, id);
    expect(await cp.commandResult('ClearCache', {})).toEqual({ status: 'Accepted' });
    expect((await cp.receivedCalls('ClearCache'))[0].payload).toEqual({});
  });

  it('TC_064_CSMS DataTransfer', async () => {
    const id = newChargePointId('064');
    const cp = await ChargePoint16.booted(harness, id);
    const conf = await cp.call<{ status: string; data?: string }>('DataTransfer', {
      vendorId: 'org.octt.unknown',
      messageId: 'TestMessage',
      data: 'payload',
    });
    expect(conf.status).toBe('UnknownVendorId');

    await waitFor(
      async () => (await rowsOf(harness, 'station', 'SELECT 1 FROM data_transfer_request WHERE station_id = $1', [id])).length > 0,
      { message: 'DataTransfer stored' },
    );
    expect(
      await rowsOf(harness, 'station', 'SELECT vendor_id, data_message_id, status FROM data_transfer_request WHERE station_id = $1', [id]),
    ).toEqual([{ vendor_id: 'org.octt.unknown', data_message_id: 'TestMessage', status: 'UnknownVendorId' }]);
  });
});
