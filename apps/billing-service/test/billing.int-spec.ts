// billing-service on real Kafka and PostgreSQL: sessions.lifecycle.v1 in, billing.cdrs.v1 out.
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import {
  Topics,
  billingCdrContract,
  parseBillingCdr,
  parseCustomerTokenSnapshot,
  parseSessionLifecycleEvent,
  type BillingCdr,
  type SessionLifecycleEvent,
  type SessionAnomalyCode,
} from '@voltlane/contracts';
import { KafkaBatchPublisher, KafkaSubscriber, createKafka, deleteTopics, ensureTopics, type BusMessage, type Subscription } from '@voltlane/messaging';
import { infraEnv, quoteIdent, uniqueName, waitFor } from '@voltlane/testing';
import { Client } from 'pg';
import { cdrIdOf, startBillingService, type BillingServiceHandle } from '../src';

jest.setTimeout(180_000);

const infra = infraEnv();
const suffix = `_${uniqueName('bill')}`;
const topic = (name: string): string => `${name}${suffix}`;
const schema = uniqueName('billing');
const env: NodeJS.ProcessEnv = {
  KAFKA_BROKERS: infra.kafkaBrokers.join(','),
  REDIS_URL: infra.redisUrl,
  DATABASE_URL: infra.databaseUrl,
  TOPIC_SUFFIX: suffix,
  BILLING_SERVICE_DB_SCHEMA: schema,
  BILLING_SERVICE_GROUP_ID: uniqueName('billing_group'),
};
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'billing-int-spec' });
const producer = new KafkaBatchPublisher(kafka, { maxBatchSize: 50, lingerMs: 2 });
const cdrSubscriber = new KafkaSubscriber(kafka);
const received: BusMessage[] = [];
let cdrSubscription: Subscription;
let billing: BillingServiceHandle;

const TOKEN_KEY = 'ISO14443:AABBCCDD';
const STATION_WITH_TARIFF = 'CS-STATION-TARIFF';

interface SessionSpec {
  id: string;
  stationId: string;
  energyWh: number;
  anomalies?: SessionAnomalyCode[];
  idTokenKey?: string;
}

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

async function publish(...events: SessionLifecycleEvent[]): Promise<void> {
  await Promise.all(events.map((e) => producer.publish({ topic: topic(Topics.SessionLifecycle), key: e.stationId, value: JSON.stringify(e) })));
}

function cdrsOf(sessionId: string): BusMessage[] {
  return received.filter((m) => (JSON.parse(m.value) as BillingCdr).sessionId === sessionId);
}

async function waitForCdrs(count: number): Promise<void> {
  await waitFor(() => received.length >= count, { timeoutMs: 60_000, message: `${count} CDRs on billing.cdrs.v1` });
}

const s1: SessionSpec = { id: randomUUID(), stationId: 'CS-A', energyWh: 12_345, idTokenKey: TOKEN_KEY };
const s2: SessionSpec = { id: randomUUID(), stationId: STATION_WITH_TARIFF, energyWh: 10_000 };
const s3: SessionSpec = { id: randomUUID(), stationId: 'CS-B', energyWh: 0, anomalies: ['MeterDecreased', 'SeqNoGap'] };
const s4: SessionSpec = { id: randomUUID(), stationId: 'CS-A', energyWh: 4_000 };
const s5: SessionSpec = { id: randomUUID(), stationId: 'CS-C', energyWh: 1_000 };

beforeAll(async () => {
  await ensureTopics(
    kafka,
    [Topics.SessionLifecycle, Topics.CustomerTokens, Topics.BillingCdrs].map((t) => ({ topic: topic(t), numPartitions: 3 })),
  );
  await producer.connect();
  cdrSubscription = await cdrSubscriber.subscribe({ groupId: uniqueName('billing_cdr_reader'), topics: [topic(Topics.BillingCdrs)], fromBeginning: true }, async (m) => {
    received.push(m);
  });
  billing = await startBillingService({ env, logger });
});

afterAll(async () => {
  await billing?.close();
  await cdrSubscription?.close();
  await producer.close();
  await deleteTopics(kafka, [Topics.SessionLifecycle, Topics.CustomerTokens, Topics.BillingCdrs].map(topic));
  const pg = new Client({ connectionString: infra.databaseUrl });
  await pg.connect();
  await pg.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  await pg.end();
});

describe('billing-service (Kafka + PostgreSQL)', () => {
  it('satisfies RunningService and seeds the default tariff', async () => {
    expect(billing.name).toBe('billing-service');
    expect(billing.dispatcher.answers('ocpp2.0.1')).toEqual([]);
    const tariffs = await billing.tariffs.listTariffs();
    expect(tariffs).toEqual([expect.objectContaining({ name: 'Default', currency: 'EUR', energyPerKwh: '0.35', taxRatePercent: '19', version: 1 })]);
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
    await billing.tariffs.assign({ tariffId: stationTariff.id, scope: { kind: 'station', stationId: STATION_WITH_TARIFF }, validFrom: new Date('2020-01-01T00:00:00Z') });
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
    await producer.publish({ topic: topic(Topics.CustomerTokens), key: snapshot.key, value: JSON.stringify(snapshot) });
    await waitFor(async () => (await billing.dataSource.query<unknown[]>(`SELECT 1 FROM customer_tokens WHERE key = $1`, [TOKEN_KEY])).length === 1, {
      timeoutMs: 30_000,
      message: 'token read model',
    });

    for (const s of [s1, s2, s3]) await publish(lifecycle(s, 'Started'), lifecycle(s, 'Updated'), lifecycle(s, 'Ended'));
    await waitForCdrs(3);

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
      lines: [{ component: 'energy', quantity: '12.345', unit: 'kWh', unitPrice: { amount: '0.35', currency: 'EUR' }, amount: { amount: '4.32', currency: 'EUR' } }],
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
    await waitFor(async () => (await billing.queries.runningCost(s4.id, new Date('2024-01-15T10:30:00Z'))) !== null, { timeoutMs: 30_000, message: 'running session' });
    await waitFor(async () => (await billing.queries.runningCost(s4.id, new Date('2024-01-15T10:30:00Z')))?.subtotal.amount === '0.70', {
      timeoutMs: 30_000,
      message: 'running cost of 2 kWh',
    });
    // 2 kWh so far × 0.35 = 0.70; tax 0.133 → 0.13.
    const running = await billing.queries.runningCost(s4.id, new Date('2024-01-15T10:30:00Z'));
    expect(running).toMatchObject({ ongoing: true, subtotal: { amount: '0.70' }, tax: { amount: '0.13' }, totalInclTax: { amount: '0.83' } });
  });

  it('re-publishes the identical CDR when an Ended event is processed again', async () => {
    const first = cdrsOf(s1.id)[0];
    await publish(lifecycle(s1, 'Ended'));
    await waitFor(() => cdrsOf(s1.id).length === 2, { timeoutMs: 30_000, message: 'second publication of s1' });
    const again = cdrsOf(s1.id)[1];
    expect(again.value).toBe(first.value);
    expect(again.key).toBe(first.key);
  });

  it('still has exactly one CDR per session across a restart', async () => {
    await billing.close();
    // While billing is down: s4 ends, s5 runs completely, s2's end is delivered again.
    await publish(lifecycle(s4, 'Ended'), lifecycle(s5, 'Started'), lifecycle(s5, 'Ended'), lifecycle(s2, 'Ended'));
    billing = await startBillingService({ env, logger });
    await waitFor(() => cdrsOf(s4.id).length >= 1 && cdrsOf(s5.id).length >= 1 && cdrsOf(s2.id).length >= 2, {
      timeoutMs: 90_000,
      message: 'CDRs after the restart',
    });
    await publish(lifecycle(s3, 'Ended'));
    await waitFor(() => cdrsOf(s3.id).length >= 2, { timeoutMs: 30_000, message: 're-published s3 after restart' });

    // 4 kWh × 0.35 = 1.40; tax 0.266 → 0.27.
    expect(parseBillingCdr(JSON.parse(cdrsOf(s4.id)[0].value)).totalInclTax).toEqual({ amount: '1.67', currency: 'EUR' });
    for (const s of [s1, s2, s3, s4, s5]) {
      const publications = cdrsOf(s.id);
      expect(new Set(publications.map((m) => m.value)).size).toBe(1);
      expect((JSON.parse(publications[0].value) as BillingCdr).cdrId).toBe(cdrIdOf(s.id));
    }
    const stored = await billing.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM cdrs`);
    expect(Number(stored[0].n)).toBe(5);
    expect(new Set(received.map((m) => (JSON.parse(m.value) as BillingCdr).cdrId)).size).toBe(5);
  });

  it('publishes only CDRs that satisfy the billing.cdrs.v1 contract', () => {
    expect(received.length).toBeGreaterThanOrEqual(7);
    for (const message of received) expect(() => billingCdrContract.outgoing(JSON.parse(message.value))).not.toThrow();
  });

  it('parks a record that breaks its contract in the shared dead letters and goes on', async () => {
    const stationId = uniqueName('CS-BAD');
    const after: SessionSpec = { id: randomUUID(), stationId, energyWh: 2_000 };
    const key = stationId;
    const lifecycleTopic = topic(Topics.SessionLifecycle);
    await producer.publish({ topic: lifecycleTopic, key, value: 'not json' });
    await producer.publish({ topic: lifecycleTopic, key, value: JSON.stringify({ type: 'Ended', sessionId: 'no-such-contract' }) });
    await publish(lifecycle(after, 'Ended'));
    await waitFor(() => cdrsOf(after.id).length >= 1, { timeoutMs: 60_000, message: 'the CDR of the session after the bad records' });
    const { items } = await billing.dispatcher.deadLetters.list({ groupId: billing.config.billing.sessionsGroupId, status: 'open', limit: 100, offset: 0 });
    const parked = items.filter((letter) => letter.key === key);
    expect(parked.map((letter) => letter.code).sort()).toEqual(['ContractViolation', 'MalformedJson']);
    expect(new Set(parked.map((letter) => letter.stage))).toEqual(new Set(['session-lifecycle']));
  });
});
