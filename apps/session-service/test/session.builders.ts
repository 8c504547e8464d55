import type { Session, TransactionEventRecord } from '../src/domain/session';
import { newSession } from '../src/domain/session-lifecycle';

/** Test builders: a plausible session / stored TransactionEvent with the given fields changed. */
export function aSession(overrides: Partial<Session> = {}): Session {
  return newSession({
    id: '00000000-0000-4000-8000-000000000001',
    protocol: 'ocpp2.0.1',
    stationId: 'CS-1',
    transactionRef: 'tx-1',
    naturalKey: '2x|CS-1|tx-1',
    startedAt: new Date('2025-01-01T10:00:00.000Z'),
    ...overrides,
  });
}

let arrival = 0;

export function anEvent(overrides: Partial<TransactionEventRecord> = {}): TransactionEventRecord {
  arrival += 1;
  return {
    arrival,
    seqNo: 0,
    eventType: 'Updated',
    occurredAt: new Date('2025-01-01T10:00:00.000Z'),
    triggerReason: 'MeterValuePeriodic',
    chargingState: null,
    offline: false,
    registerWh: null,
    idToken: null,
    idTokenType: null,
    idTokenKey: null,
    authStatus: null,
    evseId: null,
    connectorId: null,
    stoppedReason: null,
    remoteStartId: null,
    reservationId: null,
    anomalies: [],
    ...overrides,
  };
}

/** `2025-01-01T10:<mm>:00Z`. */
export function minute(mm: number): Date {
  return new Date(Date.UTC(2025, 0, 1, 10, mm, 0));
}
