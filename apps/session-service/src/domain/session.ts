import type { OcppVersion } from '@voltlane/ocpp';
import type { SessionAnomalyCode } from '@voltlane/contracts';

export type SessionStatus = 'Active' | 'Ended';

/** 2.x `transactionInfo.chargingState`. */
export type ChargingState = 'Charging' | 'EVConnected' | 'SuspendedEV' | 'SuspendedEVSE' | 'Idle';

/** Why a session is flagged. Anomalies are a set: the same code and detail count once. */
export interface SessionAnomaly {
  code: SessionAnomalyCode;
  detail?: string;
}

/** A stretch of time in one charging state (billing tells charging from idle time). */
export interface ChargingPeriod {
  state: ChargingState;
  from: string;
  to: string;
}

/** One charging session, whatever the OCPP version. */
export interface Session {
  id: string;
  protocol: OcppVersion;
  stationId: string;
  /** 1.6: the CSMS-assigned id as text (or the unknown id of an orphan stop); 2.x: the station's transactionId. */
  transactionRef: string;
  /** 1.6 only: the CSMS-assigned integer transaction id. */
  transactionId: number | null;
  /** Natural key that makes creation idempotent (see SessionLifecycle.*Key). */
  naturalKey: string;
  connectorId: number | null;
  evseId: number | null;
  /** The id token as presented, its type (2.x) and its normalized key (customers.tokens.v1 key). */
  idToken: string | null;
  idTokenType: string | null;
  idTokenKey: string | null;
  /** The authorization status answered when the token was (re-)checked. */
  authStatus: string | null;
  status: SessionStatus;
  startedAt: Date;
  endedAt: Date | null;
  meterStartWh: number | null;
  meterStopWh: number | null;
  energyWh: number;
  chargingState: ChargingState | null;
  chargingSeconds: number;
  idleSeconds: number;
  chargingPeriods: ChargingPeriod[];
  stoppedReason: string | null;
  reservationId: number | null;
  remoteStartId: number | null;
  offline: boolean;
  lastSeqNo: number | null;
  anomalies: SessionAnomaly[];
}

/** A 2.x TransactionEvent as stored: the facts the session is folded from. */
export interface TransactionEventRecord {
  /** Arrival order (a database sequence). */
  arrival: number;
  seqNo: number;
  eventType: 'Started' | 'Updated' | 'Ended';
  occurredAt: Date;
  triggerReason: string;
  chargingState: ChargingState | null;
  offline: boolean;
  /** Energy.Active.Import.Register (Wh) in the event's meter values, if any. */
  registerWh: number | null;
  idToken: string | null;
  idTokenType: string | null;
  idTokenKey: string | null;
  authStatus: string | null;
  evseId: number | null;
  connectorId: number | null;
  stoppedReason: string | null;
  remoteStartId: number | null;
  reservationId: number | null;
  /** Anomalies found in this event alone (timestamp, id token). */
  anomalies: SessionAnomaly[];
}
