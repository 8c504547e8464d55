// report-service on real Kafka and PostgreSQL: the read model under at-least-once delivery,
// out-of-order status reports, late session events and records that break their contract.
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import { Topics, parseSessionLifecycleEvent, parseStationStatusEvent, type SessionLifecycleEvent, type StationStatusEvent } from '@voltlane/contracts';
import { KafkaBatchPublisher, createKafka, deleteTopics, ensureTopics } from '@voltlane/messaging';
import { bucketsOf } from '@voltlane/report-domain';
import { infraEnv, uniqueName, waitFor } from '@voltlane/testing';
import { startReportService, type ReportServiceHandle } from '../src';

jest.setTimeout(120_000);

const infra = infraEnv();
const suffix = `_${uniqueName('rpt')}`;
const topic = (name: string): string => `${name}${suffix}`;
const env: NodeJS.ProcessEnv = {
  KAFKA_BROKERS: infra.kafkaBrokers.join(','),
  REDIS_URL: infra.redisUrl,
  DATABASE_URL: infra.databaseUrl,
  TOPIC_SUFFIX: suffix,
  REPORT_SERVICE_DB_SCHEMA: uniqueName('report'),
  REPORT_SERVICE_GROUP_ID: uniqueName('report_group'),
};
const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'report-int-spec' });
const producer = new KafkaBatchPublisher(kafka, { maxBatchSize: 50, lingerMs: 2 });
let report: ReportServiceHandle;

// Every open interval ends at this "now".
const NOW = new Date('2026-06-02T00:00:00.000Z');
const DAY = { from: new Date('2026-06-01T00:00:00.000Z'), to: new Date('2026-06-02T00:00:00.000Z') };

function status(stationId: string, connectorId: number, value: StationStatusEvent['status'], at: string, errorCode = 'NoError'): StationStatusEvent {
  return parseStationStatusEvent({ stationId, protocol: 'ocpp1.6', connectorId, status: value, errorCode, source: 'StatusNotification', timestamp: at, receivedAt: at });
}

function session(stationId: string, sessionId: string, type: SessionLifecycleEvent['type'], energyWh: number, occurredAt: string): SessionLifecycleEvent {
  return parseSessionLifecycleEvent({
    type,
    eventId: type === 'Updated' ? `${sessionId}:Updated:${energyWh}` : `${sessionId}:${type}`,
    sessionId,
    stationId,
    protocol: 'ocpp1.6',
    transactionRef: '42',
    connectorId: 1,
    startedAt: '2026-06-01T10:00:00.000Z',
    ...(type === 'Ended' ? { endedAt: '2026-06-01T11:00:00.000Z', meterStopWh: energyWh } : {}),
    meterStartWh: 0,
    energyWh,
    chargingSeconds: 3000,
    idleSeconds: 600,
    anomalies: [],
    occurredAt,
  });
}

async function publish(name: string, key: string, value: unknown): Promise<void> {
  await producer.publish({ topic: topic(name), key, value: typeof value === 'string' ? value : JSON.stringify(value) });
}

async function dayOf(stationId: string) {
  const request = { ...DAY, bucket: 'day' as const, timeZone: 'UTC', stations: [stationId] };
  const { items } = await report.queries.stations(request, bucketsOf(DAY.from, DAY.to, 'day', 'UTC'));
  return items[0]?.buckets[0];
}

beforeAll(async () => {
  await ensureTopics(
    kafka,
    [Topics.StationStatus, Topics.StationConnections, Topics.SessionLifecycle, Topics.BillingCdrs].map((name) => ({ topic: topic(name), numPartitions: 3 })),
  );
  await producer.connect();
  report = await startReportService({ env, logger, clock: () => NOW });
});

afterAll(async () => {
  await report?.close();
  await producer.close();
  await deleteTopics(kafka, [Topics.StationStatus, Topics.StationConnections, Topics.SessionLifecycle, Topics.BillingCdrs].map(topic));
});

describe('report read model', () => {
  it('builds the same status intervals whatever the order, and re-deliveries change nothing', async () => {
    const id = uniqueName('cs');
    // Reported out of order (Charging first), with re-deliveries of two of them:
    // Available 09:00 → Charging 10:00 → Available 11:00 → occupied 10:00–11:00 = 3 600 s.
    const available9 = status(id, 1, 'Available', '2026-06-01T09:00:00.000Z');
    const charging = status(id, 1, 'Charging', '2026-06-01T10:00:00.000Z');
    const available11 = status(id, 1, 'Available', '2026-06-01T11:00:00.000Z');
    for (const event of [charging, available11, available9, charging, available9]) await publish(Topics.StationStatus, id, event);
    // A marker on connector 2 after them (same key, same partition): once it is in, all of them are.
    await publish(Topics.StationStatus, id, status(id, 2, 'Unavailable', '2026-06-01T23:00:00.000Z'));
    await waitFor(
      async () => (await report.dataSource.query<unknown[]>(`SELECT 1 FROM status_intervals WHERE station_id = $1 AND connector = '0/2'`, [id])).length === 1,
      { timeoutMs: 30_000, message: 'status intervals' },
    );
    const rows: { status: string; started_at: Date; ended_at: Date | null }[] = await report.dataSource.query(
      `SELECT status, started_at, ended_at FROM status_intervals WHERE station_id = $1 AND connector = '0/1' ORDER BY started_at`,
      [id],
    );
    expect(rows.map((r) => [r.status, r.started_at.toISOString(), r.ended_at?.toISOString() ?? null])).toEqual([
      ['Available', '2026-06-01T09:00:00.000Z', '2026-06-01T10:00:00.000Z'],
      ['Charging', '2026-06-01T10:00:00.000Z', '2026-06-01T11:00:00.000Z'],
      ['Available', '2026-06-01T11:00:00.000Z', null],
    ]);
    // Two connectors × 86 400 s: 3 600 / 172 800 = 2.0833 % → 2.08 %. No connection event was
    // published for this station: never online, so 0 % online and 0 % uptime (uptime needs online).
    expect(await dayOf(id)).toMatchObject({ occupiedSeconds: 3600, utilisationPercent: 2.08, onlinePercent: 0, uptimePercent: 0 });
  });

  it('keeps an ended session final against a late Updated, and a duplicate Ended counts once', async () => {
    const id = uniqueName('cs');
    const sessionId = randomUUID();
    await publish(Topics.SessionLifecycle, id, session(id, sessionId, 'Started', 0, '2026-06-01T10:00:00.000Z'));
    await publish(Topics.SessionLifecycle, id, session(id, sessionId, 'Ended', 12_000, '2026-06-01T11:00:00.000Z'));
    await publish(Topics.SessionLifecycle, id, session(id, sessionId, 'Ended', 12_000, '2026-06-01T11:00:00.000Z'));
    // A late Updated (occurred before the end, delivered after it) must not undo the end.
    await publish(Topics.SessionLifecycle, id, session(id, sessionId, 'Updated', 6_000, '2026-06-01T10:30:00.000Z'));
    // A second session on the same station after them: once it is in, the ones before are too.
    const marker = randomUUID();
    await publish(Topics.SessionLifecycle, id, { ...session(id, marker, 'Started', 0, '2026-06-01T10:00:00.000Z'), startedAt: '2026-06-01T20:00:00.000Z' });
    await waitFor(async () => (await dayOf(id))?.sessions === 2, { timeoutMs: 30_000, message: 'both sessions' });
    // 12 kWh + 0; durations: 3 600 s (ended) + 4 h of the ongoing one up to NOW (20:00 → 24:00) = 18 000 s.
    expect(await dayOf(id)).toMatchObject({ sessions: 2, energyKwh: 12, sessionSeconds: 18_000 });
  });

  it('dead-letters a record that breaks its contract and goes on with the next', async () => {
    const id = uniqueName('cs');
    await publish(Topics.StationStatus, id, { stationId: id, status: 'Exploded' });
    await publish(Topics.StationStatus, id, 'not json');
    await publish(Topics.StationStatus, id, status(id, 1, 'Faulted', '2026-06-01T12:00:00.000Z', 'HighTemperature'));
    await waitFor(async () => (await dayOf(id))?.faults.length === 1, { timeoutMs: 30_000, message: 'the fault after the bad records' });
    expect((await dayOf(id))?.faults).toEqual([{ errorCode: 'HighTemperature', count: 1 }]);
    // Parked in the shared dead letters, under the report-service's group and the consumer's stage.
    const { items } = await report.dispatcher.deadLetters.list({ groupId: report.config.groupId, status: 'open', limit: 100, offset: 0 });
    const parked = items.filter((letter) => letter.key === id);
    expect(parked.map((letter) => letter.code).sort()).toEqual(['ContractViolation', 'MalformedJson']);
    expect(parked.map((letter) => letter.stage)).toEqual(['report-events', 'report-events']);
    expect(parked.map((letter) => letter.payload)).toContain('not json');
  });
});
