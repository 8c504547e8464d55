import { checkRound, roundPassed } from './checks';
import { LedgerBuilder, sampleKey, type Ledger } from './frame-ledger';
import type { StoreSnapshot } from './store-snapshot';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:00:03.000Z';
const energy = (value: string, context: string) => ({
  value,
  context,
  measurand: 'Energy.Active.Import.Register',
  location: 'Outlet',
  unit: 'Wh',
});

function oneSessionLedger(): Ledger {
  const frames: unknown[][] = [
    ['out', [2, 'a', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 1000, timestamp: T0 }]],
    ['in', [3, 'a', { transactionId: 7, idTagInfo: { status: 'Accepted' } }]],
    [
      'out',
      [
        2,
        'b',
        'MeterValues',
        { connectorId: 1, transactionId: 7, meterValue: [{ timestamp: T1, sampledValue: [energy('1100', 'Sample.Periodic')] }] },
      ],
    ],
    ['in', [3, 'b', {}]],
    ['out', [2, 'c', 'StopTransaction', { transactionId: 7, meterStop: 1500, timestamp: T1, transactionData: [] }]],
    ['in', [3, 'c', {}]],
  ];
  return new LedgerBuilder().addText(frames.map(([dir, f], i) => `${i}\t${String(dir)}\tcs-1\t${JSON.stringify(f)}`).join('\n')).build();
}

const sampleAt = sampleKey('cs-1', '7', T1, { measurand: 'Energy.Active.Import.Register', location: 'Outlet', context: 'Sample.Periodic' });
const meterStart = sampleKey('cs-1', null, T0, { context: 'Transaction.Begin' });
const meterStop = sampleKey('cs-1', '7', T1, { context: 'Transaction.End' });

function goodStore(): StoreSnapshot {
  return {
    sessions: [{ id: 's-1', stationId: 'cs-1', transactionRef: '7', transactionId: 7, status: 'Ended', energyWh: 500 }],
    sampleRows: new Map([
      [meterStart, 1],
      [sampleAt, 1],
      [meterStop, 1],
    ]),
    cdrRows: new Map([['s-1', 1]]),
    // A CDR published twice (at-least-once) with the same cdrId is one CDR.
    cdrMessages: [
      { cdrId: 'c-1', sessionId: 's-1', stationId: 'cs-1', energyWh: 500 },
      { cdrId: 'c-1', sessionId: 's-1', stationId: 'cs-1', energyWh: 500 },
    ],
  };
}

describe('checkRound', () => {
  it('passes when every session, sample and CDR is stored exactly once with the metered energy', () => {
    const counts = checkRound(oneSessionLedger(), goodStore());
    expect(counts).toMatchObject({ sessions: 1, samples: 3, cdrs: 1, lost: 0, duplicated: 0, energyMismatches: 0, givenUp: 0 });
    expect(counts.problems).toEqual([]);
    expect(roundPassed(counts)).toBe(true);
  });

  it('counts a missing sample, a missing CDR and a session without its end as lost', () => {
    const store = goodStore();
    store.sampleRows.clear();
    store.cdrRows.clear();
    store.cdrMessages = [];
    store.sessions[0].status = 'Active';
    const counts = checkRound(oneSessionLedger(), store);
    expect(counts.lost).toBe(5);
    expect(counts.problems.join('\n')).toMatch(/not stored[\s\S]*no end record|no end record[\s\S]*not stored/);
    expect(roundPassed(counts)).toBe(false);
  });

  it('counts a second session, a second CDR id and a sample stored twice as duplicated', () => {
    const store = goodStore();
    store.sessions.push({ id: 's-2', stationId: 'cs-1', transactionRef: '8', transactionId: 8, status: 'Ended', energyWh: 500 });
    store.sampleRows.set(sampleAt, 2);
    store.cdrMessages.push({ cdrId: 'c-2', sessionId: 's-1', stationId: 'cs-1', energyWh: 500 });
    const counts = checkRound(oneSessionLedger(), store);
    expect(counts.duplicated).toBe(3);
    expect(roundPassed(counts)).toBe(false);
  });

  it('flags stored and billed energy that differs from the meter', () => {
    const store = goodStore();
    store.sessions[0].energyWh = 499;
    store.cdrMessages = [{ cdrId: 'c-1', sessionId: 's-1', stationId: 'cs-1', energyWh: 400 }];
    const counts = checkRound(oneSessionLedger(), store);
    expect(counts.energyMismatches).toBe(2);
    expect(roundPassed(counts)).toBe(false);
  });

  it('fails a round on a CALLERROR for an action stations do not retry, but not for a retried transaction message', () => {
    const withErrors = (frames: unknown[][]): Ledger =>
      new LedgerBuilder().addText(frames.map(([dir, f], i) => `${i}\t${String(dir)}\tcs-1\t${JSON.stringify(f)}`).join('\n')).build();
    const base = oneSessionLedger();
    const retried = withErrors([
      ['out', [2, 'x', 'MeterValues', { connectorId: 1, transactionId: 7, meterValue: [] }]],
      ['in', [4, 'x', 'InternalError', 'Kafka down', {}]],
    ]);
    const status = withErrors([
      ['out', [2, 'y', 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' }]],
      ['in', [4, 'y', 'InternalError', 'Kafka down', {}]],
    ]);
    const counts = (calls: Ledger['calls']) => checkRound({ ...base, calls }, goodStore());
    expect(counts(retried.calls)).toMatchObject({ callErrors: 1, refusedWithoutRetry: 0 });
    expect(roundPassed(counts(retried.calls))).toBe(true);
    const refused = counts(status.calls);
    expect(refused).toMatchObject({ callErrors: 1, refusedWithoutRetry: 1 });
    expect(refused.problems.join('\n')).toMatch(/StatusNotification InternalError/);
    expect(roundPassed(refused)).toBe(false);
  });
});
