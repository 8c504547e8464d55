import { LedgerBuilder, recoveryMs, sampleKey, sessionKey } from './frame-ledger';

const line = (t: number, dir: 'in' | 'out', station: string, frame: unknown): string =>
  `${t}\t${dir}\t${station}\t${JSON.stringify(frame)}`;
const energy = (value: number | string, context: string) => ({
  value,
  context,
  measurand: 'Energy.Active.Import.Register',
  location: 'Outlet',
  unit: 'Wh',
});

describe('LedgerBuilder', () => {
  it('records a 1.6 session from the answered StartTransaction and StopTransaction', () => {
    const ledger = new LedgerBuilder()
      .addText(
        [
          line(1, 'out', 'cs-1', [
            2,
            'a',
            'StartTransaction',
            { connectorId: 1, idTag: 'T', meterStart: 1000, timestamp: '2026-01-01T00:00:00.000Z' },
          ]),
          line(2, 'in', 'cs-1', [3, 'a', { transactionId: 7, idTagInfo: { status: 'Accepted' } }]),
          line(3, 'out', 'cs-1', [
            2,
            'b',
            'MeterValues',
            {
              connectorId: 1,
              transactionId: 7,
              meterValue: [{ timestamp: '2026-01-01T00:00:03.000Z', sampledValue: [energy('1010', 'Sample.Periodic')] }],
            },
          ]),
          line(4, 'in', 'cs-1', [3, 'b', {}]),
          line(5, 'out', 'cs-1', [
            2,
            'c',
            'StopTransaction',
            {
              transactionId: 7,
              meterStop: 1500,
              timestamp: '2026-01-01T00:01:00.000Z',
              transactionData: [{ timestamp: '2026-01-01T00:01:00.000Z', sampledValue: [energy('1500', 'Transaction.End')] }],
            },
          ]),
          line(6, 'in', 'cs-1', [3, 'c', {}]),
        ].join('\n'),
      )
      .build();
    expect(ledger.sessions.get(sessionKey('cs-1', '7'))).toEqual({
      stationId: 'cs-1',
      transactionRef: '7',
      meterStartWh: 1000,
      meterStopWh: 1500,
      started: true,
      ended: true,
    });
    // meterStart (outside the transaction), the periodic sample, meterStop and the End sample of transactionData (the same reading).
    expect([...ledger.samples.keys()]).toEqual([
      sampleKey('cs-1', null, '2026-01-01T00:00:00.000Z', { context: 'Transaction.Begin' }),
      sampleKey('cs-1', '7', '2026-01-01T00:00:03.000Z', { context: 'Sample.Periodic' }),
      sampleKey('cs-1', '7', '2026-01-01T00:01:00.000Z', { context: 'Transaction.End' }),
    ]);
    expect([...ledger.samples.values()].every((s) => s.accepted)).toBe(true);
    expect(ledger.calls).toMatchObject({ sent: 3, results: 3, errors: 0, unanswered: 0 });
    expect(ledger.transactionMessagesGivenUp).toBe(0);
  });

  it('counts a retried message once, accepted when a later attempt is answered', () => {
    const mv = { connectorId: 1, meterValue: [{ timestamp: '2026-01-01T00:00:03.000Z', sampledValue: [energy('5', 'Sample.Periodic')] }] };
    const ledger = new LedgerBuilder()
      .addText(
        [
          line(10, 'out', 'cs-1', [2, 'a', 'MeterValues', mv]),
          line(11, 'in', 'cs-1', [4, 'a', 'InternalError', 'down', {}]),
          line(20, 'out', 'cs-1', [2, 'b', 'MeterValues', mv]),
          line(25, 'in', 'cs-1', [3, 'b', {}]),
        ].join('\n'),
      )
      .build();
    expect(ledger.samples.size).toBe(1);
    expect(ledger.calls.errorsByActionCode).toEqual({ 'MeterValues InternalError': 1 });
    expect(ledger.transactionMessagesGivenUp).toBe(0);
    expect(ledger.transactionTimes).toEqual([{ firstSentAt: 10, acceptedAt: 25 }]);
    expect(recoveryMs(ledger, 5, 10)).toBe(20);
    expect(recoveryMs(ledger, 26, 10)).toBe(0); // nothing outstanding after the answer
  });

  it('reports messages never accepted, unanswered CALLs and a start answered with two transaction ids', () => {
    const start = { connectorId: 1, idTag: 'T', meterStart: 1, timestamp: '2026-01-01T00:00:00.000Z' };
    const ledger = new LedgerBuilder()
      .addText(
        [
          line(1, 'out', 'cs-1', [2, 'a', 'StartTransaction', start]),
          line(2, 'in', 'cs-1', [3, 'a', { transactionId: 1, idTagInfo: { status: 'Accepted' } }]),
          line(3, 'out', 'cs-1', [2, 'b', 'StartTransaction', start]),
          line(4, 'in', 'cs-1', [3, 'b', { transactionId: 2, idTagInfo: { status: 'Accepted' } }]),
          line(5, 'out', 'cs-1', [
            2,
            'c',
            'MeterValues',
            { connectorId: 1, meterValue: [{ timestamp: '2026-01-01T00:00:09.000Z', sampledValue: [energy('2', 'Sample.Periodic')] }] },
          ]),
          '17\tout\tcs-1\t[2,"d","Heartbe', // cut short by a kill
        ].join('\n'),
      )
      .build();
    expect(ledger.duplicatedStarts).toBe(1);
    expect(ledger.transactionMessagesGivenUp).toBe(1);
    expect(ledger.samples.get(sampleKey('cs-1', null, '2026-01-01T00:00:00.000Z', { context: 'Transaction.Begin' }))?.accepted).toBe(true);
    expect(ledger.calls.unanswered).toBe(1);
    expect(recoveryMs(ledger, 4, 2)).toBeUndefined();
  });

  it('takes a 2.0.1 session meter start and stop from the Started and Ended events', () => {
    const event = (id: string, eventType: string, seqNo: number, wh: number, context: string) => [
      2,
      id,
      'TransactionEvent',
      {
        eventType,
        seqNo,
        timestamp: `2026-01-01T00:00:0${seqNo}.000Z`,
        triggerReason: 'Authorized',
        transactionInfo: { transactionId: 'tx-9' },
        meterValue: [
          { timestamp: `2026-01-01T00:00:0${seqNo}.000Z`, sampledValue: [{ ...energy(wh, context), unitOfMeasure: { unit: 'Wh' } }] },
        ],
      },
    ];
    const ledger = new LedgerBuilder()
      .addText(
        [
          line(1, 'out', 'cs-2', event('a', 'Started', 0, 100, 'Transaction.Begin')),
          line(2, 'in', 'cs-2', [3, 'a', {}]),
          line(3, 'out', 'cs-2', event('b', 'Ended', 1, 250, 'Transaction.End')),
          line(4, 'in', 'cs-2', [3, 'b', {}]),
        ].join('\n'),
      )
      .build();
    expect(ledger.sessions.get(sessionKey('cs-2', 'tx-9'))).toMatchObject({
      meterStartWh: 100,
      meterStopWh: 250,
      started: true,
      ended: true,
    });
    expect(
      ledger.samples.has(
        sampleKey('cs-2', 'tx-9', '2026-01-01T00:00:01.000Z', {
          measurand: 'Energy.Active.Import.Register',
          location: 'Outlet',
          context: 'Transaction.End',
        }),
      ),
    ).toBe(true);
  });
});
