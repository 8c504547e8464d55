// OCTT 2.0.1 CSMS test cases, functional block C (Authorization): Authorize answers for
// unknown/blocked/expired tokens, the authorization cache, ClearCache and GroupId.
import type { StackHarness } from '../../stack-harness';
import {
  Station201,
  Transaction201,
  energyValue,
  idTokenOf,
  newIdToken,
  newStationId,
  provisionIdToken,
  startConformanceStack201,
  waitForSession201,
} from '../ocpp201-station';

describe('OCTT 2.0.1 CSMS — C Authorization', () => {
  let harness: StackHarness;

  beforeAll(async () => {
    harness = await startConformanceStack201();
  });
  afterAll(() => harness?.stop());

  it('TC_C_02_CSMS Local start transaction - Authorization Invalid/Unknown', async () => {
    const cs = await Station201.booted(harness, newStationId('C02'));
    await cs.status(1, 1, 'Occupied');
    const info = await cs.authorize(idTokenOf(newIdToken('UNKNOWN')));
    expect(['Invalid', 'Unknown']).toContain(info.status);
    expect(cs.sent.filter((s) => s.action === 'TransactionEvent')).toHaveLength(0);
  });

  it('TC_C_06_CSMS Local start transaction - Authorization Blocked', async () => {
    const token = await provisionIdToken(harness, newIdToken('C06'), { status: 'Blocked' });
    const cs = await Station201.booted(harness, newStationId('C06'));
    expect((await cs.authorize(token)).status).toBe('Blocked');
  });

  it('TC_C_07_CSMS Local start transaction - Authorization Expired', async () => {
    const token = await provisionIdToken(harness, newIdToken('C07'), { status: 'Expired' });
    const cs = await Station201.booted(harness, newStationId('C07'));
    expect((await cs.authorize(token)).status).toBe('Expired');
    const pastExpiry = await provisionIdToken(harness, newIdToken('C07P'), { expiryDate: new Date(Date.now() - 86_400_000).toISOString() });
    expect((await cs.authorize(pastExpiry)).status).toBe('Expired');
  });

  it('TC_C_08_CSMS Authorization through authorization cache - Accepted', async () => {
    const id = newStationId('C08');
    const token = await provisionIdToken(harness, newIdToken('C08'));
    const cs = await Station201.booted(harness, id);
    // The station authorizes from its cache (no Authorize) and starts the transaction with the idToken.
    const tx = new Transaction201();
    await cs.status(1, 1, 'Occupied');
    const started = await cs.event(tx, 'Started', 'Authorized', {
      idToken: token,
      chargingState: 'EVConnected',
      meterValue: [energyValue(100, 'Transaction.Begin')],
    });
    expect(started.idTokenInfo).toMatchObject({ status: 'Accepted' });
    expect(cs.sent.filter((s) => s.action === 'Authorize')).toHaveLength(0);
    expect(await waitForSession201(harness, id, tx)).toMatchObject({ idToken: token.idToken, authStatus: 'Accepted', status: 'Active' });
  });

  it('TC_C_20_CSMS Authorization through authorization cache - Invalid', async () => {
    const id = newStationId('C20');
    const token = await provisionIdToken(harness, newIdToken('C20'), { status: 'Invalid' });
    const cs = await Station201.booted(harness, id);
    const tx = new Transaction201();
    await cs.status(1, 1, 'Occupied');
    const started = await cs.event(tx, 'Started', 'Authorized', {
      idToken: token,
      chargingState: 'EVConnected',
      meterValue: [energyValue(100, 'Transaction.Begin')],
    });
    expect(started.idTokenInfo?.status).toBe('Invalid');
    // The station stops the transaction as deauthorized.
    await cs.event(tx, 'Ended', 'Deauthorized', {
      chargingState: 'EVConnected',
      stoppedReason: 'DeAuthorized',
      meterValue: [energyValue(100, 'Transaction.End')],
    });
    expect(await waitForSession201(harness, id, tx, (s) => s.status === 'Ended')).toMatchObject({
      authStatus: 'Invalid',
      stoppedReason: 'DeAuthorized',
    });
  });

  it('TC_C_37_CSMS Clear Authorization Data in Authorization Cache - Accepted', async () => {
    const cs = await Station201.booted(harness, newStationId('C37'));
    expect(await cs.commandResult('ClearCache', {})).toEqual({ status: 'Accepted' });
  });

  it('TC_C_38_CSMS Clear Authorization Data in Authorization Cache - Rejected', async () => {
    const cs = await Station201.booted(harness, newStationId('C38'));
    cs.answer('ClearCache', { status: 'Rejected' });
    expect(await cs.commandResult('ClearCache', {})).toEqual({ status: 'Rejected' });
  });

  it('TC_C_39_CSMS Authorization by GroupId - Success', async () => {
    const id = newStationId('C39');
    const group = newIdToken('GRP');
    const first = await provisionIdToken(harness, newIdToken('C39A'), { group });
    const second = await provisionIdToken(harness, newIdToken('C39B'), { group });
    const cs = await Station201.booted(harness, id);
    const startInfo = await cs.authorize(first);
    expect(startInfo).toMatchObject({ status: 'Accepted', groupIdToken: { idToken: group } });
    const tx = new Transaction201();
    await cs.status(1, 1, 'Occupied');
    const started = await cs.event(tx, 'Started', 'Authorized', {
      idToken: first,
      chargingState: 'Charging',
      meterValue: [energyValue(0, 'Transaction.Begin')],
    });
    expect(started.idTokenInfo).toMatchObject({ status: 'Accepted', groupIdToken: { idToken: group } });
    // A different token of the same group stops the transaction.
    const stopInfo = await cs.authorize(second);
    expect(stopInfo).toMatchObject({ status: 'Accepted', groupIdToken: { idToken: group } });
    const ended = await cs.event(tx, 'Ended', 'StopAuthorized', {
      idToken: second,
      chargingState: 'EVConnected',
      stoppedReason: 'Local',
      meterValue: [energyValue(2_000, 'Transaction.End')],
    });
    expect(ended.idTokenInfo).toMatchObject({ status: 'Accepted', groupIdToken: { idToken: group } });
    expect(await waitForSession201(harness, id, tx, (s) => s.status === 'Ended')).toMatchObject({
      stoppedReason: 'Local',
      energyWh: 2_000,
    });
  });
});
