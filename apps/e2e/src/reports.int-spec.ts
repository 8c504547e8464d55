import { randomUUID } from 'node:crypto';
import {
  parseBillingCdr,
  parseSessionLifecycleEvent,
  parseStationConnectionEvent,
  parseStationStatusEvent,
  type BillingCdr,
  type SessionLifecycleEvent,
  type StationConnectionEvent,
  type StationConnectorStatus,
  type StationStatusEvent,
} from '@voltlane/contracts';
import type { CustomerServiceHandle } from '@voltlane/customer-service';
import { KafkaBatchPublisher, createKafka } from '@voltlane/messaging';
import type { SessionServiceHandle } from '@voltlane/session-service';
import { uniqueName, waitFor } from '@voltlane/testing';
import { StackHarness } from './stack-harness';

/**
 * Reports over a known fixture: contract events with fixed timestamps, in the exact shape the
 * station-service, gateway, session-service and billing-service publish them (validated by the
 * contract parsers), go to the real Kafka topics of a stack that runs only the report-service;
 * the API's JSON and CSV must show the figures computed by hand below.
 *
 * Time zone Europe/Berlin, days 24–26 October 2026. Berlin leaves summer time on the 25th, so:
 *   D1 = Sat 24 Oct: 2026-10-23T22:00Z – 2026-10-24T22:00Z = 86 400 s
 *   D2 = Sun 25 Oct: 2026-10-24T22:00Z – 2026-10-25T23:00Z = 90 000 s (25 hours)
 *   D3 = Mon 26 Oct: 2026-10-25T23:00Z – 2026-10-26T23:00Z = 86 400 s
 *
 * Station A (OCPP 1.6, connectors 1 and 2):
 *   online: connection 1 from 2026-10-23T20:00Z to 2026-10-25T04:00Z, connection 2 from
 *     2026-10-25T06:00Z on → offline 04:00–06:00Z on D2 (7 200 s).
 *   connector 1: Preparing 2026-10-24T08:00Z, Charging 08:10Z, Finishing 10:00Z, Available 10:20Z
 *     → occupied 08:00–10:20Z = 8 400 s on D1; Faulted (GroundFailure) 2026-10-26T10:00–13:00Z.
 *   connector 2: Charging 2026-10-25T22:00Z – 2026-10-26T01:00Z → occupied 3 600 s on D2 and
 *     7 200 s on D3; Faulted (GroundFailure) 2026-10-26T11:00–11:30Z.
 *   connector 0 (the whole charge point): Faulted (PowerSwitchFailure) 2026-10-24T12:00–12:30Z.
 *   sessions: S1 connector 1, 2026-10-24T08:10Z – 10:00Z (6 600 s), 15 000 Wh, 6 000 s charging,
 *     600 s idle, CDR EUR 5.25 / 6.25; S2 connector 2, 2026-10-25T22:00Z – 2026-10-26T01:00Z
 *     (10 800 s, starts on D2, ends on D3), 22 500.5 Wh, 9 000 s / 1 800 s, CDR EUR 7.88 / 9.38.
 * Station B (OCPP 2.0.1, EVSE 1 connector 1): online from 2026-10-23T00:00Z on;
 *   Unavailable 2026-10-24T22:00Z – 2026-10-25T01:00Z (10 800 s, all on D2: it starts exactly at
 *   the D1/D2 boundary); Occupied 2026-10-26T05:00–07:00Z (7 200 s); Faulted (no error code:
 *   "Unspecified") 2026-10-26T15:00–15:15Z (900 s).
 *   session S3 2026-10-26T05:00–07:00Z (7 200 s), 11 000 Wh, 6 000 s / 1 200 s, CDR USD 4.40 / 4.84.
 * Re-deliveries (a duplicate Ended, CDR, status and connection event) must change nothing.
 */
const ZONE = 'Europe/Berlin';
const A = uniqueName('rptA');
const B = uniqueName('rptB');

const D1 = {
  start: '2026-10-23T22:00:00.000Z',
  end: '2026-10-24T22:00:00.000Z',
  startLocal: '2026-10-24T00:00:00.000+02:00',
  endLocal: '2026-10-25T00:00:00.000+02:00',
};
const D2 = {
  start: '2026-10-24T22:00:00.000Z',
  end: '2026-10-25T23:00:00.000Z',
  startLocal: '2026-10-25T00:00:00.000+02:00',
  endLocal: '2026-10-26T00:00:00.000+01:00',
};
const D3 = {
  start: '2026-10-25T23:00:00.000Z',
  end: '2026-10-26T23:00:00.000Z',
  startLocal: '2026-10-26T00:00:00.000+01:00',
  endLocal: '2026-10-27T00:00:00.000+01:00',
};

const NETWORK_DAYS = [
  {
    ...D1,
    sessions: 1, // S1
    energyKwh: 15,
    sessionSeconds: 6600,
    chargingSeconds: 6000,
    idleSeconds: 600,
    occupiedSeconds: 8400, // A connector 1, 08:00–10:20Z
    utilisationPercent: 3.24, // 8 400 / (3 connectors × 86 400 = 259 200) = 3.2407 %
    // A: each connector 86 400 − 1 800 (connector 0 Faulted) = 84 600, × 2 = 169 200; B: 86 400
    uptimePercent: 98.61, // (169 200 + 86 400) / 259 200 = 255 600 / 259 200 = 98.611 %
    onlinePercent: 100,
    faults: [{ errorCode: 'PowerSwitchFailure', count: 1 }],
    revenue: [{ currency: 'EUR', totalExclTax: '5.25', totalInclTax: '6.25' }],
  },
  {
    ...D2,
    sessions: 1, // S2 (starts 2026-10-25T22:00Z = 23:00 local on the 25th)
    energyKwh: 22.501, // 22 500.5 Wh, rounded to the Wh
    sessionSeconds: 10800,
    chargingSeconds: 9000,
    idleSeconds: 1800,
    occupiedSeconds: 3600, // A connector 2, 22:00–23:00Z
    utilisationPercent: 1.33, // 3 600 / (3 × 90 000 = 270 000) = 1.333 %
    // A online 90 000 − 7 200 = 82 800 per connector → 165 600; B 90 000 − 10 800 = 79 200
    uptimePercent: 90.67, // (165 600 + 79 200) / 270 000 = 244 800 / 270 000 = 90.667 %
    onlinePercent: 96, // (82 800 + 90 000) / (2 × 90 000) = 172 800 / 180 000
    faults: [],
    revenue: [{ currency: 'EUR', totalExclTax: '7.88', totalInclTax: '9.38' }],
  },
  {
    ...D3,
    sessions: 1, // S3
    energyKwh: 11,
    sessionSeconds: 7200,
    chargingSeconds: 6000,
    idleSeconds: 1200,
    occupiedSeconds: 14400, // A connector 2 23:00–01:00Z 7 200 + B 05:00–07:00Z 7 200
    utilisationPercent: 5.56, // 14 400 / 259 200 = 5.556 %
    // A: connector 1 86 400 − 10 800 = 75 600, connector 2 86 400 − 1 800 = 84 600; B 86 400 − 900 = 85 500
    uptimePercent: 94.79, // (75 600 + 84 600 + 85 500) / 259 200 = 245 700 / 259 200 = 94.792 %
    onlinePercent: 100,
    faults: [
      { errorCode: 'GroundFailure', count: 2 },
      { errorCode: 'Unspecified', count: 1 },
    ],
    revenue: [{ currency: 'USD', totalExclTax: '4.40', totalInclTax: '4.84' }],
  },
];

const STATION_A_DAYS = [
  // 8 400 / (2 × 86 400) = 4.861 %; uptime 169 200 / 172 800 = 97.917 %
  { ...NETWORK_DAYS[0], utilisationPercent: 4.86, uptimePercent: 97.92, onlinePercent: 100 },
  // 3 600 / (2 × 90 000) = 2 %; uptime 165 600 / 180 000 = 92 %; online 82 800 / 90 000 = 92 %
  { ...NETWORK_DAYS[1], utilisationPercent: 2, uptimePercent: 92, onlinePercent: 92 },
  {
    ...D3,
    sessions: 0,
    energyKwh: 0,
    sessionSeconds: 0,
    chargingSeconds: 0,
    idleSeconds: 0,
    occupiedSeconds: 7200,
    utilisationPercent: 4.17, // 7 200 / 172 800 = 4.167 %
    uptimePercent: 92.71, // (75 600 + 84 600) / 172 800 = 92.708 %
    onlinePercent: 100,
    faults: [{ errorCode: 'GroundFailure', count: 2 }],
    revenue: [],
  },
];

type Topic = 'StationStatus' | 'StationConnections' | 'SessionLifecycle' | 'BillingCdrs';

function status(
  stationId: string,
  connector: { evseId?: number; connectorId: number },
  status: StationConnectorStatus,
  at: string,
  previous?: StationConnectorStatus,
  errorCode?: string,
): StationStatusEvent {
  const v16 = connector.evseId === undefined;
  return parseStationStatusEvent({
    stationId,
    protocol: v16 ? 'ocpp1.6' : 'ocpp2.0.1',
    ...(v16 ? {} : { evseId: connector.evseId }),
    connectorId: connector.connectorId,
    status,
    ...(previous ? { previousStatus: previous } : {}),
    ...(v16 ? { errorCode: errorCode ?? 'NoError' } : {}),
    source: 'StatusNotification',
    timestamp: at,
    receivedAt: at,
  });
}

function connection(
  stationId: string,
  type: 'Connected' | 'Disconnected',
  connectionId: string,
  at: string,
  protocol: 'ocpp1.6' | 'ocpp2.0.1',
): StationConnectionEvent {
  return parseStationConnectionEvent({
    type,
    stationId,
    protocol,
    gatewayInstance: 'gw-fixture',
    connectionId,
    securityProfile: 1,
    at,
    ...(type === 'Disconnected' ? { closeCode: 1006, reason: 'connection lost' } : {}),
  });
}

interface SessionFixture {
  sessionId: string;
  stationId: string;
  protocol: 'ocpp1.6' | 'ocpp2.0.1';
  connector: { connectorId?: number; evseId?: number };
  startedAt: string;
  endedAt: string;
  energyWh: number;
  chargingSeconds: number;
  idleSeconds: number;
  excl: string;
  incl: string;
  currency: string;
}

function lifecycle(s: SessionFixture, type: 'Started' | 'Updated' | 'Ended'): SessionLifecycleEvent {
  const ended = type === 'Ended';
  const fraction = type === 'Started' ? 0 : type === 'Updated' ? 0.5 : 1;
  return parseSessionLifecycleEvent({
    type,
    eventId: type === 'Updated' ? `${s.sessionId}:Updated:1` : `${s.sessionId}:${type}`,
    sessionId: s.sessionId,
    stationId: s.stationId,
    protocol: s.protocol,
    transactionRef: s.sessionId.slice(0, 8),
    idTokenKey: 'ISO14443:REPORT-TAG',
    ...s.connector,
    startedAt: s.startedAt,
    ...(ended ? { endedAt: s.endedAt, meterStopWh: 1_000_000 + s.energyWh, stoppedReason: 'Local' } : {}),
    meterStartWh: 1_000_000,
    energyWh: s.energyWh * fraction,
    chargingSeconds: Math.round(s.chargingSeconds * fraction),
    idleSeconds: Math.round(s.idleSeconds * fraction),
    anomalies: [],
    occurredAt: ended
      ? s.endedAt
      : type === 'Started'
        ? s.startedAt
        : new Date((Date.parse(s.startedAt) + Date.parse(s.endedAt)) / 2).toISOString(),
  });
}

function cdr(s: SessionFixture): BillingCdr {
  const money = (amount: string) => ({ amount, currency: s.currency });
  return parseBillingCdr({
    cdrId: randomUUID(),
    sessionId: s.sessionId,
    stationId: s.stationId,
    protocol: s.protocol,
    transactionRef: s.sessionId.slice(0, 8),
    connectorId: s.connector.connectorId ?? null,
    evseId: s.connector.evseId ?? null,
    idTokenKey: 'ISO14443:REPORT-TAG',
    customerId: null,
    customerGroup: null,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    meterStartWh: 1_000_000,
    meterStopWh: 1_000_000 + s.energyWh,
    energyWh: s.energyWh,
    chargingSeconds: s.chargingSeconds,
    idleSeconds: s.idleSeconds,
    stoppedReason: 'Local',
    tariff: {
      id: randomUUID(),
      version: 1,
      name: 'fixture',
      assignment: 'default',
      timeZone: ZONE,
      taxRatePercent: '19',
      rounding: 'HALF_UP',
    },
    currency: s.currency,
    lines: [
      {
        component: 'energy',
        band: null,
        quantity: String(s.energyWh / 1000),
        unit: 'kWh',
        unitPrice: money('0.35'),
        amount: money(s.excl),
      },
    ],
    subtotal: money(s.excl),
    tax: money((Number(s.incl) - Number(s.excl)).toFixed(2)),
    totalExclTax: money(s.excl),
    totalInclTax: money(s.incl),
    anomalies: [],
    anomalous: false,
    issuedAt: s.endedAt,
  });
}

const S1: SessionFixture = {
  sessionId: randomUUID(),
  stationId: A,
  protocol: 'ocpp1.6',
  connector: { connectorId: 1 },
  startedAt: '2026-10-24T08:10:00.000Z',
  endedAt: '2026-10-24T10:00:00.000Z',
  energyWh: 15_000,
  chargingSeconds: 6000,
  idleSeconds: 600,
  excl: '5.25',
  incl: '6.25',
  currency: 'EUR',
};
const S2: SessionFixture = {
  ...S1,
  sessionId: randomUUID(),
  connector: { connectorId: 2 },
  startedAt: '2026-10-25T22:00:00.000Z',
  endedAt: '2026-10-26T01:00:00.000Z',
  energyWh: 22_500.5,
  chargingSeconds: 9000,
  idleSeconds: 1800,
  excl: '7.88',
  incl: '9.38',
};
const S3: SessionFixture = {
  sessionId: randomUUID(),
  stationId: B,
  protocol: 'ocpp2.0.1',
  connector: { evseId: 1 },
  startedAt: '2026-10-26T05:00:00.000Z',
  endedAt: '2026-10-26T07:00:00.000Z',
  energyWh: 11_000,
  chargingSeconds: 6000,
  idleSeconds: 1200,
  excl: '4.40',
  incl: '4.84',
  currency: 'USD',
};

/**
 * The fixture in publication order (per station, as its producers would publish it). Each
 * re-delivery is followed by a later record of the same topic and key (same partition), so by the
 * time the report shows that later record, the duplicate has been applied too.
 */
function fixture(): [Topic, string, unknown][] {
  const c1 = randomUUID();
  const c2 = randomUUID();
  const cB = randomUUID();
  const a0 = { connectorId: 0 };
  const a1 = { connectorId: 1 };
  const a2 = { connectorId: 2 };
  const b1 = { evseId: 1, connectorId: 1 };
  const s1Cdr = cdr(S1);
  const s1Ended = lifecycle(S1, 'Ended');
  const a1Faulted = status(A, a1, 'Faulted', '2026-10-26T10:00:00.000Z', 'Available', 'GroundFailure');
  const c1Disconnected = connection(A, 'Disconnected', c1, '2026-10-25T04:00:00.000Z', 'ocpp1.6');
  return [
    ['StationConnections', A, connection(A, 'Connected', c1, '2026-10-23T20:00:00.000Z', 'ocpp1.6')],
    ['StationConnections', B, connection(B, 'Connected', cB, '2026-10-23T00:00:00.000Z', 'ocpp2.0.1')],
    ['StationStatus', A, status(A, a0, 'Available', '2026-10-23T20:00:00.000Z')],
    ['StationStatus', A, status(A, a1, 'Available', '2026-10-23T20:00:00.000Z')],
    ['StationStatus', A, status(A, a2, 'Available', '2026-10-23T20:00:00.000Z')],
    ['StationStatus', B, status(B, b1, 'Available', '2026-10-23T00:00:00.000Z')],
    ['StationStatus', A, status(A, a1, 'Preparing', '2026-10-24T08:00:00.000Z', 'Available')],
    ['SessionLifecycle', A, lifecycle(S1, 'Started')],
    ['StationStatus', A, status(A, a1, 'Charging', '2026-10-24T08:10:00.000Z', 'Preparing')],
    ['SessionLifecycle', A, lifecycle(S1, 'Updated')],
    ['StationStatus', A, status(A, a1, 'Finishing', '2026-10-24T10:00:00.000Z', 'Charging')],
    ['SessionLifecycle', A, s1Ended],
    ['BillingCdrs', A, s1Cdr],
    ['StationStatus', A, status(A, a1, 'Available', '2026-10-24T10:20:00.000Z', 'Finishing')],
    ['StationStatus', A, status(A, a0, 'Faulted', '2026-10-24T12:00:00.000Z', 'Available', 'PowerSwitchFailure')],
    ['StationStatus', A, status(A, a0, 'Available', '2026-10-24T12:30:00.000Z', 'Faulted')],
    ['StationStatus', B, status(B, b1, 'Unavailable', '2026-10-24T22:00:00.000Z', 'Available')],
    ['StationStatus', B, status(B, b1, 'Available', '2026-10-25T01:00:00.000Z', 'Unavailable')],
    ['StationConnections', A, c1Disconnected],
    ['StationConnections', A, c1Disconnected], // re-delivered
    ['StationConnections', A, connection(A, 'Connected', c2, '2026-10-25T06:00:00.000Z', 'ocpp1.6')],
    ['StationStatus', A, status(A, a2, 'Charging', '2026-10-25T22:00:00.000Z', 'Available')],
    ['SessionLifecycle', A, lifecycle(S2, 'Started')],
    ['SessionLifecycle', A, lifecycle(S2, 'Updated')],
    ['StationStatus', A, status(A, a2, 'Available', '2026-10-26T01:00:00.000Z', 'Charging')],
    ['SessionLifecycle', A, s1Ended], // re-delivered
    ['SessionLifecycle', A, lifecycle(S2, 'Ended')],
    ['BillingCdrs', A, s1Cdr], // re-delivered
    ['BillingCdrs', A, cdr(S2)],
    ['StationStatus', B, status(B, b1, 'Occupied', '2026-10-26T05:00:00.000Z', 'Available')],
    ['SessionLifecycle', B, lifecycle(S3, 'Started')],
    ['StationStatus', B, status(B, b1, 'Available', '2026-10-26T07:00:00.000Z', 'Occupied')],
    ['SessionLifecycle', B, lifecycle(S3, 'Ended')],
    ['BillingCdrs', B, cdr(S3)],
    ['StationStatus', A, a1Faulted],
    ['StationStatus', A, a1Faulted], // re-delivered
    ['StationStatus', A, status(A, a2, 'Faulted', '2026-10-26T11:00:00.000Z', 'Available', 'GroundFailure')],
    ['StationStatus', A, status(A, a2, 'Available', '2026-10-26T11:30:00.000Z', 'Faulted')],
    ['StationStatus', A, status(A, a1, 'Available', '2026-10-26T13:00:00.000Z', 'Faulted')],
    ['StationStatus', B, status(B, b1, 'Faulted', '2026-10-26T15:00:00.000Z', 'Available')],
    ['StationStatus', B, status(B, b1, 'Available', '2026-10-26T15:15:00.000Z', 'Faulted')],
  ];
}

const RANGE = `from=2026-10-24&to=2026-10-27&tz=${encodeURIComponent(ZONE)}`;

describe('reports over a known fixture of contract events', () => {
  let harness: StackHarness;

  beforeAll(async () => {
    harness = await StackHarness.start({ services: ['report'], api: true });
    const publisher = new KafkaBatchPublisher(createKafka({ brokers: harness.env.kafkaBrokers, clientId: uniqueName('fixture') }));
    await publisher.connect();
    try {
      for (const [topic, key, value] of fixture())
        await publisher.publish({ topic: harness.topics[topic], key, value: JSON.stringify(value) });
    } finally {
      await publisher.close();
    }
    // The read model is complete when the network report shows every hand-computed figure.
    await waitFor(
      async () => {
        const { body } = await harness.api.request('GET', `/api/v1/reports/network?${RANGE}&bucket=day&stationIds=${A},${B}`);
        return JSON.stringify(body?.buckets) === JSON.stringify(NETWORK_DAYS);
      },
      { timeoutMs: 45_000, intervalMs: 250, message: 'report-service consumed the fixture' },
    ).catch(() => undefined); // the assertions below show the difference
  });
  afterAll(() => harness?.stop());

  it('network report per Berlin day (25-hour DST day included) as JSON', async () => {
    const { status: code, body } = await harness.api.request(
      'GET',
      `/api/v1/reports/network?${RANGE}&bucket=day&stationIds=${A},${B}`,
      undefined,
      harness.api.keys.read,
    );
    expect(code).toBe(200);
    expect(body).toEqual({
      from: '2026-10-23T22:00:00.000Z',
      to: '2026-10-26T23:00:00.000Z',
      bucket: 'day',
      timeZone: ZONE,
      stationIds: [A, B],
      buckets: NETWORK_DAYS,
    });
  });

  it('a group of stations (stationIds) is reported like the network', async () => {
    const { body } = await harness.api.request('GET', `/api/v1/reports/network?${RANGE}&stationIds=${A}`);
    expect(body.stationIds).toEqual([A]);
    expect(body.buckets).toEqual(STATION_A_DAYS);
  });

  it('week buckets: Sat 24 + Sun 25 Oct until Monday, then Monday 26 Oct', async () => {
    const { body } = await harness.api.request('GET', `/api/v1/reports/network?${RANGE}&bucket=week&stationIds=${A},${B}`);
    expect(body.buckets).toHaveLength(2);
    // D1 + D2: 176 400 s. Sessions S1 + S2: 15 + 22.501 kWh; EUR 5.25 + 7.88 = 13.13, 6.25 + 9.38 = 15.63.
    // Utilisation (8 400 + 3 600) / (3 × 176 400) = 12 000 / 529 200 = 2.268 %.
    // Uptime (255 600 + 244 800) / 529 200 = 500 400 / 529 200 = 94.558 %.
    expect(body.buckets[0]).toMatchObject({
      start: D1.start,
      end: D2.end,
      sessions: 2,
      energyKwh: 37.501,
      sessionSeconds: 17_400,
      occupiedSeconds: 12_000,
      utilisationPercent: 2.27,
      uptimePercent: 94.56,
      revenue: [{ currency: 'EUR', totalExclTax: '13.13', totalInclTax: '15.63' }],
    });
    expect(body.buckets[1]).toEqual(NETWORK_DAYS[2]);
  });

  it('per-station rows and one station', async () => {
    const all = await harness.api.request('GET', `/api/v1/reports/stations?${RANGE}&stationIds=${B},${A}`);
    expect(all.status).toBe(200);
    // Ordered by station id (A's ids start with rptA, B's with rptB).
    expect(all.body.items.map((i: { stationId: string; connectors: number }) => [i.stationId, i.connectors])).toEqual([
      [A, 2],
      [B, 1],
    ]);
    const one = await harness.api.request('GET', `/api/v1/reports/stations/${A}?${RANGE}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ stationId: A, connectors: 2, timeZone: ZONE, bucket: 'day', buckets: STATION_A_DAYS });
    // B on D2: Unavailable 10 800 s of 90 000 → uptime 88 %; on D3: Occupied 7 200 / 86 400 = 8.333 %,
    // Faulted 900 s → uptime 85 500 / 86 400 = 98.958 %.
    const b = all.body.items.find((i: { stationId: string }) => i.stationId === B);
    expect(b.buckets.map((x: { uptimePercent: number; utilisationPercent: number }) => [x.uptimePercent, x.utilisationPercent])).toEqual([
      [100, 0],
      [88, 0],
      [98.96, 8.33],
    ]);
  });

  it('CSV exports with a header row (format=csv and Accept: text/csv)', async () => {
    const network = await harness.api.request('GET', `/api/v1/reports/network?${RANGE}&stationIds=${A},${B}&format=csv`);
    expect(network.status).toBe(200);
    expect(network.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(network.body).toBe(
      [
        'bucketStart,bucketEnd,bucketStartLocal,sessions,energyKwh,sessionSeconds,chargingSeconds,idleSeconds,occupiedSeconds,utilisationPercent,uptimePercent,onlinePercent,faults,revenueExclTax,revenueInclTax',
        '2026-10-23T22:00:00.000Z,2026-10-24T22:00:00.000Z,2026-10-24T00:00:00.000+02:00,1,15,6600,6000,600,8400,3.24,98.61,100,PowerSwitchFailure=1,EUR 5.25,EUR 6.25',
        '2026-10-24T22:00:00.000Z,2026-10-25T23:00:00.000Z,2026-10-25T00:00:00.000+02:00,1,22.501,10800,9000,1800,3600,1.33,90.67,96,,EUR 7.88,EUR 9.38',
        '2026-10-25T23:00:00.000Z,2026-10-26T23:00:00.000Z,2026-10-26T00:00:00.000+01:00,1,11,7200,6000,1200,14400,5.56,94.79,100,GroundFailure=2;Unspecified=1,USD 4.40,USD 4.84',
        '',
      ].join('\r\n'),
    );
    const response = await fetch(`${harness.api.url}/api/v1/reports/stations/${A}?${RANGE}`, {
      headers: { 'x-api-key': harness.api.keys.read, accept: 'text/csv' },
    });
    expect(response.status).toBe(200);
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]).toMatch(/^stationId,bucketStart,/);
    expect(lines.slice(1, 4)).toEqual([
      `${A},2026-10-23T22:00:00.000Z,2026-10-24T22:00:00.000Z,2026-10-24T00:00:00.000+02:00,1,15,6600,6000,600,8400,4.86,97.92,100,PowerSwitchFailure=1,EUR 5.25,EUR 6.25`,
      `${A},2026-10-24T22:00:00.000Z,2026-10-25T23:00:00.000Z,2026-10-25T00:00:00.000+02:00,1,22.501,10800,9000,1800,3600,2,92,92,,EUR 7.88,EUR 9.38`,
      `${A},2026-10-25T23:00:00.000Z,2026-10-26T23:00:00.000Z,2026-10-26T00:00:00.000+01:00,0,0,0,0,0,7200,4.17,92.71,100,GroundFailure=2,,`,
    ]);
  });

  it.each([
    ['from=2026-10-24&to=2026-10-27&tz=Mars%2FOlympus', 'tz', /tz "Mars\/Olympus" is not an IANA time zone/],
    ['from=yesterday&to=2026-10-27&tz=UTC', 'from', /from "yesterday" is neither a date/],
    ['from=2026-10-24&to=2026-10-27T00:00:00&tz=UTC', 'to', /to "2026-10-27T00:00:00" is neither a date/],
    ['from=2026-10-24&to=2026-10-01&tz=UTC', 'to', /to must be after from/],
  ])('%s is a 400 naming %s', async (query, parameter, detail) => {
    const { status: code, body, headers } = await harness.api.request('GET', `/api/v1/reports/network?${query}`);
    expect(code).toBe(400);
    expect(headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(body.parameter).toBe(parameter);
    expect(body.detail).toMatch(detail);
  });

  it('documents the report endpoints and their parameters in OpenAPI', async () => {
    const document = (await (await fetch(`${harness.api.url}/docs/openapi.json`)).json()) as {
      paths: Record<
        string,
        {
          get?: {
            parameters?: { name: string; in: string; required?: boolean }[];
            responses: Record<string, { content?: Record<string, unknown> }>;
          };
        }
      >;
    };
    const query = (path: string) =>
      (document.paths[path]?.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => `${p.name}${p.required ? '!' : ''}`);
    expect(query('/api/v1/reports/network')).toEqual(['from!', 'to!', 'bucket', 'tz', 'format', 'stationIds']);
    expect(query('/api/v1/reports/stations')).toEqual(['from!', 'to!', 'bucket', 'tz', 'format', 'stationIds']);
    expect(query('/api/v1/reports/stations/{stationId}')).toEqual(['from!', 'to!', 'bucket', 'tz', 'format']);
    expect(Object.keys(document.paths['/api/v1/reports/network']?.get?.responses['200']?.content ?? {})).toEqual([
      'application/json',
      'text/csv',
    ]);
  });

  it('refuses an unknown bucket, too many buckets, an unknown parameter; 404 for an unknown station', async () => {
    const bucket = await harness.api.request('GET', `/api/v1/reports/network?${RANGE}&bucket=year`);
    expect(bucket.status).toBe(400);
    expect(bucket.body.detail).toMatch(/must be one of "day", "week", "month"/);
    const many = await harness.api.request('GET', `/api/v1/reports/network?from=2020-01-01&to=2026-01-01&tz=UTC&bucket=day`);
    expect(many.status).toBe(400);
    expect(many.body.detail).toMatch(/more than 1000 day buckets/);
    const unknown = await harness.api.request('GET', `/api/v1/reports/network?${RANGE}&site=north`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/unknown property "site"/);
    const missing = await harness.api.request('GET', `/api/v1/reports/stations/${uniqueName('nobody')}?${RANGE}`);
    expect(missing.status).toBe(404);
    const noKey = await fetch(`${harness.api.url}/api/v1/reports/network?${RANGE}`);
    expect(noKey.status).toBe(401);
  });
});

/**
 * The smoke test through the real stack: a 1.6 station boots, reports its connector and runs a
 * real session through the gateway and the station, customer, session, metering and billing
 * services; the report-service shows it (default tariff 0.35 EUR/kWh + 19 %: 10 kWh → 3.50 / 4.17).
 */
describe('reports on the real stack', () => {
  let harness: StackHarness;
  const TAG = 'REPORT-0001';

  beforeAll(async () => {
    harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'metering', 'billing', 'report'],
      serviceEnv: { STATION_SERVICE_UNKNOWN_STATIONS: 'accept' },
      api: true,
    });
    const tokens = (harness.service('customer') as CustomerServiceHandle).tokens;
    const customer = await tokens.createCustomer({ name: 'Report Co' });
    const token = await tokens.createToken({ idToken: TAG, type: 'ISO14443', customerId: customer.id });
    await waitFor(async () => (await (harness.service('session') as SessionServiceHandle).tokens.find(token.key)) !== null, {
      timeoutMs: 20_000,
    });
  });
  afterAll(() => harness?.stop());

  it('a session of a 1.6 station shows up in its report with energy and revenue', async () => {
    const id = uniqueName('rpt16');
    const station = await harness.connect(id, 'ocpp1.6');
    expect((await station.call('BootNotification', { chargePointVendor: 'Voltlane', chargePointModel: 'Sim-16' }))[2]).toMatchObject({
      status: 'Accepted',
    });
    const minutesAgo = (m: number): string => new Date(Date.now() - m * 60_000).toISOString();
    await station.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: minutesAgo(30) });
    const started = await station.call('StartTransaction', { connectorId: 1, idTag: TAG, meterStart: 100_000, timestamp: minutesAgo(30) });
    const { transactionId } = started[2] as { transactionId: number };
    expect(
      (await station.call('StopTransaction', { transactionId, meterStop: 110_000, timestamp: minutesAgo(0), reason: 'Local' }))[0],
    ).toBe(3);
    await station.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: minutesAgo(0) });
    // Well after the gateway published Connected (the session went through Kafka and back since).
    const sinceConnected = new Date();

    // A range of two days around now, in one bucket.
    const query = `from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}&bucket=month&tz=UTC`;
    const totals = async () => {
      const { status: code, body } = await harness.api.request('GET', `/api/v1/reports/stations/${id}?${query}`);
      if (code !== 200) return null;
      const buckets = body.buckets as {
        sessions: number;
        energyKwh: number;
        occupiedSeconds: number;
        revenue: { currency: string; totalExclTax: string; totalInclTax: string }[];
      }[];
      return {
        connectors: body.connectors as number,
        sessions: buckets.reduce((n, b) => n + b.sessions, 0),
        energyKwh: buckets.reduce((n, b) => n + b.energyKwh, 0),
        occupied: buckets.reduce((n, b) => n + b.occupiedSeconds, 0),
        revenue: buckets.flatMap((b) => b.revenue),
      };
    };
    await waitFor(async () => (await totals())?.revenue.length === 1, {
      timeoutMs: 45_000,
      message: 'the session and its CDR in the report',
    });
    const report = await totals();
    // Charging for 30 minutes (1 800 s, give or take the clock of this test).
    expect(report?.occupied).toBeGreaterThanOrEqual(1_790);
    expect(report?.occupied).toBeLessThanOrEqual(1_810);
    expect(report).toMatchObject({
      connectors: 1,
      sessions: 1,
      energyKwh: 10,
      revenue: [{ currency: 'EUR', totalExclTax: '3.50', totalInclTax: '4.17' }],
    });
    // Online (stations.connections.v1) and neither Faulted nor Unavailable from then up to now.
    const since = await harness.api.request(
      'GET',
      `/api/v1/reports/stations/${id}?from=${encodeURIComponent(sinceConnected.toISOString())}&to=2099-01-01&bucket=month&tz=UTC`,
    );
    expect(since.status).toBe(200);
    expect(since.body.buckets[0]).toMatchObject({ onlinePercent: 100, uptimePercent: 100, utilisationPercent: 0 });
  });
});
