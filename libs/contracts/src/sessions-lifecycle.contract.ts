import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract-validator';
import { Enum, meaningsText, Nullable, Protocol, Timestamp, valuesOf } from './schema-builders';

export const SESSION_LIFECYCLE_TYPES = ['Started', 'Updated', 'Ended'] as const;
export type SessionLifecycleType = (typeof SESSION_LIFECYCLE_TYPES)[number];

/** Why a session is flagged (code → meaning); the session-service stores the details. */
const SESSION_ANOMALIES = {
  UnknownTransaction: 'Stop/Ended for a transaction the CSMS did not know (incl. 1.6 `transactionId = -1`).',
  AlreadyStopped: 'A second, different stop for an already stopped transaction.',
  IdTokenNotAccepted: 'The id token was not Accepted when the transaction was (re-)checked; it still counts.',
  MeterDecreased: 'meterStop below meterStart (meter replaced or reset); energy counted as 0.',
  TimestampInFuture: 'A timestamp later than the CSMS clock allows (beyond the configured skew).',
  SeqNoGap: '2.x: seqNo values missing between the first and last received.',
  OutOfOrder: '2.x: an event arrived after one with a higher seqNo.',
  EventAfterEnded: '2.x: an event (other than a duplicate) arrived after the transaction ended.',
  StartMissing: 'The start of the transaction was never received; meter start unknown.',
} as const;
export const SESSION_ANOMALY_CODES = valuesOf(SESSION_ANOMALIES);
export type SessionAnomalyCode = (typeof SESSION_ANOMALY_CODES)[number];

const seconds = (description?: string) => Type.Integer({ ...(description === undefined ? {} : { description }), minimum: 0 });

/** The topic's documentation: the schema's `description`, so it reaches docs/asyncapi.json and docs/contracts.md. */
const SESSION_LIFECYCLE_EVENT_DESCRIPTION = [
  '`sessions.lifecycle.v1`, key = station id. One charging session, whatever the OCPP version (1.6 StartTransaction/StopTransaction or 2.x TransactionEvent), as the session-service sees it.',
  'Delivery is at least once. Each session has exactly one `Started` and at most one `Ended` in effect: a re-delivered record is byte-identical, so consumers de-duplicate by `eventId` (= `sessionId` + `type` for Started/Ended). `Updated` carries the energy so far: 2.x from TransactionEvent Updated, 1.6 from MeterValues with a transactionId (published when a higher energy register reading arrives; `energyWh` of successive Updated events never decreases). A session may be created by its `Ended` (a 2.x Ended that overtook its Started, or a 1.6 StopTransaction for a transaction the CSMS never saw): then `Started` and `Ended` are published together. `idTokenKey` may first appear on an `Updated` (2.x transactions that start on cable plug-in and are authorized later).',
].join('\n\n');

/** `sessions.lifecycle.v1`: the payload's schema (the TypeScript type is derived from it; `description` documents the topic). */
export const sessionLifecycleEventSchema = Type.Object(
  {
    type: Enum(SESSION_LIFECYCLE_TYPES),
    eventId: Type.String({
      description: 'Unique per event in effect: `<sessionId>:Started`, `<sessionId>:Ended`, `<sessionId>:Updated:<n>`.',
      minLength: 1,
      maxLength: 128,
    }),
    sessionId: Type.String({ format: 'uuid' }),
    stationId: Type.String({ minLength: 1, maxLength: 48 }),
    protocol: Protocol(),
    transactionRef: Type.String({
      description: "1.6: the CSMS-assigned integer id as a string; 2.x: the station's transactionId.",
      minLength: 1,
      maxLength: 64,
    }),
    idTokenKey: Type.Optional(
      Type.String({ description: 'Normalized id token key (as in customers.tokens.v1).', minLength: 1, maxLength: 128 }),
    ),
    connectorId: Type.Optional(Type.Integer({ description: '1.6 connector id.', minimum: 0 })),
    evseId: Type.Optional(Type.Integer({ description: '2.x EVSE id (and connector within it when known).', minimum: 0 })),
    startedAt: Timestamp(),
    endedAt: Type.Optional(Timestamp()),
    meterStartWh: Nullable(Type.Number(), { description: 'Energy register at start, Wh; null while a 2.x station has not reported one.' }),
    meterStopWh: Type.Optional(Type.Number()),
    energyWh: Type.Number({ description: 'Energy delivered so far (at Ended: in total), Wh, never negative.', minimum: 0 }),
    chargingSeconds: seconds('Seconds with chargingState Charging.'),
    idleSeconds: seconds('Seconds connected but not charging (2.x).'),
    anomalies: Type.Array(Enum(SESSION_ANOMALY_CODES), {
      description: `Why the session is flagged: ${meaningsText(SESSION_ANOMALIES)}.`,
      uniqueItems: true,
    }),
    stoppedReason: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    reservationId: Type.Optional(Type.Integer()),
    remoteStartId: Type.Optional(Type.Integer()),
    occurredAt: Timestamp({ description: 'When the change happened at the station (event timestamp).' }),
  },
  { $id: 'urn:voltlane:sessions.lifecycle.v1', description: SESSION_LIFECYCLE_EVENT_DESCRIPTION },
);
export type SessionLifecycleEvent = Static<typeof sessionLifecycleEventSchema>;

export const sessionLifecycleEventContract = defineContract('sessions.lifecycle.v1', sessionLifecycleEventSchema);

/** Validates a consumed `sessions.lifecycle.v1` payload (a tolerant reader); throws ContractViolation. */
export const parseSessionLifecycleEvent = sessionLifecycleEventContract.incoming;
