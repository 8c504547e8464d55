import type { OcppVersion } from '@voltlane/ocpp';
import { contractValidator } from './contract-validator';

/**
 * `sessions.lifecycle.v1`, key = station id. One charging session, whatever the OCPP version
 * (1.6 StartTransaction/StopTransaction or 2.x TransactionEvent), as the session-service sees it.
 *
 * Delivery is at least once. Each session has exactly one `Started` and at most one `Ended` in
 * effect: a re-delivered record is byte-identical, so consumers de-duplicate by `eventId`
 * (= `sessionId` + `type` for Started/Ended). `Updated` carries the energy so far: 2.x from
 * TransactionEvent Updated, 1.6 from MeterValues with a transactionId (published when a higher
 * energy register reading arrives; `energyWh` of successive Updated events never decreases).
 * A session may be created by its `Ended` (a 2.x Ended that overtook its Started, or a 1.6
 * StopTransaction for a transaction the CSMS never saw): then `Started` and `Ended` are
 * published together. `idTokenKey` may first appear on an `Updated` (2.x transactions that start
 * on cable plug-in and are authorized later).
 */
export type SessionLifecycleType = 'Started' | 'Updated' | 'Ended';

/** Why a session is flagged; the session-service stores the details. */
export const SESSION_ANOMALY_CODES = [
  /** Stop/Ended for a transaction the CSMS did not know (incl. 1.6 `transactionId = -1`). */
  'UnknownTransaction',
  /** A second, different stop for an already stopped transaction. */
  'AlreadyStopped',
  /** The id token was not Accepted when the transaction was (re-)checked; it still counts. */
  'IdTokenNotAccepted',
  /** meterStop below meterStart (meter replaced or reset); energy counted as 0. */
  'MeterDecreased',
  /** A timestamp later than the CSMS clock allows (beyond the configured skew). */
  'TimestampInFuture',
  /** 2.x: seqNo values missing between the first and last received. */
  'SeqNoGap',
  /** 2.x: an event arrived after one with a higher seqNo. */
  'OutOfOrder',
  /** 2.x: an event (other than a duplicate) arrived after the transaction ended. */
  'EventAfterEnded',
  /** The start of the transaction was never received; meter start unknown. */
  'StartMissing',
] as const;
export type SessionAnomalyCode = (typeof SESSION_ANOMALY_CODES)[number];

export interface SessionLifecycleEvent {
  type: SessionLifecycleType;
  /** Unique per event in effect: `<sessionId>:Started`, `<sessionId>:Ended`, `<sessionId>:Updated:<n>`. */
  eventId: string;
  sessionId: string;
  stationId: string;
  protocol: OcppVersion;
  /** 1.6: the CSMS-assigned integer id as a string; 2.x: the station's transactionId. */
  transactionRef: string;
  /** Normalized id token key (as in customers.tokens.v1). */
  idTokenKey?: string;
  /** 1.6 connector id. */
  connectorId?: number;
  /** 2.x EVSE id (and connector within it when known). */
  evseId?: number;
  startedAt: string;
  endedAt?: string;
  /** Energy register at start, Wh; null while a 2.x station has not reported one. */
  meterStartWh: number | null;
  meterStopWh?: number;
  /** Energy delivered so far (at Ended: in total), Wh, never negative. */
  energyWh: number;
  /** Seconds with chargingState Charging, and connected but not charging (2.x). */
  chargingSeconds: number;
  idleSeconds: number;
  anomalies: SessionAnomalyCode[];
  stoppedReason?: string;
  reservationId?: number;
  remoteStartId?: number;
  /** When the change happened at the station (event timestamp). */
  occurredAt: string;
}

const wh = { type: 'number' } as const;
const seconds = { type: 'integer', minimum: 0 } as const;

export const sessionLifecycleEventSchema = {
  $id: 'urn:voltlane:sessions.lifecycle.v1',
  type: 'object',
  required: [
    'type',
    'eventId',
    'sessionId',
    'stationId',
    'protocol',
    'transactionRef',
    'startedAt',
    'meterStartWh',
    'energyWh',
    'chargingSeconds',
    'idleSeconds',
    'anomalies',
    'occurredAt',
  ],
  additionalProperties: false,
  properties: {
    type: { enum: ['Started', 'Updated', 'Ended'] },
    eventId: { type: 'string', minLength: 1, maxLength: 128 },
    sessionId: { type: 'string', format: 'uuid' },
    stationId: { type: 'string', minLength: 1, maxLength: 48 },
    protocol: { enum: ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] },
    transactionRef: { type: 'string', minLength: 1, maxLength: 64 },
    idTokenKey: { type: 'string', minLength: 1, maxLength: 128 },
    connectorId: { type: 'integer', minimum: 0 },
    evseId: { type: 'integer', minimum: 0 },
    startedAt: { type: 'string', format: 'date-time' },
    endedAt: { type: 'string', format: 'date-time' },
    meterStartWh: { anyOf: [{ type: 'number' }, { type: 'null' }] },
    meterStopWh: wh,
    energyWh: { type: 'number', minimum: 0 },
    chargingSeconds: seconds,
    idleSeconds: seconds,
    anomalies: { type: 'array', uniqueItems: true, items: { enum: [...SESSION_ANOMALY_CODES] } },
    stoppedReason: { type: 'string', minLength: 1, maxLength: 64 },
    reservationId: { type: 'integer' },
    remoteStartId: { type: 'integer' },
    occurredAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const parseSessionLifecycleEvent = contractValidator<SessionLifecycleEvent>('sessions.lifecycle.v1', sessionLifecycleEventSchema);
