import { calculateCost, usageFromTotals, type SelectedTariff, type Tariff } from '@voltlane/billing-domain';
import {
  billingCdrContract,
  contractCatalog,
  ContractViolation,
  parseSessionLifecycleEvent,
  Topics,
  type SessionLifecycleEvent,
} from '@voltlane/contracts';
import { buildCdr } from './cdr-builder';
import { cdrIdOf } from './cdr-id';

const SESSION_ID = '0b8f5a52-2c1d-4f7e-9a3b-6d5e4c3b2a19';

function anEndedSession(overrides: Partial<SessionLifecycleEvent> = {}): SessionLifecycleEvent {
  return parseSessionLifecycleEvent({
    type: 'Ended',
    eventId: `${SESSION_ID}:Ended`,
    sessionId: SESSION_ID,
    stationId: 'CS-1',
    protocol: 'ocpp2.0.1',
    transactionRef: 'tx-1',
    idTokenKey: 'ISO14443:AABBCCDD',
    evseId: 1,
    connectorId: 1,
    startedAt: '2024-01-15T10:00:00.000Z',
    endedAt: '2024-01-15T11:00:00.000Z',
    meterStartWh: 1000,
    meterStopWh: 13_345,
    energyWh: 12_345,
    chargingSeconds: 3000,
    idleSeconds: 600,
    anomalies: [],
    stoppedReason: 'Local',
    occurredAt: '2024-01-15T11:00:00.000Z',
    ...overrides,
  });
}

const tariff: Tariff = {
  id: '5c0a1f3e-8d2b-4e7a-9f61-0b3c2d4e5f60',
  version: 1,
  name: 'Default',
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  energyPerKwh: '0.35',
  chargingPerMinute: '0',
  idlePerMinute: '0.10',
  idleGraceMinutes: 5,
  sessionFee: '0',
  bands: [],
  taxRatePercent: '19',
  rounding: 'HALF_UP',
  validFrom: new Date('2000-01-01T00:00:00Z'),
  validTo: null,
};
const selected: SelectedTariff = {
  tariff,
  assignment: { id: 'a', tariffId: tariff.id, scope: { kind: 'default' }, validFrom: tariff.validFrom, validTo: null },
};

function cdrOf(session: SessionLifecycleEvent) {
  const usage = usageFromTotals(
    {
      startedAt: new Date(session.startedAt),
      endedAt: new Date(session.endedAt ?? session.occurredAt),
      energyWh: String(session.energyWh),
      chargingSeconds: session.chargingSeconds,
      idleSeconds: session.idleSeconds,
    },
    new Date(),
  );
  return buildCdr({
    session,
    customer: { customerId: 'cust-7', customerGroup: null },
    selected,
    cost: calculateCost(usage, tariff),
    issuedAt: new Date('2024-01-15T11:00:01.000Z'),
  });
}

describe('buildCdr', () => {
  it('builds a CDR that satisfies billing.cdrs.v1, with hand-computed costs', () => {
    const cdr = billingCdrContract.outgoing(cdrOf(anEndedSession()));
    // 12.345 kWh × 0.35 = 4.32075 → 4.32; idle 10 min − 5 grace = 5 × 0.10 = 0.50; subtotal 4.82;
    // tax 4.82 × 19 % = 0.9158 → 0.92; total 5.74.
    expect(cdr).toMatchObject({
      cdrId: cdrIdOf(SESSION_ID),
      sessionId: SESSION_ID,
      stationId: 'CS-1',
      evseId: 1,
      connectorId: 1,
      idTokenKey: 'ISO14443:AABBCCDD',
      customerId: 'cust-7',
      customerGroup: null,
      tariff: { id: tariff.id, version: 1, assignment: 'default', taxRatePercent: '19', rounding: 'HALF_UP' },
      lines: [
        {
          component: 'energy',
          band: null,
          quantity: '12.345',
          unit: 'kWh',
          unitPrice: { amount: '0.35', currency: 'EUR' },
          amount: { amount: '4.32', currency: 'EUR' },
        },
        {
          component: 'idleTime',
          band: null,
          quantity: '5',
          unit: 'min',
          unitPrice: { amount: '0.10', currency: 'EUR' },
          amount: { amount: '0.50', currency: 'EUR' },
        },
      ],
      subtotal: { amount: '4.82', currency: 'EUR' },
      tax: { amount: '0.92', currency: 'EUR' },
      totalExclTax: { amount: '4.82', currency: 'EUR' },
      totalInclTax: { amount: '5.74', currency: 'EUR' },
      anomalies: [],
      anomalous: false,
    });
  });

  it('marks anomalies and never drops them', () => {
    const cdr = billingCdrContract.outgoing(cdrOf(anEndedSession({ anomalies: ['MeterDecreased', 'SeqNoGap'], energyWh: 0 })));
    expect(cdr.anomalies).toEqual(['MeterDecreased', 'SeqNoGap']);
    expect(cdr.anomalous).toBe(true);
    // No energy; idle 5 billable min × 0.10 = 0.50; tax 0.095 → 0.10 (HALF_UP); total 0.60.
    expect(cdr.totalInclTax).toEqual({ amount: '0.60', currency: 'EUR' });
  });

  it('makes the documented billing.cdrs.v1 example of the documented sessions.lifecycle.v1 Ended example (docs/asyncapi.json)', () => {
    const exampleOf = (topic: string, name: string) =>
      contractCatalog.find((c) => c.topic === topic)?.examples.find((e) => e.name === name)?.payload;
    const ended = parseSessionLifecycleEvent(exampleOf(Topics.SessionLifecycle, 'ended-201'));
    expect(cdrOf(ended)).toEqual(exampleOf(Topics.BillingCdrs, 'ended-session'));
  });

  it('gives the same record for the same input', () => {
    expect(JSON.stringify(cdrOf(anEndedSession()))).toBe(JSON.stringify(cdrOf(anEndedSession())));
  });

  it.each<[string, (cdr: Record<string, unknown>) => void]>([
    ['money as a JSON number', (cdr) => (cdr.totalInclTax = { amount: 5.74, currency: 'EUR' })],
    ['a lower-case currency', (cdr) => (cdr.currency = 'eur')],
    ['an unknown field', (cdr) => (cdr.extra = true)],
    ['a missing cdrId', (cdr) => delete cdr.cdrId],
    ['an amount with an exponent', (cdr) => (cdr.subtotal = { amount: '1e3', currency: 'EUR' })],
  ])('the contract rejects %s', (_name, corrupt) => {
    const cdr = JSON.parse(JSON.stringify(cdrOf(anEndedSession()))) as Record<string, unknown>;
    corrupt(cdr);
    expect(() => billingCdrContract.outgoing(cdr)).toThrow(ContractViolation);
  });
});
