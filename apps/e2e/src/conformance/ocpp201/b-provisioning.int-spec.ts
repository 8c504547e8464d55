// OCTT 2.0.1 CSMS test cases, functional block B (Provisioning): boot, variables, base reports,
// reset and the boot gate.
import { waitFor } from '@voltlane/testing';
import type { StackHarness } from '../../stack-harness';
import {
  Station201,
  energyValue,
  newIdToken,
  newStationId,
  provisionIdToken,
  services201,
  startConformanceStack201,
  storedStation,
  storedVariable,
  waitForCommandRecords,
  waitForConnector201,
  waitForSession201,
  type Payload,
} from '../ocpp201-station';

const HEARTBEAT = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } };
const OFFLINE_THRESHOLD = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' } };
const TX_START = { component: { name: 'TxCtrlr' }, variable: { name: 'TxStartPoint' } };
const TX_STOP = { component: { name: 'TxCtrlr' }, variable: { name: 'TxStopPoint' } };

describe('OCTT 2.0.1 CSMS — B Provisioning', () => {
  let harness: StackHarness;

  beforeAll(async () => {
    harness = await startConformanceStack201();
  });
  afterAll(() => harness?.stop());

  /** A NotifyReport part answering GetBaseReport `requestId`. */
  function reportPart(
    requestId: number,
    seqNo: number,
    tbc: boolean,
    variables: { component: string; variable: string; value: string; mutability?: string }[],
  ): Payload {
    return {
      requestId,
      generatedAt: new Date().toISOString(),
      seqNo,
      ...(tbc ? { tbc: true } : {}),
      reportData: variables.map((v) => ({
        component: { name: v.component },
        variable: { name: v.variable },
        variableAttribute: [{ type: 'Actual', value: v.value, mutability: v.mutability ?? 'ReadWrite' }],
        variableCharacteristics: { dataType: 'string', supportsMonitoring: false },
      })),
    };
  }

  it('TC_B_01_CSMS Cold Boot Charging Station - Accepted', async () => {
    const id = newStationId('B01');
    const cs = await Station201.connect(harness, id);
    const boot = await cs.boot({ reason: 'PowerUp' });
    await cs.status(1, 1, 'Available');
    await cs.heartbeat();
    expect(cs.sent.map((s) => s.action)).toEqual(['BootNotification', 'StatusNotification', 'Heartbeat']);
    await waitFor(async () => (await storedStation(harness, id))?.bootStatus === 'Accepted', { message: 'boot stored' });
    expect(await storedStation(harness, id)).toMatchObject({
      vendor: 'Voltlane',
      model: 'OCTT-201',
      bootReason: 'PowerUp',
      protocol: 'ocpp2.0.1',
      online: true,
    });
    expect(boot.interval).toBeGreaterThan(0);
    await waitForConnector201(harness, id, 1, 1, 'Available');
  });

  it('TC_B_02_CSMS Cold Boot Charging Station - Pending', async () => {
    const id = newStationId('B02');
    await services201(harness).stations.policy.set(id, 'Pending');
    const cs = await Station201.connect(harness, id);
    const pending = await cs.boot({}, 'Pending');
    expect(pending.interval).toBeGreaterThan(0);
    await waitFor(async () => (await storedStation(harness, id))?.bootStatus === 'Pending', { message: 'Pending stored' });
    // While Pending the CSMS may configure the station.
    const got = await cs.commandResult<{ getVariableResult: { attributeStatus: string }[] }>('GetVariables', {
      getVariableData: [HEARTBEAT],
    });
    expect(got.getVariableResult[0].attributeStatus).toBe('Accepted');
    // After the interval the station boots again and the CSMS accepts it.
    await services201(harness).stations.policy.set(id, 'Accepted');
    await cs.boot({}, 'Accepted');
    await cs.status(1, 1, 'Available');
    await waitFor(async () => (await storedStation(harness, id))?.bootStatus === 'Accepted', { message: 'Accepted stored' });
  });

  it('TC_B_06_CSMS Get variables - single value', async () => {
    const cs = await Station201.booted(harness, newStationId('B06'));
    cs.answer('GetVariables', {
      getVariableResult: [{ attributeStatus: 'Accepted', attributeType: 'Actual', attributeValue: '300', ...HEARTBEAT }],
    });
    const result = await cs.commandResult<Payload>('GetVariables', { getVariableData: [HEARTBEAT] });
    expect(result).toEqual({
      getVariableResult: [{ attributeStatus: 'Accepted', attributeType: 'Actual', attributeValue: '300', ...HEARTBEAT }],
    });
    const sent = await cs.receivedCalls('GetVariables');
    expect(sent[0].payload.getVariableData).toHaveLength(1);
    await waitFor(async () => (await storedVariable(harness, cs.id, 'OCPPCommCtrlr', 'HeartbeatInterval')) === '300', {
      message: 'GetVariables result in the device model',
    });
  });

  it('TC_B_07_CSMS Get variables - multiple values', async () => {
    const cs = await Station201.booted(harness, newStationId('B07'));
    const data = [HEARTBEAT, OFFLINE_THRESHOLD, TX_START];
    const result = await cs.commandResult<{ getVariableResult: Payload[] }>('GetVariables', { getVariableData: data });
    expect(result.getVariableResult).toHaveLength(3);
    expect(result.getVariableResult.map((r) => String(r.variable.name))).toEqual(['HeartbeatInterval', 'OfflineThreshold', 'TxStartPoint']);
    expect(result.getVariableResult.every((r) => r.attributeStatus === 'Accepted')).toBe(true);
  });

  /** A component/variable reference (the variable may have an instance). */
  const ref = (component: string, variable: string, instance?: string): Payload => ({
    component: { name: component },
    variable: { name: variable, ...(instance ? { instance } : {}) },
  });
  const refName = (d: Payload): string => `${d.component.name}.${d.variable.name}${d.variable.instance ? `[${d.variable.instance}]` : ''}`;
  /** The station's message limits as the command senders read them (published by the station-service). */
  const stationLimits = (id: string) => services201(harness).stations.ports.limits.get(id);
  /** Bytes of the CALL frame the station received. */
  const frameBytes = (call: { messageId: string; action: string; payload: Payload }): number =>
    Buffer.byteLength(JSON.stringify([2, call.messageId, call.action, call.payload]), 'utf8');

  it('TC_B_08_CSMS Get Variables - limit to maximum number of values', async () => {
    const cs = await Station201.booted(harness, newStationId('B08'));
    // Before: the station reported DeviceDataCtrlr.ItemsPerMessage[GetVariables] = 4 (OCTT's five variables).
    const reported: [Payload, string][] = [
      [ref('DeviceDataCtrlr', 'ItemsPerMessage', 'GetReport'), '4'],
      [ref('DeviceDataCtrlr', 'ItemsPerMessage', 'GetVariables'), '4'],
      [ref('DeviceDataCtrlr', 'BytesPerMessage', 'GetReport'), '4096'],
      [ref('DeviceDataCtrlr', 'BytesPerMessage', 'GetVariables'), '4096'],
      [ref('AuthCtrlr', 'AuthorizeRemoteStart'), 'true'],
    ];
    const notify = {
      requestId: Math.floor(Math.random() * 1_000_000),
      generatedAt: new Date().toISOString(),
      seqNo: 0,
      reportData: reported.map(([r, value]) => ({
        ...r,
        variableAttribute: [{ type: 'Actual', value, mutability: 'ReadOnly' }],
        variableCharacteristics: { dataType: 'integer', supportsMonitoring: false },
      })),
    };
    expect(await cs.call('NotifyReport', notify)).toEqual({});
    await waitFor(async () => (await stationLimits(cs.id))?.GetVariables?.items === 4, {
      timeoutMs: 15_000,
      message: 'ItemsPerMessageGetVariables known to the command path',
    });

    cs.answer('GetVariables', (p) => ({
      getVariableResult: (p.getVariableData as Payload[]).map((d) => ({
        attributeStatus: 'Accepted',
        attributeType: 'Actual',
        attributeValue: reported.find(([r]) => refName(r) === refName(d))?.[1] ?? '',
        ...d,
      })),
    }));
    // Step 1: the operator asks for the five variables in one request.
    const wanted = reported.map(([r]) => r);
    const response = await cs.command('GetVariables', { getVariableData: wanted });
    expect(response.status).toBe(200);
    // The station got a GetVariablesRequest of 4 and one of 1, together the five in order.
    const calls = await cs.receivedCalls('GetVariables', 2);
    expect(calls.map((c) => (c.payload.getVariableData as Payload[]).length)).toEqual([4, 1]);
    expect(calls.flatMap((c) => (c.payload.getVariableData as Payload[]).map(refName))).toEqual(wanted.map(refName));
    // The API answers all five, merged in request order.
    const body = response.body as { result: { getVariableResult: Payload[] }; parts: Payload[] };
    expect(body.result.getVariableResult.map((r): unknown[] => [refName(r), r.attributeValue])).toEqual(
      reported.map(([r, value]) => [refName(r), value]),
    );
    expect(body.parts.map((p): unknown[] => [p.items, p.outcome])).toEqual([
      [4, 'result'],
      [1, 'result'],
    ]);
  });

  it('Get Variables split by BytesPerMessageGetVariables learnt from a GetVariables answer (TC_B_08 variant)', async () => {
    const cs = await Station201.booted(harness, newStationId('B08b'));
    const limitRef = ref('DeviceDataCtrlr', 'BytesPerMessage', 'GetVariables');
    const limit = 420;
    cs.answer('GetVariables', (p) => ({
      getVariableResult: (p.getVariableData as Payload[]).map((d) => ({
        attributeStatus: 'Accepted',
        attributeType: 'Actual',
        attributeValue: refName(d) === refName(limitRef) ? String(limit) : '7',
        ...d,
      })),
    }));
    expect(
      (await cs.commandResult<{ getVariableResult: Payload[] }>('GetVariables', { getVariableData: [limitRef] })).getVariableResult[0]
        .attributeValue,
    ).toBe(String(limit));
    await waitFor(async () => (await stationLimits(cs.id))?.GetVariables?.bytes === limit, {
      timeoutMs: 15_000,
      message: 'BytesPerMessageGetVariables known to the command path',
    });

    const wanted = [
      'HeartbeatInterval',
      'OfflineThreshold',
      'MessageTimeout',
      'NetworkProfileConnectionAttempts',
      'RetryBackOffRepeatTimes',
      'RetryBackOffWaitMinimum',
    ].map((name) => ref('OCPPCommCtrlr', name));
    const before = cs.received.filter((c) => c.action === 'GetVariables').length;
    expect(
      Buffer.byteLength(JSON.stringify([2, '00000000-0000-0000-0000-000000000000', 'GetVariables', { getVariableData: wanted }])),
    ).toBeGreaterThan(limit);
    const response = await cs.command('GetVariables', { getVariableData: wanted });
    expect(response.status).toBe(200);
    const calls = cs.received.filter((c) => c.action === 'GetVariables').slice(before);
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) expect(frameBytes(call)).toBeLessThanOrEqual(limit);
    expect(calls.flatMap((c) => (c.payload.getVariableData as Payload[]).map(refName))).toEqual(wanted.map(refName));
    expect((response.body as { result: { getVariableResult: Payload[] } }).result.getVariableResult.map(refName)).toEqual(
      wanted.map(refName),
    );
  });

  it('TC_B_09_CSMS Set variables - single value', async () => {
    const cs = await Station201.booted(harness, newStationId('B09'));
    const result = await cs.commandResult<{ setVariableResult: Payload[] }>('SetVariables', {
      setVariableData: [{ ...OFFLINE_THRESHOLD, attributeValue: '120' }],
    });
    expect(result.setVariableResult).toEqual([{ attributeType: 'Actual', attributeStatus: 'Accepted', ...OFFLINE_THRESHOLD }]);
    await waitFor(async () => (await storedVariable(harness, cs.id, 'OCPPCommCtrlr', 'OfflineThreshold')) === '120', {
      message: 'SetVariables result in the device model',
    });
  });

  it('TC_B_10_CSMS Set variables - multiple values', async () => {
    const cs = await Station201.booted(harness, newStationId('B10'));
    const data = [
      { ...TX_START, attributeValue: 'EVConnected,Authorized' },
      { ...TX_STOP, attributeValue: 'EVConnected' },
      { ...OFFLINE_THRESHOLD, attributeValue: '60' },
    ];
    const result = await cs.commandResult<{ setVariableResult: Payload[] }>('SetVariables', { setVariableData: data });
    expect(result.setVariableResult.map((r) => [String(r.variable.name), String(r.attributeStatus)])).toEqual([
      ['TxStartPoint', 'Accepted'],
      ['TxStopPoint', 'Accepted'],
      ['OfflineThreshold', 'Accepted'],
    ]);
    await waitFor(async () => (await storedVariable(harness, cs.id, 'OCPPCommCtrlr', 'OfflineThreshold')) === '60', {
      message: 'SetVariables results in the device model',
    });
    expect(await storedVariable(harness, cs.id, 'TxCtrlr', 'TxStartPoint')).toBe('EVConnected,Authorized');
    expect(await storedVariable(harness, cs.id, 'TxCtrlr', 'TxStopPoint')).toBe('EVConnected');
  });

  async function baseReport(tc: string, reportBase: 'ConfigurationInventory' | 'FullInventory'): Promise<void> {
    const id = newStationId(tc);
    const cs = await Station201.booted(harness, id);
    const requestId = Math.floor(Math.random() * 1_000_000);
    const result = await cs.commandResult<{ status: string }>('GetBaseReport', { requestId, reportBase });
    expect(result.status).toBe('Accepted');
    expect(
      await cs.call(
        'NotifyReport',
        reportPart(requestId, 0, true, [{ component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval', value: '300' }]),
      ),
    ).toEqual({});
    expect(
      await cs.call(
        'NotifyReport',
        reportPart(requestId, 1, false, [
          { component: 'TxCtrlr', variable: 'TxStartPoint', value: 'EVConnected,Authorized' },
          { component: 'SecurityCtrlr', variable: 'SecurityProfile', value: '1', mutability: 'ReadOnly' },
        ]),
      ),
    ).toEqual({});
    const { stations } = services201(harness);
    await waitFor(async () => (await stations.stations.report(id, 'Report', requestId))?.complete === true, {
      timeoutMs: 15_000,
      message: 'report stored complete',
    });
    expect((await stations.stations.report(id, 'Report', requestId))?.seqNos.sort()).toEqual([0, 1]);
    await waitFor(async () => (await stations.stations.deviceModel(id)).length >= 3, { message: 'device model stored' });
    const model = await stations.stations.deviceModel(id);
    expect(model.map((v) => `${v.componentName}.${v.variableName}`).sort()).toEqual([
      'OCPPCommCtrlr.HeartbeatInterval',
      'SecurityCtrlr.SecurityProfile',
      'TxCtrlr.TxStartPoint',
    ]);
  }

  it('TC_B_12_CSMS Retrieve Base Report - ConfigurationInventory', async () => {
    await baseReport('B12', 'ConfigurationInventory');
  });

  it('TC_B_13_CSMS Retrieve Base Report - FullInventory', async () => {
    await baseReport('B13', 'FullInventory');
  });

  it('TC_B_20_CSMS Reset Charging Station - Without ongoing transaction - OnIdle', async () => {
    const id = newStationId('B20');
    const cs = await Station201.booted(harness, id);
    const result = await cs.commandResult<{ status: string }>('Reset', { type: 'OnIdle' });
    expect(result.status).toBe('Accepted');
    expect((await waitForCommandRecords(harness, id, 'Reset'))[0]).toMatchObject({ status: 'Accepted', request: { type: 'OnIdle' } });
    await cs.reconnect();
    await cs.boot({ reason: 'RemoteReset' });
    await cs.status(1, 1, 'Available');
    await waitFor(async () => (await storedStation(harness, id))?.bootReason === 'RemoteReset', { message: 'reboot stored' });
  });

  it('TC_B_21_CSMS Reset Charging Station - With Ongoing Transaction - OnIdle', async () => {
    const id = newStationId('B21');
    const token = await provisionIdToken(harness, newIdToken('B21'));
    const cs = await Station201.booted(harness, id);
    const tx = await cs.charging(token);
    cs.answer('Reset', { status: 'Scheduled' });
    const result = await cs.commandResult<{ status: string }>('Reset', { type: 'OnIdle' });
    expect(result.status).toBe('Scheduled');
    expect((await waitForCommandRecords(harness, id, 'Reset'))[0]).toMatchObject({ status: 'Scheduled' });
    expect((await waitForSession201(harness, id, tx)).status).toBe('Active');
    // The transaction ends normally; then the station resets.
    await cs.event(tx, 'Ended', 'StopAuthorized', {
      idToken: token,
      chargingState: 'EVConnected',
      stoppedReason: 'Local',
      meterValue: [energyValue(5_000, 'Transaction.End')],
    });
    await cs.status(1, 1, 'Available');
    await cs.reconnect();
    await cs.boot({ reason: 'RemoteReset' });
    expect(await waitForSession201(harness, id, tx, (s) => s.status === 'Ended')).toMatchObject({
      stoppedReason: 'Local',
      meterStopWh: 5_000,
    });
  });

  it('TC_B_22_CSMS Reset Charging Station - With Ongoing Transaction - Immediate', async () => {
    const id = newStationId('B22');
    const token = await provisionIdToken(harness, newIdToken('B22'));
    const cs = await Station201.booted(harness, id);
    const tx = await cs.charging(token);
    const result = await cs.commandResult<{ status: string }>('Reset', { type: 'Immediate' });
    expect(result.status).toBe('Accepted');
    expect((await waitForCommandRecords(harness, id, 'Reset'))[0]).toMatchObject({ status: 'Accepted', request: { type: 'Immediate' } });
    await cs.event(tx, 'Ended', 'ResetCommand', {
      chargingState: 'EVConnected',
      stoppedReason: 'ImmediateReset',
      meterValue: [energyValue(4_000, 'Transaction.End')],
    });
    await cs.reconnect();
    await cs.boot({ reason: 'RemoteReset' });
    await cs.status(1, 1, 'Occupied');
    expect(await waitForSession201(harness, id, tx, (s) => s.status === 'Ended')).toMatchObject({ stoppedReason: 'ImmediateReset' });
    await waitFor(async () => (await storedStation(harness, id))?.bootReason === 'RemoteReset', { message: 'reboot stored' });
  });

  it('TC_B_25_CSMS Reset EVSE - Without ongoing transaction', async () => {
    const id = newStationId('B25');
    const cs = await Station201.booted(harness, id);
    expect(await cs.commandResult('Reset', { type: 'OnIdle', evseId: 1 })).toEqual({ status: 'Accepted' });
    expect((await waitForCommandRecords(harness, id, 'Reset'))[0]).toMatchObject({
      status: 'Accepted',
      request: { type: 'OnIdle', evseId: 1 },
    });
    await cs.status(1, 1, 'Unavailable');
    await waitForConnector201(harness, id, 1, 1, 'Unavailable');
    await cs.status(1, 1, 'Available');
    await waitForConnector201(harness, id, 1, 1, 'Available');
  });

  it('TC_B_26_CSMS Reset EVSE - With ongoing transaction - OnIdle', async () => {
    const id = newStationId('B26');
    const token = await provisionIdToken(harness, newIdToken('B26'));
    const cs = await Station201.booted(harness, id);
    const tx = await cs.charging(token);
    cs.answer('Reset', { status: 'Scheduled' });
    expect(await cs.commandResult('Reset', { type: 'OnIdle', evseId: 1 })).toEqual({ status: 'Scheduled' });
    expect((await waitForSession201(harness, id, tx)).status).toBe('Active');
    await cs.event(tx, 'Ended', 'StopAuthorized', {
      idToken: token,
      chargingState: 'Idle',
      stoppedReason: 'Local',
      meterValue: [energyValue(3_000, 'Transaction.End')],
    });
    await cs.status(1, 1, 'Unavailable');
    await cs.status(1, 1, 'Available');
    expect(await waitForSession201(harness, id, tx, (s) => s.status === 'Ended')).toMatchObject({ stoppedReason: 'Local' });
    await waitForConnector201(harness, id, 1, 1, 'Available');
  });

  it('TC_B_27_CSMS Reset EVSE - With ongoing transaction - Immediate', async () => {
    const id = newStationId('B27');
    const token = await provisionIdToken(harness, newIdToken('B27'));
    const cs = await Station201.booted(harness, id);
    const tx = await cs.charging(token);
    expect(await cs.commandResult('Reset', { type: 'Immediate', evseId: 1 })).toEqual({ status: 'Accepted' });
    await cs.event(tx, 'Ended', 'ResetCommand', {
      chargingState: 'EVConnected',
      stoppedReason: 'ImmediateReset',
      meterValue: [energyValue(2_500, 'Transaction.End')],
    });
    await cs.status(1, 1, 'Unavailable');
    await cs.status(1, 1, 'Occupied');
    expect(await waitForSession201(harness, id, tx, (s) => s.status === 'Ended')).toMatchObject({
      stoppedReason: 'ImmediateReset',
      energyWh: 1_500,
    });
  });

  const networkProfile = {
    configurationSlot: 1,
    connectionData: {
      ocppVersion: 'OCPP20',
      ocppTransport: 'JSON',
      ocppCsmsUrl: 'ws://csms.example.com/ocpp',
      messageTimeout: 30,
      securityProfile: 1,
      ocppInterface: 'Wired0',
    },
  };

  it('TC_B_42_CSMS Set new NetworkConnectionProfile - Accepted', async () => {
    const cs = await Station201.booted(harness, newStationId('B42'));
    expect(await cs.commandResult('SetNetworkProfile', networkProfile)).toEqual({ status: 'Accepted' });
  });

  it('TC_B_44_CSMS Set new NetworkConnectionProfile - Failed', async () => {
    const cs = await Station201.booted(harness, newStationId('B44'));
    cs.answer('SetNetworkProfile', { status: 'Failed' });
    expect(await cs.commandResult('SetNetworkProfile', networkProfile)).toEqual({ status: 'Failed' });
  });

  it('TC_B_30_CSMS Cold Boot Charging Station - Pending/Rejected - SecurityError', async () => {
    const { stations } = services201(harness);
    for (const policy of ['Pending', 'Rejected'] as const) {
      const id = newStationId(`B30${policy}`);
      await stations.policy.set(id, policy);
      const cs = await Station201.connect(harness, id);
      await cs.boot({}, policy);
      for (const [action, payload] of [
        ['Heartbeat', {}],
        ['StatusNotification', { timestamp: new Date().toISOString(), connectorStatus: 'Available', evseId: 1, connectorId: 1 }],
        ['Authorize', { idToken: { idToken: 'OCTT', type: 'ISO14443' } }],
      ] as const) {
        const answer = await cs.rawCall(action, payload);
        expect([answer[0], answer[2]]).toEqual([4, 'SecurityError']);
      }
      expect(await stations.stations.connectors(id)).toEqual([]);
      // Rejected: the CSMS initiates nothing (not even TriggerMessage); Pending: no remote start.
      const forbidden =
        policy === 'Rejected'
          ? (['TriggerMessage', { requestedMessage: 'BootNotification' }] as const)
          : (['RequestStartTransaction', { idToken: { idToken: 'OCTT', type: 'ISO14443' }, remoteStartId: 1 }] as const);
      expect((await cs.command(forbidden[0], forbidden[1])).status).toBe(409);
      expect(cs.received).toEqual([]);
    }
  });

  it('TC_B_31_CSMS Cold Boot Charging Station - Pending/Rejected - TriggerMessage', async () => {
    const id = newStationId('B31');
    const { stations } = services201(harness);
    await stations.policy.set(id, 'Pending');
    const cs = await Station201.connect(harness, id);
    await cs.boot({}, 'Pending');
    await stations.policy.set(id, 'Accepted');
    const result = await cs.commandResult<{ status: string }>('TriggerMessage', { requestedMessage: 'BootNotification' });
    expect(result.status).toBe('Accepted');
    await cs.boot({ reason: 'Triggered' }, 'Accepted');
    await cs.status(1, 1, 'Available');
    await waitFor(async () => (await storedStation(harness, id))?.bootStatus === 'Accepted', { message: 'Accepted after trigger' });
  });
});
