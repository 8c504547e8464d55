// OCTT 2.0.1 CSMS test cases, functional block F (Remote control): remote start, unlock and
// TriggerMessage, all sent through the operator API's generic command endpoint.
import type { v201 } from '@voltlane/ocpp';
import { waitFor } from '@voltlane/testing';
import type { StackHarness } from '../../stack-harness';
import {
  Station201,
  Transaction201,
  energyValue,
  iso,
  newIdToken,
  newStationId,
  provisionIdToken,
  rows201,
  startConformanceStack201,
  waitForConnector201,
  waitForRows,
  waitForSession201,
} from '../ocpp201-station';

describe('OCTT 2.0.1 CSMS — F Remote control', () => {
  let harness: StackHarness;
  let token: v201.IdTokenType;

  beforeAll(async () => {
    harness = await startConformanceStack201();
    token = await provisionIdToken(harness, newIdToken('F'));
  });
  afterAll(() => harness?.stop());

  const remoteStartId = () => Math.floor(Math.random() * 1_000_000) + 1;

  it('TC_F_01_CSMS Remote start transaction - Cable plugin first', async () => {
    const id = newStationId('F01');
    const cs = await Station201.booted(harness, id);
    const tx = new Transaction201();
    await cs.status(1, 1, 'Occupied');
    await cs.event(tx, 'Started', 'CablePluggedIn', { chargingState: 'EVConnected', meterValue: [energyValue(0, 'Transaction.Begin')] });
    cs.answer('RequestStartTransaction', { status: 'Accepted', transactionId: tx.id });
    const rsid = remoteStartId();
    const result = await cs.commandResult('RequestStartTransaction', { idToken: token, remoteStartId: rsid, evseId: 1 });
    expect(result).toEqual({ status: 'Accepted', transactionId: tx.id });
    const updated = await cs.event(tx, 'Updated', 'RemoteStart', { idToken: token, remoteStartId: rsid, chargingState: 'Charging' });
    expect(updated.idTokenInfo?.status).toBe('Accepted');
    expect(await waitForSession201(harness, id, tx, (s) => s.remoteStartId !== null)).toMatchObject({
      remoteStartId: rsid,
      idToken: token.idToken,
      status: 'Active',
    });
  });

  async function remoteFirst(tc: string, authorizeFirst: boolean) {
    const id = newStationId(tc);
    const cs = await Station201.booted(harness, id);
    const rsid = remoteStartId();
    expect(await cs.commandResult('RequestStartTransaction', { idToken: token, remoteStartId: rsid, evseId: 1 })).toEqual({
      status: 'Accepted',
    });
    if (authorizeFirst) expect((await cs.authorize(token)).status).toBe('Accepted');
    const tx = new Transaction201();
    const started = await cs.event(tx, 'Started', 'RemoteStart', {
      idToken: token,
      remoteStartId: rsid,
      meterValue: [energyValue(0, 'Transaction.Begin')],
    });
    expect(started.idTokenInfo?.status).toBe('Accepted');
    return { id, cs, tx, rsid };
  }

  it('TC_F_02_CSMS Remote start transaction - Remote start first - AuthorizeRemoteStart is true', async () => {
    const { id, cs, tx, rsid } = await remoteFirst('F02', true);
    await cs.status(1, 1, 'Occupied');
    await cs.event(tx, 'Updated', 'CablePluggedIn', { chargingState: 'EVConnected' });
    await cs.event(tx, 'Updated', 'ChargingStateChanged', { chargingState: 'Charging' });
    expect(await waitForSession201(harness, id, tx, (s) => s.chargingState === 'Charging')).toMatchObject({
      remoteStartId: rsid,
      authStatus: 'Accepted',
    });
  });

  it('TC_F_03_CSMS Remote start transaction - Remote start first - AuthorizeRemoteStart is false', async () => {
    const { id, cs, tx, rsid } = await remoteFirst('F03', false);
    await cs.status(1, 1, 'Occupied');
    await cs.event(tx, 'Updated', 'CablePluggedIn', { chargingState: 'EVConnected' });
    expect(cs.sent.filter((s) => s.action === 'Authorize')).toHaveLength(0);
    expect(await waitForSession201(harness, id, tx, (s) => s.chargingState === 'EVConnected')).toMatchObject({ remoteStartId: rsid });
  });

  it('TC_F_04_CSMS Remote start transaction - Remote start first - Cable plugin timeout', async () => {
    const { id, cs, tx } = await remoteFirst('F04', false);
    await cs.event(tx, 'Ended', 'EVConnectTimeout', { stoppedReason: 'Timeout', meterValue: [energyValue(0, 'Transaction.End')] });
    expect(await waitForSession201(harness, id, tx, (s) => s.status === 'Ended')).toMatchObject({ stoppedReason: 'Timeout', energyWh: 0 });
  });

  it('TC_F_06_CSMS Unlock connector - Without ongoing transaction - Accepted', async () => {
    const cs = await Station201.booted(harness, newStationId('F06'));
    expect(await cs.commandResult('UnlockConnector', { evseId: 1, connectorId: 1 })).toEqual({ status: 'Unlocked' });
  });

  async function triggerMeterValues(tc: string, evses: number, evse?: { id: number }) {
    const id = newStationId(tc);
    const cs = await Station201.booted(harness, id, evses);
    expect(await cs.commandResult('TriggerMessage', { requestedMessage: 'MeterValues', ...(evse ? { evse } : {}) })).toEqual({
      status: 'Accepted',
    });
    const targets = evse ? [evse.id] : Array.from({ length: evses }, (_, i) => i + 1);
    for (const evseId of targets)
      expect(await cs.call('MeterValues', { evseId, meterValue: [energyValue(1_000 * evseId, 'Trigger')] })).toEqual({});
    const stored = await waitForRows(
      harness,
      'metering',
      "SELECT * FROM meter_samples WHERE station_id = $1 AND context = 'Trigger' ORDER BY evse_id",
      [id],
      targets.length,
      'triggered samples',
    );
    expect(stored.map((r) => r.evse_id)).toEqual(targets);
  }

  it('TC_F_11_CSMS Trigger message - MeterValues - Specific EVSE', async () => {
    await triggerMeterValues('F11', 2, { id: 1 });
  });

  it('TC_F_12_CSMS Trigger message - MeterValues - All EVSE', async () => {
    await triggerMeterValues('F12', 2);
  });

  async function triggerTransactionEvent(tc: string, evse?: { id: number }) {
    const id = newStationId(tc);
    const cs = await Station201.booted(harness, id, 2);
    const txs = [await cs.charging(token, 1), await cs.charging(token, 2)];
    expect(await cs.commandResult('TriggerMessage', { requestedMessage: 'TransactionEvent', ...(evse ? { evse } : {}) })).toEqual({
      status: 'Accepted',
    });
    for (const tx of evse ? txs.filter((t) => t.evseId === evse.id) : txs) {
      expect(await cs.event(tx, 'Updated', 'Trigger', { chargingState: 'Charging', meterValue: [energyValue(2_000, 'Trigger')] })).toEqual(
        {},
      );
      await waitForRows(
        harness,
        'metering',
        "SELECT 1 FROM meter_samples WHERE station_id = $1 AND transaction_ref = $2 AND context = 'Trigger'",
        [id, tx.id],
        1,
        'triggered tx sample',
      );
    }
  }

  it('TC_F_13_CSMS Trigger message - TransactionEvent - Specific EVSE', async () => {
    await triggerTransactionEvent('F13', { id: 1 });
  });

  it('TC_F_14_CSMS Trigger message - TransactionEvent - All EVSE', async () => {
    await triggerTransactionEvent('F14');
  });

  it('TC_F_15_CSMS Trigger message - LogStatusNotification - Idle', async () => {
    const id = newStationId('F15');
    const cs = await Station201.booted(harness, id);
    expect(await cs.commandResult('TriggerMessage', { requestedMessage: 'LogStatusNotification' })).toEqual({ status: 'Accepted' });
    expect(await cs.call('LogStatusNotification', { status: 'Idle' })).toEqual({});
    await waitForRows(
      harness,
      'station',
      "SELECT 1 FROM log_status_history WHERE station_id = $1 AND status = 'Idle'",
      [id],
      1,
      'log status stored',
    );
  });

  it('TC_F_18_CSMS Trigger message - FirmwareStatusNotification - Idle', async () => {
    const id = newStationId('F18');
    const cs = await Station201.booted(harness, id);
    expect(await cs.commandResult('TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' })).toEqual({ status: 'Accepted' });
    expect(await cs.call('FirmwareStatusNotification', { status: 'Idle' })).toEqual({});
    await waitForRows(
      harness,
      'station',
      "SELECT 1 FROM firmware_status_history WHERE station_id = $1 AND status = 'Idle'",
      [id],
      1,
      'firmware status stored',
    );
  });

  it('TC_F_20_CSMS Trigger message - Heartbeat', async () => {
    const cs = await Station201.booted(harness, newStationId('F20'));
    expect(await cs.commandResult('TriggerMessage', { requestedMessage: 'Heartbeat' })).toEqual({ status: 'Accepted' });
    await cs.heartbeat();
  });

  async function triggerStatus(tc: string, status: 'Available' | 'Occupied') {
    const id = newStationId(tc);
    const cs = await Station201.booted(harness, id);
    if (status === 'Occupied') await cs.status(1, 1, 'Occupied');
    expect(await cs.commandResult('TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 1 } })).toEqual({
      status: 'Accepted',
    });
    await cs.status(1, 1, status, iso());
    await waitForConnector201(harness, id, 1, 1, status);
    const history = await rows201(harness, 'station', 'SELECT status FROM connector_status_history WHERE station_id = $1 ORDER BY id', [
      id,
    ]);
    expect(history[history.length - 1].status).toBe(status);
  }

  it('TC_F_23_CSMS Trigger message - StatusNotification - Specific EVSE - Available', async () => {
    await triggerStatus('F23', 'Available');
  });

  it('TC_F_24_CSMS Trigger message - StatusNotification - Specific EVSE - Occupied', async () => {
    await triggerStatus('F24', 'Occupied');
  });

  it('TC_F_27_CSMS Trigger message - NotImplemented', async () => {
    const cs = await Station201.booted(harness, newStationId('F27'));
    cs.answer('TriggerMessage', { callError: 'NotImplemented', description: 'TriggerMessage not implemented' });
    const response = await cs.command('TriggerMessage', { requestedMessage: 'Heartbeat' });
    expect(response.status).toBe(502);
    expect(response.body.callError).toBeDefined();
    expect(JSON.stringify(response.body.callError)).toContain('NotImplemented');
    await waitFor(() => cs.received.some((c) => c.action === 'TriggerMessage'), { message: 'TriggerMessage received' });
  });
});
