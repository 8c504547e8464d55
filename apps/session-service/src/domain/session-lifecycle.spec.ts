import { SessionLifecycle, withAnomalies, type Start16Input } from './session-lifecycle';
import type { Session, TransactionEventRecord } from './session';
import { aSession, anEvent, minute } from '../../test/session.builders';

const lifecycle = new SessionLifecycle({ clockSkewMs: 60_000 });
const NOW = new Date('2025-01-01T12:00:00.000Z');

function aStart16(overrides: Partial<Start16Input> = {}): Start16Input {
  return {
    id: '00000000-0000-4000-8000-000000000016',
    protocol: 'ocpp1.6',
    stationId: 'CS-16',
    transactionId: 7,
    connectorId: 1,
    idTag: 'abc',
    idTokenKey: 'ISO14443:ABC',
    authStatus: 'Accepted',
    meterStart: 1000,
    timestamp: '2025-01-01T11:00:00Z',
    reservationId: null,
    receivedAt: NOW,
    ...overrides,
  };
}

describe('SessionLifecycle — 1.6', () => {
  it('the start key is the same for a retried StartTransaction, whatever the timestamp spelling or idTag case', () => {
    const a = SessionLifecycle.startKey16('CS', { connectorId: 1, idTag: 'abc', timestamp: '2025-01-01T11:00:00Z', meterStart: 5 });
    const b = SessionLifecycle.startKey16('CS', {
      connectorId: 1,
      idTag: 'ABC',
      timestamp: '2025-01-01T12:00:00.000+01:00',
      meterStart: 5,
    });
    expect(a).toBe(b);
  });

  it.each([
    ['another connector', { connectorId: 2 }],
    ['another idTag', { idTag: 'xyz' }],
    ['another timestamp', { timestamp: '2025-01-01T11:00:01Z' }],
    ['another meterStart', { meterStart: 6 }],
  ])('the start key differs for %s', (_name, change) => {
    const base = { connectorId: 1, idTag: 'abc', timestamp: '2025-01-01T11:00:00Z', meterStart: 5 };
    expect(SessionLifecycle.startKey16('CS', { ...base, ...change })).not.toBe(SessionLifecycle.startKey16('CS', base));
  });

  it.each([
    ['Accepted', []],
    ['Invalid', [{ code: 'IdTokenNotAccepted', detail: 'Invalid' }]],
    ['ConcurrentTx', [{ code: 'IdTokenNotAccepted', detail: 'ConcurrentTx' }]],
  ])('a start with token status %s opens the session (anomalies %j)', (authStatus, anomalies) => {
    const session = lifecycle.start16(aStart16({ authStatus }));
    expect(session).toMatchObject({ status: 'Active', transactionRef: '7', transactionId: 7, meterStartWh: 1000, energyWh: 0 });
    expect(session.anomalies).toEqual(anomalies);
  });

  it.each([
    ['30 s ahead (within skew)', '2025-01-01T12:00:30Z', false],
    ['2 min ahead', '2025-01-01T12:02:00Z', true],
    ['in the past (offline replay)', '2024-12-31T00:00:00Z', false],
  ])('a start timestamp %s is flagged: %s', (_name, timestamp, flagged) => {
    const session = lifecycle.start16(aStart16({ timestamp }));
    expect(session.anomalies.some((a) => a.code === 'TimestampInFuture')).toBe(flagged);
  });

  it.each([
    [1000, 5000, 4000, []],
    [1000, 1000, 0, []],
    [1000, 900, 0, ['MeterDecreased']],
  ])('meterStart %d, meterStop %d → energy %d Wh, anomalies %j', (meterStart, meterStop, energyWh, codes) => {
    const session = lifecycle.start16(aStart16({ meterStart }));
    const outcome = lifecycle.stop16(session, { meterStop, timestamp: '2025-01-01T11:30:00Z', reason: null, idTag: null, receivedAt: NOW });
    expect(outcome.kind).toBe('ended');
    expect(outcome.session).toMatchObject({ status: 'Ended', meterStopWh: meterStop, energyWh, stoppedReason: 'Local' });
    expect(outcome.session.anomalies.map((a) => a.code)).toEqual(codes);
  });

  it('the same stop again is a duplicate; a different one is recorded as AlreadyStopped', () => {
    const stop = { meterStop: 2000, timestamp: '2025-01-01T11:30:00Z', reason: 'Remote', idTag: null, receivedAt: NOW };
    const ended = lifecycle.stop16(lifecycle.start16(aStart16()), stop).session;
    expect(lifecycle.stop16(ended, { ...stop, timestamp: '2025-01-01T11:30:00.000Z' }).kind).toBe('duplicate');
    const again = lifecycle.stop16(ended, { ...stop, meterStop: 2500 });
    expect(again.kind).toBe('already-stopped');
    expect(again.session).toMatchObject({ meterStopWh: 2000, energyWh: 1000, stoppedReason: 'Remote' });
    expect(again.session.anomalies).toEqual([{ code: 'AlreadyStopped', detail: 'meterStop 2500 at 2025-01-01T11:30:00.000Z' }]);
  });

  it.each([
    ['without transactionData', null, null, 0, ['UnknownTransaction', 'StartMissing']],
    ['with a Transaction.Begin register', { registerWh: 400, at: '2025-01-01T11:00:00Z' }, 400, 600, ['UnknownTransaction']],
  ])('an orphan stop (%s) is an ended, flagged session', (_name, begin, meterStartWh, energyWh, codes) => {
    const session = lifecycle.orphanStop16({
      id: 'x',
      protocol: 'ocpp1.6',
      stationId: 'CS-16',
      transactionId: -1,
      idTokenKey: null,
      begin,
      meterStop: 1000,
      timestamp: '2025-01-01T11:30:00Z',
      reason: null,
      idTag: null,
      receivedAt: NOW,
    });
    expect(session).toMatchObject({
      status: 'Ended',
      transactionRef: '-1',
      transactionId: null,
      meterStartWh,
      meterStopWh: 1000,
      energyWh,
    });
    expect(session.anomalies.map((a) => a.code)).toEqual(codes);
  });
});

describe('SessionLifecycle — 2.x fold', () => {
  const started = (o: Partial<TransactionEventRecord> = {}) =>
    anEvent({ eventType: 'Started', seqNo: 0, occurredAt: minute(0), registerWh: 1000, chargingState: 'EVConnected', ...o });
  const updated = (seqNo: number, mm: number, o: Partial<TransactionEventRecord> = {}) =>
    anEvent({ eventType: 'Updated', seqNo, occurredAt: minute(mm), ...o });
  const endedAt = (seqNo: number, mm: number, o: Partial<TransactionEventRecord> = {}) =>
    anEvent({ eventType: 'Ended', seqNo, occurredAt: minute(mm), ...o });

  it('a complete transaction in order: energy, charging and idle time, no anomalies', () => {
    const session = lifecycle.foldTransaction(aSession(), [
      started(),
      updated(1, 5, { chargingState: 'Charging', registerWh: 1100 }),
      updated(2, 35, { chargingState: 'SuspendedEV', registerWh: 3100 }),
      endedAt(3, 45, { registerWh: 3150, stoppedReason: 'EVDisconnected' }),
    ]);
    expect(session).toMatchObject({
      status: 'Ended',
      startedAt: minute(0),
      endedAt: minute(45),
      meterStartWh: 1000,
      meterStopWh: 3150,
      energyWh: 2150,
      chargingSeconds: 30 * 60,
      idleSeconds: 15 * 60,
      chargingState: 'SuspendedEV',
      stoppedReason: 'EVDisconnected',
      lastSeqNo: 3,
      anomalies: [],
    });
    expect(session.chargingPeriods.map((p) => p.state)).toEqual(['EVConnected', 'Charging', 'SuspendedEV']);
  });

  it('an active transaction reports energy so far from the latest register', () => {
    const session = lifecycle.foldTransaction(aSession(), [started(), updated(1, 10, { registerWh: 1700 })]);
    expect(session).toMatchObject({ status: 'Active', endedAt: null, meterStopWh: null, energyWh: 700 });
  });

  it('an Updated arriving after the Ended never re-opens the session, and is flagged', () => {
    const session = lifecycle.foldTransaction(aSession(), [
      started(),
      updated(1, 5, { registerWh: 1200 }),
      endedAt(3, 20, { registerWh: 2000 }),
      updated(2, 10, { registerWh: 1500 }),
    ]);
    expect(session).toMatchObject({ status: 'Ended', endedAt: minute(20), meterStopWh: 2000, energyWh: 1000 });
    expect(session.anomalies).toEqual([
      { code: 'OutOfOrder', detail: 'seqNo 2 after 3' },
      { code: 'EventAfterEnded', detail: 'Updated seqNo 2' },
    ]);
  });

  it('an Ended before its Started creates an ended session; the late Started completes it', () => {
    const ended = endedAt(2, 30, { registerWh: 1500 });
    const first = lifecycle.foldTransaction(aSession(), [ended]);
    expect(first).toMatchObject({ status: 'Ended', startedAt: minute(30), meterStartWh: 1500, energyWh: 0 });
    expect(first.anomalies.map((a) => a.code)).toEqual(['StartMissing']);
    const later = lifecycle.foldTransaction(aSession(), [ended, started({ registerWh: 1000 })]);
    expect(later).toMatchObject({ status: 'Ended', startedAt: minute(0), meterStartWh: 1000, energyWh: 500 });
    expect(later.anomalies.map((a) => a.code)).toEqual(['SeqNoGap', 'OutOfOrder', 'EventAfterEnded']);
  });

  it.each([
    [[0, 1, 2, 3], []],
    [[0, 2, 3], ['missing 1']],
    [[0, 4], ['missing 1..3']],
    [[5, 6, 9], ['missing 7..8']],
  ])('seqNos %j → gaps %j', (seqNos, gaps) => {
    const events = seqNos.map((seqNo, i) => (i === 0 ? started({ seqNo }) : updated(seqNo, i)));
    const session = lifecycle.foldTransaction(aSession(), events);
    expect(session.anomalies.filter((a) => a.code === 'SeqNoGap').map((a) => a.detail)).toEqual(gaps);
  });

  it('a gap closes when the missing event arrives late (then it is out of order)', () => {
    const session = lifecycle.foldTransaction(aSession(), [started(), updated(2, 2), updated(1, 1)]);
    expect(session.anomalies).toEqual([{ code: 'OutOfOrder', detail: 'seqNo 1 after 2' }]);
  });

  it('keeps the id token of the first event carrying one (the one that authorized the start), and per-event anomalies', () => {
    const session = lifecycle.foldTransaction(aSession(), [
      started({ idTokenKey: 'ISO14443:A', idToken: 'a', authStatus: 'Accepted' }),
      updated(1, 1, {
        idTokenKey: 'ISO14443:B',
        idToken: 'b',
        authStatus: 'Blocked',
        anomalies: [{ code: 'IdTokenNotAccepted', detail: 'Blocked' }],
      }),
    ]);
    expect(session).toMatchObject({ idTokenKey: 'ISO14443:A', authStatus: 'Accepted' });
    expect(session.anomalies).toEqual([{ code: 'IdTokenNotAccepted', detail: 'Blocked' }]);
  });

  it('a register that went backwards is flagged and counts no energy', () => {
    const session = lifecycle.foldTransaction(aSession(), [started({ registerWh: 1000 }), endedAt(1, 5, { registerWh: 10 })]);
    expect(session).toMatchObject({ energyWh: 0, meterStopWh: 10 });
    expect(session.anomalies.map((a) => a.code)).toEqual(['MeterDecreased']);
  });

  it('the fold does not depend on arrival order of the same events (apart from order anomalies)', () => {
    const events = [started(), updated(1, 5, { chargingState: 'Charging', registerWh: 1100 }), endedAt(2, 10, { registerWh: 1300 })];
    const inOrder = lifecycle.foldTransaction(aSession(), events);
    const reversed = lifecycle.foldTransaction(
      aSession(),
      events.map((e, i) => ({ ...e, arrival: 100 - i })),
    );
    const strip = (s: typeof inOrder) => ({ ...s, anomalies: [] });
    expect(strip(reversed)).toEqual(strip(inOrder));
  });
});

describe('withAnomalies', () => {
  it('keeps one of each code and detail', () => {
    expect(
      withAnomalies(
        [{ code: 'SeqNoGap', detail: 'missing 1' }],
        [
          { code: 'SeqNoGap', detail: 'missing 1' },
          { code: 'SeqNoGap', detail: 'missing 3' },
        ],
      ),
    ).toEqual([
      { code: 'SeqNoGap', detail: 'missing 1' },
      { code: 'SeqNoGap', detail: 'missing 3' },
    ]);
  });
});

describe('SessionLifecycle — 1.6 MeterValues during the session', () => {
  const running = (overrides: Partial<Session> = {}): Session => ({ ...lifecycle.start16(aStart16({ meterStart: 1000 })), ...overrides });

  it.each<[string, Partial<Session>, number | string, number | null]>([
    ['a first reading above meterStart', {}, 9000, 8000],
    ['a decimal register (kWh converted upstream)', {}, '3500.5', 2500.5],
    ['a higher reading than the one counted', { energyWh: 4000 }, 9000, 8000],
    ['the same reading again (re-delivery)', { energyWh: 8000 }, 9000, null],
    ['a late, older reading', { energyWh: 8000 }, 5000, null],
    ['a reading equal to meterStart', {}, 1000, null],
    ['a reading below meterStart (meter reset)', {}, 500, null],
    ['an ended session', { status: 'Ended', energyWh: 8500, meterStopWh: 9500 }, 12_000, null],
    ['a 2.x session (its TransactionEvents carry the energy)', { protocol: 'ocpp2.0.1' }, 9000, null],
    ['an unknown meterStart', { meterStartWh: null }, 9000, null],
  ])('%s', (_name, overrides, registerWh, expectedEnergyWh) => {
    const session = running(overrides);
    const after = lifecycle.meterValues16(session, registerWh);
    if (expectedEnergyWh === null) expect(after).toBeNull();
    else expect(after).toEqual({ ...session, energyWh: expectedEnergyWh });
  });

  it('folds readings in any order and any number of times to the highest', () => {
    const readings = [3000, 9000, 5000, 9000, 2000, 7000];
    let session = running();
    for (const reading of readings) session = lifecycle.meterValues16(session, reading) ?? session;
    expect(session.energyWh).toBe(8000);
  });

  it('the StopTransaction energy stands, whatever the readings counted before', () => {
    const during = lifecycle.meterValues16(running(), 9000);
    expect(during?.energyWh).toBe(8000);
    const stopped = lifecycle.stop16(during as Session, {
      meterStop: 10_000,
      timestamp: '2025-01-01T11:30:00Z',
      reason: null,
      idTag: null,
      receivedAt: NOW,
    });
    expect(stopped.session.energyWh).toBe(9000);
    expect(stopped.session).toEqual(
      lifecycle.stop16(running(), { meterStop: 10_000, timestamp: '2025-01-01T11:30:00Z', reason: null, idTag: null, receivedAt: NOW })
        .session,
    );
  });
});
