// Answers of the operator API for the sessions and CDR specs, typed by docs/openapi.json.
import type { OperatorApiSchemas } from '@voltlane/operator-api-client';

type Schemas = OperatorApiSchemas;
export type SessionItem = Schemas['ListSessionsResponse']['items'][number];
export type SessionDetail = Schemas['GetSessionResponse'];
export type MeterSampleItem = Schemas['ListSessionMeterSamplesResponse']['items'][number];

export const SESSION_ID = '0b8f5a52-2c1d-4f7e-9a3b-6d5e4c3b2a19';

/** A uuid made of a number, for lists of many sessions. */
export function uuidOf(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** A session of the list (an active one on CP-1, unless `patch` says otherwise). */
export function sessionItem(patch: Partial<SessionItem> = {}): SessionItem {
  return {
    id: SESSION_ID,
    protocol: 'ocpp2.0.1',
    stationId: 'CP-1',
    transactionRef: 'tx-1',
    transactionId: null,
    connectorId: 1,
    evseId: 1,
    idToken: 'AABBCCDD',
    idTokenType: 'ISO14443',
    idTokenKey: 'ISO14443:AABBCCDD',
    authStatus: 'Accepted',
    status: 'Active',
    startedAt: '2026-12-07T10:00:00.000Z',
    endedAt: null,
    meterStartWh: 1000,
    meterStopWh: null,
    energyWh: 12345,
    cost: null,
    chargingState: 'Charging',
    chargingSeconds: 1800,
    idleSeconds: 0,
    stoppedReason: null,
    reservationId: null,
    remoteStartId: null,
    offline: false,
    anomalies: [],
    ...patch,
  };
}

/** GET /api/v1/sessions/{id}: the list item plus its periods and remote start. */
export function sessionDetail(patch: Partial<SessionDetail> = {}): SessionDetail {
  return {
    ...sessionItem(),
    chargingPeriods: [{ state: 'Charging', from: '2026-12-07T10:00:00.000Z', to: '2026-12-07T10:30:00.000Z' }],
    remoteStart: null,
    ...patch,
  };
}

/** An energy register sample (Wh) of the session. */
export function energySample(timestamp: string, value: string, patch: Partial<MeterSampleItem> = {}): MeterSampleItem {
  return {
    sampleId: uuidOf(Date.parse(timestamp) % 1_000_000),
    transactionRef: 'tx-1',
    evseId: 1,
    connectorId: 1,
    timestamp,
    measurand: 'Energy.Active.Import.Register',
    phase: null,
    location: 'Outlet',
    context: 'Sample.Periodic',
    unit: 'Wh',
    value,
    rawValue: value,
    signed: null,
    invalid: null,
    sourceAction: 'TransactionEvent',
    ...patch,
  };
}

export const EUR = (amount: string): { amount: string; currency: string } => ({ amount, currency: 'EUR' });

/** GET /api/v1/sessions/{id}/cost of an active session. */
export function runningCost(): Schemas['GetSessionCostResponse'] {
  return {
    sessionId: SESSION_ID,
    stationId: 'CP-1',
    tariff: { id: '5c0a1f3e-8d2b-4e7a-9f61-0b3c2d4e5f60', version: 3 },
    currency: 'EUR',
    lines: [{ component: 'energy', band: null, quantity: '12.345', unit: 'kWh', unitPrice: EUR('0.35'), amount: EUR('4.32') }],
    subtotal: EUR('4.32'),
    taxRatePercent: '19',
    tax: EUR('0.82'),
    totalExclTax: EUR('4.32'),
    totalInclTax: EUR('5.14'),
    calculatedUntil: '2026-12-07T10:30:00.000Z',
    ongoing: true,
  };
}
