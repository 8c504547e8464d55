// report-service on the in-process bus and its own PostgreSQL schema: the read model under
// at-least-once delivery, out-of-order status reports, late session events and records that
// break their contract.
import { randomUUID } from 'node:crypto';
import {
  parseSessionLifecycleEvent,
  parseStationStatusEvent,
  type SessionLifecycleEvent,
  type StationStatusEvent,
} from '@voltlane/contracts';
import { bucketsOf } from '@voltlane/report-domain';
import { uniqueName, waitFor } from '@voltlane/testing';
import { ServiceHarness } from '@voltlane/testing/medium';
import { startReportService, type ReportServiceHandle, type ReportStartOptions } from '../src';

let harness: ServiceHarness<ReportServiceHandle, ReportStartOptions>;
let report: ReportServiceHandle;

// Every open interval ends at this "now".
const NOW = new Date('2026-06-02T00:00:00.000Z');
const DAY = { from: new Date('2026-06-01T00:00:00.000Z'), to: new Date('2026-06-02T00:00:00.000Z') };

function status(
  stationId: string,
  connectorId: number,
  value: StationStatusEvent['status'],
  at: string,
  errorCode = 'NoError',
): StationStatusEvent {
  return parseStationStatusEvent({
    stationId,
    protocol: 'ocpp1.6',
    connectorId,
    status: value,
    errorCode,
    source: 'StatusNotification',
    timestamp: at,
    receivedAt: at,
  });
}

function session(
  stationId: string,
  sessionId: string,
  type: SessionLifecycleEvent['type'],
  energyWh: number,
  occurredAt: string,
): SessionLifecycleEvent {
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

async function publish(topic: 'StationStatus' | 'SessionLifecycle', key: string, value: unknown): Promise<void> {
  await harness.publish(topic, key, value);
}

async function dayOf(stationId: string) {
  const request = { ...DAY, bucket: 'day' as const, timeZone: 'UTC', stations: [stationId] };
  const { items } = await report.queries.stations(request, bucketsOf(DAY.from, DAY.to, 'day', 'UTC'));
  return items[0]?.buckets[0];
}

beforeAll(async () => {
  harness = await ServiceHarness.start({ start: startReportService, service: 'report-service', options: { clock: () => NOW } });
  report = harness.service;
});

afterAll(async () => {
  await harness?.stop();
});

describe('report read model', () => {
  it('builds the same status intervals whatever the order, and re-deliveries change nothing', async () => {
    const id = uniqueName('cs');
    // Reported out of order (Charging first), with re-deliveries of two of them:
    // Available 09:00 → Charging 10:00 → Available 11:00 → occupied 10:00–11:00 = 3 600 s.
    const available9 = status(id, 1, 'Available', '2026-06-01T09:00:00.000Z');
    const charging = status(id, 1, 'Charging', '2026-06-01T10:00:00.000Z');
    const available11 = status(id, 1, 'Available', '2026-06-01T11:00:00.000Z');
    for (const event of [charging, available11, available9, charging, available9]) await publish('StationStatus', id, event);
    // A marker on connector 2 after them (same key, same partition): once it is in, all of them are.
    await publish('StationStatus', id, status(id, 2, 'Unavailable', '2026-06-01T23:00:00.000Z'));
    await waitFor(
      async () => (await harness.query(`SELECT 1 FROM status_intervals WHERE station_id = $1 AND connector = '0/2'`, [id])).length === 1,
      { message: 'status intervals' },
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
    await publish('SessionLifecycle', id, session(id, sessionId, 'Started', 0, '2026-06-01T10:00:00.000Z'));
    await publish('SessionLifecycle', id, session(id, sessionId, 'Ended', 12_000, '2026-06-01T11:00:00.000Z'));
    await publish('SessionLifecycle', id, session(id, sessionId, 'Ended', 12_000, '2026-06-01T11:00:00.000Z'));
    // A late Updated (occurred before the end, delivered after it) must not undo the end.
    await publish('SessionLifecycle', id, session(id, sessionId, 'Updated', 6_000, '2026-06-01T10:30:00.000Z'));
    // A second session on the same station after them: once it is in, the ones before are too.
    const marker = randomUUID();
    await publish('SessionLifecycle', id, {
      ...session(id, marker, 'Started', 0, '2026-06-01T10:00:00.000Z'),
      startedAt: '2026-06-01T20:00:00.000Z',
    });
    await waitFor(async () => (await dayOf(id))?.sessions === 2, { message: 'both sessions' });
    // 12 kWh + 0; durations: 3 600 s (ended) + 4 h of the ongoing one up to NOW (20:00 → 24:00) = 18 000 s.
    expect(await dayOf(id)).toMatchObject({ sessions: 2, energyKwh: 12, sessionSeconds: 18_000 });
  });

  it('dead-letters a record that breaks its contract and goes on with the next', async () => {
    const id = uniqueName('cs');
    await publish('StationStatus', id, { stationId: id, status: 'Exploded' });
    await publish('StationStatus', id, 'not json');
    await publish('StationStatus', id, status(id, 1, 'Faulted', '2026-06-01T12:00:00.000Z', 'HighTemperature'));
    await waitFor(async () => (await dayOf(id))?.faults.length === 1, { message: 'the fault after the bad records' });
    expect((await dayOf(id))?.faults).toEqual([{ errorCode: 'HighTemperature', count: 1 }]);
    // Parked in the shared dead letters, under the report-service's group and the consumer's stage.
    const { items } = await report.deadLetters.list({ groupId: report.config.groupId, status: 'open', limit: 100, offset: 0 });
    const parked = items.filter((letter) => letter.key === id);
    expect(parked.map((letter) => letter.code).sort()).toEqual(['ContractViolation', 'MalformedJson']);
    expect(parked.map((letter) => letter.stage)).toEqual(['report-events', 'report-events']);
    expect(parked.map((letter) => letter.payload)).toContain('not json');
  });
});
