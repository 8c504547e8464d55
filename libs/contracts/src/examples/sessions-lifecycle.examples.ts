import type { SessionLifecycleEvent } from '../sessions-lifecycle.contract';
import type { ContractExample } from './contract-example';

const SESSION_ID = '0b8f5a52-2c1d-4f7e-9a3b-6d5e4c3b2a19';

/** The 2.0.1 transaction both examples are about: EVSE 1 of CS-1, started with an RFID card. */
const transaction = {
  sessionId: SESSION_ID,
  stationId: 'CS-1',
  protocol: 'ocpp2.0.1',
  transactionRef: 'tx-1',
  idTokenKey: 'ISO14443:AABBCCDD',
  evseId: 1,
  connectorId: 1,
} satisfies Partial<SessionLifecycleEvent>;

/** What the ended transaction measured: its times, meter readings, energy and durations (the billing.cdrs.v1 example bills them). */
export const endedTransactionMeasures = {
  startedAt: '2024-01-15T10:00:00.000Z',
  endedAt: '2024-01-15T11:00:00.000Z',
  meterStartWh: 1000,
  meterStopWh: 13_345,
  energyWh: 12_345,
  chargingSeconds: 3000,
  idleSeconds: 600,
} satisfies Partial<SessionLifecycleEvent>;

export const sessionLifecycleExamples: ContractExample<SessionLifecycleEvent>[] = [
  {
    name: 'started-201',
    summary: 'A 2.0.1 transaction started on EVSE 1 with an RFID card.',
    key: transaction.stationId,
    payload: {
      type: 'Started',
      eventId: `${SESSION_ID}:Started`,
      ...transaction,
      startedAt: '2024-01-15T10:00:00.000Z',
      meterStartWh: 1000,
      energyWh: 0,
      chargingSeconds: 0,
      idleSeconds: 0,
      anomalies: [],
      occurredAt: '2024-01-15T10:00:00.000Z',
    },
  },
  {
    name: 'ended-201',
    summary: 'The same transaction ended: 12.345 kWh, 50 min charging, 10 min idle (the billing.cdrs.v1 example is its CDR).',
    key: transaction.stationId,
    payload: {
      type: 'Ended',
      eventId: `${SESSION_ID}:Ended`,
      ...transaction,
      ...endedTransactionMeasures,
      anomalies: [],
      stoppedReason: 'Local',
      occurredAt: '2024-01-15T11:00:00.000Z',
    },
  },
];
