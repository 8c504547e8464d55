// OCTT 2.0.1 CSMS test cases, functional block E (Transactions): start and stop points, local
// start/stop, GetTransactionStatus and seqNo per transaction. The station generates the
// transactionId; every event's answer must fit the schema and carry idTokenInfo when the event
// carried an idToken; the session-service must fold the events into the stored session.
import type { v201 } from '@voltlane/ocpp';
import { waitFor } from '@voltlane/testing';
import type { StackHarness } from '../../stack-harness';
import {
  Station201,
  Transaction201,
  energyValue,
  idTokenOf,
  newIdToken,
  newStationId,
  provisionIdToken,
  signedEnergyValue,
  startConformanceStack201,
  storedEvents,
  waitForSession201,
} from '../ocpp201-station';

describe('OCTT 2.0.1 CSMS — E Transactions', () => {
  let harness: StackHarness;
  let token: v201.IdTokenType;

  beforeAll(async () => {
    harness = await startConformanceStack201();
    token = await provisionIdToken(harness, newIdToken('E'));
  });
  afterAll(() => harness?.stop());

  async function setup(tc: string): Promise<{ id: string; cs: Station201; tx: Transaction201 }> {
    const id = newStationId(tc);
    return { id, cs: await Station201.booted(harness, id), tx: new Transaction201() };
  }

  /** Ends `tx` and checks the stored session. */
  async function end(
    cs: Station201,
    tx: Transaction201,
    triggerReason: v201.TriggerReasonEnumType,
    stoppedReason: v201.ReasonEnumType,
    withToken = false,
    meterStopWh = 9_000,
  ) {
    await cs.event(tx, 'Ended', triggerReason, {
      chargingState: 'Idle',
      stoppedReason,
      ...(withToken ? { idToken: token } : {}),
      meterValue: [energyValue(meterStopWh, 'Transaction.End')],
    });
    return waitForSession201(harness, cs.id, tx, (s) => s.status === 'Ended', 'session ended');
  }

  it('TC_E_01_CSMS Start transaction options - PowerPathClosed', async () => {
    const { id, cs, tx } = await setup('E01');
    await cs.status(1, 1, 'Occupied');
    expect((await cs.authorize(token)).status).toBe('Accepted');
    const started = await cs.event(tx, 'Started', 'ChargingStateChanged', {
      idToken: token,
      chargingState: 'Charging',
      meterValue: [energyValue(1_000, 'Transaction.Begin')],
    });
    expect(started.idTokenInfo?.status).toBe('Accepted');
    expect(await waitForSession201(harness, id, tx)).toMatchObject({
      status: 'Active',
      chargingState: 'Charging',
      idToken: token.idToken,
      meterStartWh: 1_000,
      evseId: 1,
      connectorId: 1,
    });
  });

  it('TC_E_02_CSMS Start transaction options - EnergyTransfer', async () => {
    const { id, cs, tx } = await setup('E02');
    await cs.status(1, 1, 'Occupied');
    expect((await cs.authorize(token)).status).toBe('Accepted');
    const started = await cs.event(tx, 'Started', 'ChargingStateChanged', {
      idToken: token,
      chargingState: 'Charging',
      meterValue: [energyValue(2_000, 'Transaction.Begin')],
    });
    expect(started.idTokenInfo?.status).toBe('Accepted');
    expect(await waitForSession201(harness, id, tx)).toMatchObject({ status: 'Active', chargingState: 'Charging', authStatus: 'Accepted' });
  });

  it('TC_E_09_CSMS Start transaction options - EVConnected', async () => {
    const { id, cs, tx } = await setup('E09');
    await cs.status(1, 1, 'Occupied');
    const started = await cs.event(tx, 'Started', 'CablePluggedIn', {
      chargingState: 'EVConnected',
      meterValue: [energyValue(0, 'Transaction.Begin')],
    });
    expect(started.idTokenInfo).toBeUndefined();
    expect(await waitForSession201(harness, id, tx)).toMatchObject({ status: 'Active', chargingState: 'EVConnected', idToken: null });
    expect((await cs.authorize(token)).status).toBe('Accepted');
    expect((await cs.event(tx, 'Updated', 'Authorized', { idToken: token })).idTokenInfo?.status).toBe('Accepted');
    expect(await waitForSession201(harness, id, tx, (s) => s.idToken !== null)).toMatchObject({
      idToken: token.idToken,
      authStatus: 'Accepted',
    });
  });

  it('TC_E_10_CSMS Start transaction options - Authorized', async () => {
    const { id, cs, tx } = await setup('E10');
    expect((await cs.authorize(token)).status).toBe('Accepted');
    const started = await cs.event(tx, 'Started', 'Authorized', { idToken: token, meterValue: [energyValue(10, 'Transaction.Begin')] });
    expect(started.idTokenInfo?.status).toBe('Accepted');
    expect(await waitForSession201(harness, id, tx)).toMatchObject({ status: 'Active', idToken: token.idToken });
  });

  it('TC_E_11_CSMS Start transaction options - DataSigned', async () => {
    const { id, cs, tx } = await setup('E11');
    await cs.status(1, 1, 'Occupied');
    const started = await cs.event(tx, 'Started', 'SignedDataReceived', {
      idToken: token,
      chargingState: 'EVConnected',
      meterValue: [signedEnergyValue(3_000, 'Transaction.Begin')],
    });
    expect(started.idTokenInfo?.status).toBe('Accepted');
    expect(await waitForSession201(harness, id, tx)).toMatchObject({ status: 'Active', meterStartWh: 3_000 });
  });

  it('TC_E_12_CSMS Start transaction options - ParkingBayOccupied', async () => {
    const { id, cs, tx } = await setup('E12');
    const started = await cs.event(tx, 'Started', 'EVDetected', { meterValue: [energyValue(0, 'Transaction.Begin')] });
    expect(started).toEqual({});
    expect(await waitForSession201(harness, id, tx)).toMatchObject({ status: 'Active' });
  });

  it('TC_E_03_CSMS Local start transaction - Cable plugin first - Success', async () => {
    const { id, cs } = await setup('E03');
    const tx = await cs.charging(token);
    expect(cs.sent.map((s) => s.action)).toEqual([
      'BootNotification',
      'StatusNotification',
      'StatusNotification',
      'TransactionEvent',
      'Authorize',
      'TransactionEvent',
      'TransactionEvent',
    ]);
    expect(await waitForSession201(harness, id, tx, (s) => s.chargingState === 'Charging')).toMatchObject({
      status: 'Active',
      idToken: token.idToken,
      authStatus: 'Accepted',
    });
  });

  it('TC_E_04_CSMS Local start transaction - Authorization first - Success', async () => {
    const { id, cs, tx } = await setup('E04');
    expect((await cs.authorize(token)).status).toBe('Accepted');
    expect(
      (await cs.event(tx, 'Started', 'Authorized', { idToken: token, meterValue: [energyValue(500, 'Transaction.Begin')] })).idTokenInfo
        ?.status,
    ).toBe('Accepted');
    await cs.status(1, 1, 'Occupied');
    await cs.event(tx, 'Updated', 'CablePluggedIn', { chargingState: 'EVConnected' });
    await cs.event(tx, 'Updated', 'ChargingStateChanged', { chargingState: 'Charging' });
    expect(await waitForSession201(harness, id, tx, (s) => s.chargingState === 'Charging')).toMatchObject({
      status: 'Active',
      meterStartWh: 500,
    });
  });

  it('TC_E_38_CSMS Local start transaction - Cable plugin first - EV not ready', async () => {
    const { id, cs, tx } = await setup('E38');
    await cs.status(1, 1, 'Occupied');
    await cs.event(tx, 'Started', 'CablePluggedIn', { chargingState: 'EVConnected', meterValue: [energyValue(0, 'Transaction.Begin')] });
    expect((await cs.authorize(token)).status).toBe('Accepted');
    expect((await cs.event(tx, 'Updated', 'Authorized', { idToken: token })).idTokenInfo?.status).toBe('Accepted');
    await cs.event(tx, 'Updated', 'ChargingStateChanged', { chargingState: 'SuspendedEV' });
    expect(await waitForSession201(harness, id, tx, (s) => s.chargingState === 'SuspendedEV')).toMatchObject({ status: 'Active' });
  });

  it('TC_E_07_CSMS Local Stop transaction options - PowerPathClosed', async () => {
    const { cs } = await setup('E07');
    const tx = await cs.charging(token);
    expect((await cs.authorize(token)).status).toBe('Accepted');
    expect(await end(cs, tx, 'StopAuthorized', 'Local', true)).toMatchObject({ stoppedReason: 'Local', energyWh: 8_000 });
  });

  it('TC_E_08_CSMS Stop transaction options - EnergyTransfer stopped - StopAuthorized', async () => {
    const { id, cs } = await setup('E08');
    const tx = await cs.charging(token);
    expect((await cs.event(tx, 'Updated', 'StopAuthorized', { idToken: token, chargingState: 'EVConnected' })).idTokenInfo?.status).toBe(
      'Accepted',
    );
    await waitForSession201(harness, id, tx, (s) => s.chargingState === 'EVConnected');
    expect(await end(cs, tx, 'ChargingStateChanged', 'Local')).toMatchObject({ stoppedReason: 'Local' });
  });

  it('TC_E_14_CSMS Stop transaction options - EVDisconnected - Charging Station side', async () => {
    const { cs } = await setup('E14');
    const tx = await cs.charging(token);
    await cs.event(tx, 'Updated', 'StopAuthorized', { idToken: token, chargingState: 'EVConnected' });
    await cs.status(1, 1, 'Available');
    expect(await end(cs, tx, 'EVCommunicationLost', 'EVDisconnected')).toMatchObject({ stoppedReason: 'EVDisconnected' });
  });

  it('TC_E_15_CSMS Stop transaction options - StopAuthorized - Local', async () => {
    const { cs } = await setup('E15');
    const tx = await cs.charging(token);
    expect(await end(cs, tx, 'StopAuthorized', 'Local', true)).toMatchObject({ stoppedReason: 'Local' });
  });

  it('TC_E_16_CSMS Stop transaction options - Deauthorized - Invalid idToken', async () => {
    const { id, cs, tx } = await setup('E16');
    const invalid = idTokenOf(newIdToken('E16X'));
    await cs.status(1, 1, 'Occupied');
    await cs.event(tx, 'Started', 'CablePluggedIn', { chargingState: 'EVConnected', meterValue: [energyValue(0, 'Transaction.Begin')] });
    const answer = await cs.event(tx, 'Updated', 'Authorized', { idToken: invalid });
    expect(['Invalid', 'Unknown']).toContain(answer.idTokenInfo?.status);
    expect(await end(cs, tx, 'Deauthorized', 'DeAuthorized')).toMatchObject({ stoppedReason: 'DeAuthorized' });
    expect(['Invalid', 'Unknown']).toContain((await waitForSession201(harness, id, tx)).authStatus);
  });

  it('TC_E_17_CSMS Stop transaction options - Deauthorized - EV side disconnect', async () => {
    const { cs } = await setup('E17');
    const tx = await cs.charging(token);
    await cs.event(tx, 'Updated', 'EVCommunicationLost', { chargingState: 'Idle' });
    expect(await end(cs, tx, 'Deauthorized', 'EVDisconnected')).toMatchObject({ stoppedReason: 'EVDisconnected' });
  });

  it('TC_E_19_CSMS Stop transaction options - ParkingBayUnoccupied', async () => {
    const { cs } = await setup('E19');
    const tx = await cs.charging(token);
    await cs.event(tx, 'Updated', 'StopAuthorized', { idToken: token, chargingState: 'EVConnected' });
    await cs.event(tx, 'Updated', 'EVCommunicationLost', { chargingState: 'Idle' });
    await cs.status(1, 1, 'Available');
    expect(await end(cs, tx, 'EVDeparted', 'Local')).toMatchObject({ stoppedReason: 'Local' });
  });

  it('TC_E_20_CSMS Stop transaction options - EVDisconnected - EV side', async () => {
    const { cs } = await setup('E20');
    const tx = await cs.charging(token);
    await cs.status(1, 1, 'Available');
    expect(await end(cs, tx, 'EVCommunicationLost', 'EVDisconnected')).toMatchObject({ stoppedReason: 'EVDisconnected' });
  });

  it('TC_E_21_CSMS Stop transaction options - StopAuthorized - Remote', async () => {
    const { cs } = await setup('E21');
    const tx = await cs.charging(token);
    expect(await cs.commandResult('RequestStopTransaction', { transactionId: tx.id })).toEqual({ status: 'Accepted' });
    expect(await end(cs, tx, 'RemoteStop', 'Remote')).toMatchObject({ stoppedReason: 'Remote' });
  });

  it('TC_E_22_CSMS Stop transaction options - SuspendedEV', async () => {
    const { id, cs } = await setup('E22');
    const tx = await cs.charging(token);
    await cs.event(tx, 'Updated', 'ChargingStateChanged', { chargingState: 'SuspendedEV' });
    await waitForSession201(harness, id, tx, (s) => s.chargingState === 'SuspendedEV');
    expect(await end(cs, tx, 'StopAuthorized', 'Local', true)).toMatchObject({ stoppedReason: 'Local' });
  });

  it('TC_E_26_CSMS Disconnect cable on EV-side - Suspend transaction', async () => {
    const { id, cs } = await setup('E26');
    const tx = await cs.charging(token);
    await cs.event(tx, 'Updated', 'EVCommunicationLost', { chargingState: 'Idle' });
    // Suspended, not stopped: the session stays active until the cable is plugged in again.
    expect(await waitForSession201(harness, id, tx, (s) => s.chargingState === 'Idle')).toMatchObject({ status: 'Active', endedAt: null });
    await cs.event(tx, 'Updated', 'CablePluggedIn', { chargingState: 'EVConnected' });
    await cs.event(tx, 'Updated', 'ChargingStateChanged', { chargingState: 'Charging' });
    expect(await waitForSession201(harness, id, tx, (s) => s.chargingState === 'Charging')).toMatchObject({ status: 'Active' });
  });

  it('TC_E_39_CSMS Stop transaction options - Deauthorized - timeout', async () => {
    const { cs, tx } = await setup('E39');
    expect((await cs.authorize(token)).status).toBe('Accepted');
    await cs.event(tx, 'Started', 'Authorized', { idToken: token, meterValue: [energyValue(0, 'Transaction.Begin')] });
    expect(await end(cs, tx, 'EVConnectTimeout', 'Timeout', false, 0)).toMatchObject({ stoppedReason: 'Timeout', energyWh: 0 });
  });

  async function transactionStatus(
    tc: string,
    scripted: { messagesInQueue: boolean; ongoingIndicator?: boolean },
    options: { ended?: boolean; withId?: boolean },
  ) {
    const { id, cs } = await setup(tc);
    const tx = await cs.charging(token);
    if (options.ended) await end(cs, tx, 'StopAuthorized', 'Local', true);
    cs.answer('GetTransactionStatus', scripted);
    const result = await cs.commandResult('GetTransactionStatus', options.withId === false ? {} : { transactionId: tx.id });
    expect(result).toEqual(scripted);
    const sent = await cs.receivedCalls('GetTransactionStatus');
    expect(sent[0].payload.transactionId).toBe(options.withId === false ? undefined : tx.id);
    return { id, tx };
  }

  it('TC_E_29_CSMS Check Transaction status - Transaction with id ongoing - with message in queue', async () => {
    await transactionStatus('E29', { messagesInQueue: true, ongoingIndicator: true }, {});
  });

  it('TC_E_30_CSMS Check Transaction status - Transaction with id ongoing - without message in queue', async () => {
    await transactionStatus('E30', { messagesInQueue: false, ongoingIndicator: true }, {});
  });

  it('TC_E_31_CSMS Check Transaction status - Transaction with id ended - with message in queue', async () => {
    await transactionStatus('E31', { messagesInQueue: true, ongoingIndicator: false }, { ended: true });
  });

  it('TC_E_33_CSMS Check Transaction status - Without transactionId - with message in queue', async () => {
    await transactionStatus('E33', { messagesInQueue: true }, { withId: false });
  });

  it('TC_E_34_CSMS Check Transaction status - Without transactionId - without message in queue', async () => {
    await transactionStatus('E34', { messagesInQueue: false }, { withId: false });
  });

  it('TC_E_53_CSMS Local start transaction - seqNo starts at 0 for every transaction', async () => {
    const { id, cs } = await setup('E53');
    const first = await cs.charging(token);
    await end(cs, first, 'StopAuthorized', 'Local', true);
    await cs.status(1, 1, 'Available');
    const second = await cs.charging(token);
    await end(cs, second, 'StopAuthorized', 'Local', true);
    const seqNos = (action: Transaction201) =>
      cs.sent
        .filter((s) => s.action === 'TransactionEvent' && s.payload.transactionInfo.transactionId === action.id)
        .map((s) => s.payload.seqNo as number);
    expect(seqNos(first)).toEqual([0, 1, 2, 3]);
    expect(seqNos(second)).toEqual([0, 1, 2, 3]);
    for (const tx of [first, second]) {
      const session = await waitForSession201(harness, id, tx, (s) => s.status === 'Ended');
      expect(session).toMatchObject({ lastSeqNo: 3, energyWh: 8_000 });
      expect(session.anomalies).toEqual([]);
      await waitFor(async () => (await storedEvents(harness, id, tx)).length === 4, { message: 'four events stored' });
      expect((await storedEvents(harness, id, tx)).map((e) => e.seq_no)).toEqual([0, 1, 2, 3]);
    }
    expect(first.id).not.toBe(second.id);
  });
});
