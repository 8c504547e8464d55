// billing-service on the in-process bus and its own PostgreSQL schema: sessions.lifecycle.v1 and
// customers.tokens.v1 in, billing.cdrs.v1 out.
import { randomUUID } from 'node:crypto';
import {
  billingCdrContract,
  parseBillingCdr,
  parseCustomerTokenSnapshot,
  parseSessionLifecycleEvent,
  type BillingCdr,
  type SessionAnomalyCode,
  type SessionLifecycleEvent,
} from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { createServiceMetricsRegistry } from '@voltlane/service-kit';
import { parseExposition, sampleValue, uniqueName, waitFor } from '@voltlane/testing';
import { ServiceHarness, answeredCommandEvent } from '@voltlane/testing/medium';
import { cdrIdOf, startBillingService, type BillingServiceHandle } from '../src';

/** A session of this suite: its events come from `lifecycle`. */
interface SessionSpec {
  id: string;
  stationId: string;
  energyWh: number;
  anomalies?: SessionAnomalyCode[];
  idTokenKey?: string;
}

/**
 * A `sessions.lifecycle.v1` event of the session, 2024-01-15 10:00–11:00 (Updated at 10:30 with
 * half the energy), meter start 1 000 Wh; the n-th Updated has its own event id.
 */
function lifecycle(spec: SessionSpec, type: SessionLifecycleEvent['type'], n = 1): SessionLifecycleEvent {
  const ended = type === 'Ended';
  return parseSessionLifecycleEvent({
    type,
    eventId: type === 'Updated' ? `${spec.id}:Updated:${n}` : `${spec.id}:${type}`,
    sessionId: spec.id,
    stationId: spec.stationId,
    protocol: 'ocpp2.0.1',
    transactionRef: `tx-${spec.id.slice(0, 8)}`,
    ...(spec.idTokenKey ? { idTokenKey: spec.idTokenKey } : {}),
    evseId: 1,
    connectorId: 1,
    startedAt: '2024-01-15T10:00:00.000Z',
    ...(ended ? { endedAt: '2024-01-15T11:00:00.000Z', meterStopWh: 1000 + spec.energyWh, stoppedReason: 'Local' } : {}),
    meterStartWh: 1000,
    energyWh: type === 'Started' ? 0 : ended ? spec.energyWh : Math.floor(spec.energyWh / 2),
    chargingSeconds: type === 'Started' ? 0 : ended ? 3000 : 1500,
    idleSeconds: ended ? 600 : 0,
    anomalies: spec.anomalies ?? [],
    occurredAt: type === 'Started' ? '2024-01-15T10:00:00.000Z' : ended ? '2024-01-15T11:00:00.000Z' : '2024-01-15T10:30:00.000Z',
  });
}

const TOKEN_KEY = 'ISO14443:AABBCCDD';
const STATION_WITH_TARIFF = 'CS-STATION-TARIFF';

const s1: SessionSpec = { id: randomUUID(), stationId: 'CS-A', energyWh: 12_345, idTokenKey: TOKEN_KEY };
const s2: SessionSpec = { id: randomUUID(), stationId: STATION_WITH_TARIFF, energyWh: 10_000 };
const s3: SessionSpec = { id: randomUUID(), stationId: 'CS-B', energyWh: 0, anomalies: ['MeterDecreased', 'SeqNoGap'] };
const s4: SessionSpec = { id: randomUUID(), stationId: 'CS-A', energyWh: 4_000 };
const s5: SessionSpec = { id: randomUUID(), stationId: 'CS-C', energyWh: 1_000 };

describe('billing-service (medium)', () => {
  let harness: ServiceHarness<BillingServiceHandle>;
  let billing: BillingServiceHandle;

  beforeAll(async () => {
    harness = await ServiceHarness.start({ start: startBillingService, service: 'billing-service' });
    billing = harness.service;
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const received = (): BusMessage[] => harness.records('BillingCdrs');
  const cdrsOf = (sessionId: string): BusMessage[] => received().filter((m) => (JSON.parse(m.value) as BillingCdr).sessionId === sessionId);

  async function publish(...events: SessionLifecycleEvent[]): Promise<void> {
    for (const event of events) await harness.publish('SessionLifecycle', event.stationId, event);
  }

  it('satisfies RunningService and seeds the default tariff', async () => {
    expect(billing.name).toBe('billing-service');
    expect(billing.dispatcher).toBeUndefined(); // billing answers no station CALL and consumes no station frame
    const tariffs = await billing.tariffs.listTariffs();
    expect(tariffs).toEqual([
      expect.objectContaining({ name: 'Default', currency: 'EUR', energyPerKwh: '0.35', taxRatePercent: '19', version: 1 }),
    ]);
  });

  it('issues exactly one CDR per ended session, with the tariff that applies', async () => {
    // Station tariff: 0.40/kWh + 1.00 per session, 19 %.
    const stationTariff = await billing.tariffs.createTariff({
      name: 'Station special',
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      energyPerKwh: '0.40',
      sessionFee: '1.00',
      taxRatePercent: '19',
      validFrom: new Date('2020-01-01T00:00:00Z'),
    });
    await billing.tariffs.assign({
      tariffId: stationTariff.id,
      scope: { kind: 'station', stationId: STATION_WITH_TARIFF },
      validFrom: new Date('2020-01-01T00:00:00Z'),
    });
    const snapshot = parseCustomerTokenSnapshot({
      key: TOKEN_KEY,
      idTagKey: 'AABBCCDD',
      idToken: 'aabbccdd',
      type: 'ISO14443',
      status: 'Accepted',
      customerId: 'cust-1',
      revision: 1,
      deleted: false,
      updatedAt: '2024-01-01T00:00:00.000Z',
    });
    await harness.publish('CustomerTokens', snapshot.key, snapshot);
    await waitFor(async () => (await harness.query(`SELECT 1 FROM customer_tokens WHERE key = $1`, [TOKEN_KEY])).length === 1, {
      message: 'token read model',
    });

    for (const s of [s1, s2, s3]) await publish(lifecycle(s, 'Started'), lifecycle(s, 'Updated'), lifecycle(s, 'Ended'));
    await waitFor(() => received().length >= 3, { message: '3 CDRs on billing.cdrs.v1' });
    await harness.settle();
    expect(received()).toHaveLength(3);

    const c1 = parseBillingCdr(JSON.parse(cdrsOf(s1.id)[0].value));
    // 12.345 kWh × 0.35 = 4.32075 → 4.32; tax 0.8208 → 0.82; total 5.14. Idle not priced by default.
    expect(c1).toMatchObject({
      cdrId: cdrIdOf(s1.id),
      stationId: 'CS-A',
      evseId: 1,
      connectorId: 1,
      idTokenKey: TOKEN_KEY,
      customerId: 'cust-1',
      energyWh: 12_345,
      tariff: { name: 'Default', version: 1, assignment: 'default' },
      lines: [
        {
          component: 'energy',
          quantity: '12.345',
          unit: 'kWh',
          unitPrice: { amount: '0.35', currency: 'EUR' },
          amount: { amount: '4.32', currency: 'EUR' },
        },
      ],
      totalExclTax: { amount: '4.32', currency: 'EUR' },
      tax: { amount: '0.82', currency: 'EUR' },
      totalInclTax: { amount: '5.14', currency: 'EUR' },
      anomalous: false,
    });
    expect(cdrsOf(s1.id)[0].key).toBe('CS-A');

    const c2 = parseBillingCdr(JSON.parse(cdrsOf(s2.id)[0].value));
    // 10 kWh × 0.40 = 4.00 + fee 1.00 = 5.00; tax 0.95; total 5.95.
    expect(c2).toMatchObject({
      tariff: { id: stationTariff.id, version: 1, assignment: 'station' },
      customerId: null,
      totalExclTax: { amount: '5.00', currency: 'EUR' },
      tax: { amount: '0.95', currency: 'EUR' },
      totalInclTax: { amount: '5.95', currency: 'EUR' },
    });
    expect(c2.lines.map((l) => `${l.component}:${l.amount.amount}`)).toEqual(['energy:4.00', 'sessionFee:1.00']);
  });

  it('issues a CDR for an anomaly-flagged session, with the anomalies marked', () => {
    const c3 = parseBillingCdr(JSON.parse(cdrsOf(s3.id)[0].value));
    expect(c3.anomalies).toEqual(['MeterDecreased', 'SeqNoGap']);
    expect(c3.anomalous).toBe(true);
    expect(c3.totalInclTax).toEqual({ amount: '0.00', currency: 'EUR' });
  });

  it('keeps a running cost for an ongoing session', async () => {
    await publish(lifecycle(s4, 'Started'), lifecycle(s4, 'Updated'));
    await waitFor(async () => (await billing.queries.runningCost(s4.id, new Date('2024-01-15T10:30:00Z')))?.subtotal.amount === '0.70', {
      message: 'running cost of 2 kWh',
    });
    // 2 kWh so far × 0.35 = 0.70; tax 0.133 → 0.13.
    const running = await billing.queries.runningCost(s4.id, new Date('2024-01-15T10:30:00Z'));
    expect(running).toMatchObject({
      ongoing: true,
      subtotal: { amount: '0.70' },
      tax: { amount: '0.13' },
      totalInclTax: { amount: '0.83' },
    });
  });

  it('re-publishes the identical CDR when an Ended event is processed again, and stores one', async () => {
    const first = cdrsOf(s1.id)[0];
    await publish(lifecycle(s1, 'Ended'));
    await waitFor(() => cdrsOf(s1.id).length === 2, { message: 'second publication of s1' });
    const again = cdrsOf(s1.id)[1];
    expect(again.value).toBe(first.value);
    expect(again.key).toBe(first.key);
    const stored = await harness.query<{ n: string }>(`SELECT count(*) AS n FROM cdrs`);
    expect(Number(stored[0].n)).toBe(3);
  });

  it('still has exactly one CDR per session across a restart', async () => {
    // The in-process bus keeps nothing for a stopped consumer, so what Kafka would hold for billing
    // while it is down (apps/e2e/src/billing-whole-stack.int-spec.ts) is published once it is back:
    // s4 ends, s5 runs completely, s2's end is delivered again.
    billing = await harness.restartService();
    await publish(lifecycle(s4, 'Ended'), lifecycle(s5, 'Started'), lifecycle(s5, 'Ended'), lifecycle(s2, 'Ended'));
    await waitFor(() => cdrsOf(s4.id).length >= 1 && cdrsOf(s5.id).length >= 1 && cdrsOf(s2.id).length >= 2, {
      message: 'CDRs after the restart',
    });
    await publish(lifecycle(s3, 'Ended'));
    await waitFor(() => cdrsOf(s3.id).length >= 2, { message: 're-published s3 after restart' });

    // 4 kWh × 0.35 = 1.40; tax 0.266 → 0.27.
    expect(parseBillingCdr(JSON.parse(cdrsOf(s4.id)[0].value)).totalInclTax).toEqual({ amount: '1.67', currency: 'EUR' });
    for (const s of [s1, s2, s3, s4, s5]) {
      const publications = cdrsOf(s.id);
      expect(new Set(publications.map((m) => m.value)).size).toBe(1);
      expect((JSON.parse(publications[0].value) as BillingCdr).cdrId).toBe(cdrIdOf(s.id));
    }
    const stored = await harness.query<{ n: string }>(`SELECT count(*) AS n FROM cdrs`);
    expect(Number(stored[0].n)).toBe(5);
    expect(new Set(received().map((m) => (JSON.parse(m.value) as BillingCdr).cdrId)).size).toBe(5);
  });

  it('publishes only CDRs that satisfy the billing.cdrs.v1 contract', () => {
    expect(received().length).toBeGreaterThanOrEqual(7);
    for (const message of received()) expect(() => billingCdrContract.outgoing(JSON.parse(message.value))).not.toThrow();
  });

  it('parks a record that breaks its contract in the shared dead letters and goes on', async () => {
    const stationId = uniqueName('CS-BAD');
    const after: SessionSpec = { id: randomUUID(), stationId, energyWh: 2_000 };
    await harness.publish('SessionLifecycle', stationId, 'not json');
    await harness.publish('SessionLifecycle', stationId, { type: 'Ended', sessionId: 'no-such-contract' });
    await publish(lifecycle(after, 'Ended'));
    await waitFor(() => cdrsOf(after.id).length >= 1, { message: 'the CDR of the session after the bad records' });
    const { items } = await billing.deadLetters.list({
      groupId: billing.config.billing.sessionsGroupId,
      status: 'open',
      limit: 100,
      offset: 0,
    });
    const parked = items.filter((letter) => letter.key === stationId);
    expect(parked.map((letter) => letter.code).sort()).toEqual(['ContractViolation', 'MalformedJson']);
    expect(new Set(parked.map((letter) => letter.stage))).toEqual(new Set(['session-lifecycle']));
  });

  it('applies each station tariff result once: a GetTariffs result again after a ClearTariffs brings nothing back', async () => {
    const stationId = uniqueName('CS-TARIFFS');
    const event = (action: string, request: Record<string, unknown>, answer: Record<string, unknown>) =>
      answeredCommandEvent({ stationId, protocol: 'ocpp2.1', sentBy: 'billing-service', action, request, answer });
    const got = event(
      'GetTariffs',
      { evseId: 0 },
      {
        status: 'Accepted',
        tariffAssignments: [{ tariffId: 'T-1', tariffKind: 'DefaultTariff', evseIds: [1] }],
      },
    );
    const cleared = event('ClearTariffs', { tariffIds: ['T-1'] }, { clearTariffsResult: [{ tariffId: 'T-1', status: 'Accepted' }] });
    const held = async () => (await billing.commands.listStationTariffs(stationId)).map((t) => `${t.evseId}:${t.stationTariffId}`);
    await harness.publish('OcppCommands', stationId, got);
    await waitFor(async () => (await held()).length === 1, { message: 'the GetTariffs result recorded' });
    await harness.publish('OcppCommands', stationId, cleared);
    await waitFor(async () => (await held()).length === 0, { message: 'the ClearTariffs result applied' });
    // The GetTariffs result once more (as the sender's own apply and the topic's both bring it), then
    // a newer SetDefaultTariff, applied after it on the same key.
    await harness.publish('OcppCommands', stationId, got);
    await harness.publish(
      'OcppCommands',
      stationId,
      event('SetDefaultTariff', { evseId: 2, tariff: { tariffId: 'T-2', currency: 'EUR' } }, { status: 'Accepted' }),
    );
    await waitFor(async () => (await held()).includes('2:T-2'), { message: 'the SetDefaultTariff result recorded' });
    expect(await held()).toEqual(['2:T-2']);
  });

  it('reports CDRs issued and published, the backlog of unpublished ones, open dead letters and its pool', async () => {
    const registry = createServiceMetricsRegistry(billing);
    const scrape = async () => parseExposition(await registry.metrics());
    const before = await scrape();
    const issued = sampleValue(before, 'voltlane_billing_cdrs_issued_total') ?? 0;
    const published = sampleValue(before, 'voltlane_billing_cdrs_published_total') ?? 0;
    const s6: SessionSpec = { id: randomUUID(), stationId: uniqueName('CS-M'), energyWh: 3_000 };
    await publish(lifecycle(s6, 'Started'), lifecycle(s6, 'Ended'));
    await waitFor(() => cdrsOf(s6.id).length >= 1, { message: 'CDR of s6' });
    await harness.settle();
    const after = await scrape();
    expect(sampleValue(after, 'voltlane_billing_cdrs_issued_total')).toBe(issued + 1);
    expect(sampleValue(after, 'voltlane_billing_cdrs_published_total')).toBe(published + 1);
    expect(sampleValue(after, 'voltlane_billing_cdrs_unpublished')).toBe(0);
    // A CDR Kafka has not taken yet (published_at unset) for 10 minutes.
    await harness.query(`UPDATE cdrs SET published_at = NULL, issued_at = now() - interval '10 minutes' WHERE session_id = $1`, [s6.id]);
    const backlog = await scrape();
    expect(sampleValue(backlog, 'voltlane_billing_cdrs_unpublished')).toBe(1);
    expect(sampleValue(backlog, 'voltlane_billing_cdr_oldest_unpublished_age_seconds')).toBeGreaterThanOrEqual(600);
    // The letters the test before parked, in the shared table.
    expect(sampleValue(backlog, 'voltlane_dead_letters_open', { group: billing.config.billing.sessionsGroupId })).toBeGreaterThanOrEqual(2);
    expect(sampleValue(backlog, 'voltlane_db_pool_max_connections', { pool: 'billing-service' })).toBe(4);
    expect(sampleValue(backlog, 'voltlane_db_pool_connections', { pool: 'billing-service' })).toBeGreaterThanOrEqual(1);
    // (The scrape's own count of open letters may be queued on that small pool right then.)
    expect(sampleValue(backlog, 'voltlane_db_pool_waiting_requests', { pool: 'dead-letters' })).toBeDefined();
    // Republished on the next delivery of its end: the backlog clears.
    await publish(lifecycle(s6, 'Ended'));
    await waitFor(async () => sampleValue(await scrape(), 'voltlane_billing_cdrs_unpublished') === 0, { message: 'backlog cleared' });
  });
});
