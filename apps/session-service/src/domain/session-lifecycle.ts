import { energyDeliveredWh } from '@voltlane/metering-domain';
import type { OcppVersion } from '@voltlane/ocpp';
import type { ChargingPeriod, ChargingState, Session, SessionAnomaly, TransactionEventRecord } from './session';

export interface SessionLifecycleOptions {
  /** How far a station timestamp may be ahead of the CSMS clock before it is an anomaly. */
  clockSkewMs: number;
}

export interface Start16Input {
  id: string;
  protocol: OcppVersion;
  stationId: string;
  transactionId: number;
  connectorId: number;
  idTag: string;
  idTokenKey: string;
  authStatus: string;
  meterStart: number;
  timestamp: string;
  reservationId: number | null;
  receivedAt: Date;
}

export interface Stop16Input {
  meterStop: number;
  timestamp: string;
  reason: string | null;
  idTag: string | null;
  receivedAt: Date;
}

export interface OrphanStop16Input extends Stop16Input {
  id: string;
  protocol: OcppVersion;
  stationId: string;
  transactionId: number;
  idTokenKey: string | null;
  /** Energy register and time at Transaction.Begin from `transactionData`, when the station sent them. */
  begin: { registerWh: number; at: string } | null;
}

export type Stop16Outcome =
  /** The stop ended the session. */
  | { kind: 'ended'; session: Session }
  /** The same stop again (a re-delivery or a retry): nothing changes. */
  | { kind: 'duplicate'; session: Session }
  /** A different stop for an ended session: recorded, nothing else changes. */
  | { kind: 'already-stopped'; session: Session };

const NON_CHARGING: readonly ChargingState[] = ['EVConnected', 'SuspendedEV', 'SuspendedEVSE', 'Idle'];

/**
 * The session lifecycle rules, version-neutral where they can be, without I/O: how a session
 * starts, stops, accumulates energy and time, and which anomalies it carries.
 */
export class SessionLifecycle {
  constructor(private readonly options: SessionLifecycleOptions) {}

  /** 1.6: a retried StartTransaction has the same station, connector, idTag, timestamp and meterStart. */
  static startKey16(stationId: string, start: { connectorId: number; idTag: string; timestamp: string; meterStart: number }): string {
    return ['16', stationId, start.connectorId, start.idTag.toUpperCase(), isoTime(start.timestamp), start.meterStart].join('|');
  }

  /** 1.6: the natural key of a session created by a StopTransaction for an unknown transaction. */
  static orphanStopKey16(stationId: string, stop: { transactionId: number; timestamp: string; meterStop: number }): string {
    return ['16x', stationId, stop.transactionId, isoTime(stop.timestamp), stop.meterStop].join('|');
  }

  /** 2.x: the station's transactionId is unique per station. */
  static transactionKey2x(stationId: string, transactionId: string): string {
    return ['2x', stationId, transactionId].join('|');
  }

  /** A station timestamp beyond the allowed skew ahead of the time the CSMS received it. */
  timestampAnomalies(what: string, timestamp: string | Date, receivedAt: Date): SessionAnomaly[] {
    const at = typeof timestamp === 'string' ? Date.parse(timestamp) : timestamp.getTime();
    if (Number.isNaN(at) || at <= receivedAt.getTime() + this.options.clockSkewMs) return [];
    return [{ code: 'TimestampInFuture', detail: `${what} ${new Date(at).toISOString()}` }];
  }

  /** 1.6 StartTransaction: the session starts whatever the token's status (the station already started). */
  start16(input: Start16Input): Session {
    const anomalies = withAnomalies(
      [],
      this.timestampAnomalies('start', input.timestamp, input.receivedAt),
      input.authStatus === 'Accepted' ? [] : [{ code: 'IdTokenNotAccepted', detail: input.authStatus }],
    );
    return newSession({
      id: input.id,
      protocol: input.protocol,
      stationId: input.stationId,
      transactionRef: String(input.transactionId),
      transactionId: input.transactionId,
      naturalKey: SessionLifecycle.startKey16(input.stationId, input),
      connectorId: input.connectorId,
      idToken: input.idTag,
      idTokenKey: input.idTokenKey,
      authStatus: input.authStatus,
      startedAt: new Date(input.timestamp),
      meterStartWh: input.meterStart,
      reservationId: input.reservationId,
      anomalies,
    });
  }

  /** 1.6 StopTransaction for a known session. */
  stop16(session: Session, stop: Stop16Input): Stop16Outcome {
    const endedAt = new Date(stop.timestamp);
    if (session.status === 'Ended') {
      if (session.meterStopWh === stop.meterStop && session.endedAt?.getTime() === endedAt.getTime()) return { kind: 'duplicate', session };
      const detail = `meterStop ${stop.meterStop} at ${isoTime(stop.timestamp)}`;
      const anomalies = withAnomalies(session.anomalies, [{ code: 'AlreadyStopped', detail }]);
      return { kind: 'already-stopped', session: { ...session, anomalies } };
    }
    const energy = this.energy(session.meterStartWh, stop.meterStop);
    return {
      kind: 'ended',
      session: {
        ...session,
        status: 'Ended',
        endedAt,
        meterStopWh: stop.meterStop,
        energyWh: energy.energyWh,
        stoppedReason: stop.reason ?? 'Local',
        anomalies: withAnomalies(session.anomalies, this.timestampAnomalies('stop', stop.timestamp, stop.receivedAt), energy.anomalies),
      },
    };
  }

  /**
   * 1.6 MeterValues of a running transaction (an energy register reading in Wh, units already
   * normalized): the energy delivered so far. Monotonic, so re-deliveries and late, older
   * readings change nothing (null = unchanged): the session counts the highest reading above
   * meterStart. A reading below meterStart is left to the StopTransaction to flag; an ended
   * session keeps the energy of its StopTransaction.
   */
  meterValues16(session: Session, registerWh: number | string): Session | null {
    if (session.protocol !== 'ocpp1.6' || session.status !== 'Active') return null;
    const delivered = session.meterStartWh === null ? null : energyDeliveredWh(session.meterStartWh, registerWh);
    if (delivered === null) return null;
    const energyWh = Number(delivered);
    return energyWh > session.energyWh ? { ...session, energyWh } : null;
  }

  /**
   * 1.6 StopTransaction for a transaction the CSMS never saw (lost StartTransaction, or
   * `transactionId = -1`): an ended session, flagged, so the energy the station reports is kept.
   */
  orphanStop16(input: OrphanStop16Input): Session {
    const meterStartWh = input.begin?.registerWh ?? null;
    const energy = meterStartWh === null ? { energyWh: 0, anomalies: [] } : this.energy(meterStartWh, input.meterStop);
    return newSession({
      id: input.id,
      protocol: input.protocol,
      stationId: input.stationId,
      transactionRef: String(input.transactionId),
      naturalKey: SessionLifecycle.orphanStopKey16(input.stationId, input),
      idToken: input.idTag,
      idTokenKey: input.idTokenKey,
      status: 'Ended',
      startedAt: new Date(input.begin?.at ?? input.timestamp),
      endedAt: new Date(input.timestamp),
      meterStartWh,
      meterStopWh: input.meterStop,
      energyWh: energy.energyWh,
      stoppedReason: input.reason ?? 'Local',
      anomalies: withAnomalies(
        [{ code: 'UnknownTransaction', detail: `transactionId ${input.transactionId}` }],
        meterStartWh === null ? [{ code: 'StartMissing' }] : [],
        this.timestampAnomalies('stop', input.timestamp, input.receivedAt),
        energy.anomalies,
      ),
    });
  }

  /**
   * 2.x: the session is a fold over the TransactionEvents received for it, so the result does
   * not depend on arrival order or re-deliveries (a re-delivered seqNo is not stored twice).
   * Ended is final: a late Updated adds its facts but never re-opens the session.
   */
  foldTransaction(base: Session, events: readonly TransactionEventRecord[]): Session {
    if (events.length === 0) return base;
    const bySeq = [...events].sort((a, b) => a.seqNo - b.seqNo || a.arrival - b.arrival);
    const byTime = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.seqNo - b.seqNo);
    const byArrival = [...events].sort((a, b) => a.arrival - b.arrival);
    const started = bySeq.find((e) => e.eventType === 'Started');
    const ended = byArrival.find((e) => e.eventType === 'Ended');
    const withRegister = byTime.filter((e) => e.registerWh !== null);
    const meterStartWh = started?.registerWh ?? withRegister[0]?.registerWh ?? null;
    const latestRegister = ended?.registerWh ?? withRegister[withRegister.length - 1]?.registerWh ?? null;
    const energy = this.energy(meterStartWh, latestRegister);
    const startedAt = started?.occurredAt ?? byTime[0].occurredAt;
    const endedAt = ended?.occurredAt ?? null;
    const periods = chargingPeriods(byTime, endedAt);
    const token = bySeq.find((e) => e.idTokenKey !== null);
    const first = <K extends keyof TransactionEventRecord>(key: K): TransactionEventRecord[K] | null =>
      bySeq.find((e) => e[key] !== null)?.[key] ?? null;
    const lastState = [...byTime].reverse().find((e) => e.chargingState !== null)?.chargingState ?? null;
    return {
      ...base,
      connectorId: first('connectorId'),
      evseId: first('evseId'),
      idToken: token?.idToken ?? null,
      idTokenType: token?.idTokenType ?? null,
      idTokenKey: token?.idTokenKey ?? null,
      authStatus: token?.authStatus ?? null,
      status: ended ? 'Ended' : 'Active',
      startedAt,
      endedAt,
      meterStartWh,
      meterStopWh: ended ? latestRegister : null,
      energyWh: energy.energyWh,
      chargingState: lastState,
      chargingSeconds: seconds(periods.filter((p) => p.state === 'Charging')),
      idleSeconds: seconds(periods.filter((p) => NON_CHARGING.includes(p.state))),
      chargingPeriods: periods,
      stoppedReason: ended ? (ended.stoppedReason ?? 'Local') : null,
      reservationId: first('reservationId'),
      remoteStartId: first('remoteStartId'),
      offline: events.some((e) => e.offline),
      lastSeqNo: bySeq[bySeq.length - 1].seqNo,
      anomalies: withAnomalies(
        [],
        ...bySeq.map((e) => e.anomalies),
        started ? [] : [{ code: 'StartMissing' }],
        sequenceAnomalies(bySeq, byArrival),
        energy.anomalies,
      ),
    };
  }

  /** Energy between two register readings; a register that went backwards is an anomaly, not negative energy. */
  energy(startWh: number | null, endWh: number | null): { energyWh: number; anomalies: SessionAnomaly[] } {
    if (startWh === null || endWh === null) return { energyWh: 0, anomalies: [] };
    const delivered = energyDeliveredWh(startWh, endWh);
    if (delivered === null) return { energyWh: 0, anomalies: [{ code: 'MeterDecreased', detail: `${startWh} → ${endWh} Wh` }] };
    return { energyWh: Number(delivered), anomalies: [] };
  }
}

/** What a new session must be given; every other field starts empty unless given too. */
export type NewSession = Pick<Session, 'id' | 'protocol' | 'stationId' | 'transactionRef' | 'naturalKey' | 'startedAt'> & Partial<Session>;

/** A session as it is created: Active, with no token, readings, time, links or anomalies but those `fields` give it. */
export function newSession(fields: NewSession): Session {
  return {
    transactionId: null,
    connectorId: null,
    evseId: null,
    idToken: null,
    idTokenType: null,
    idTokenKey: null,
    authStatus: null,
    status: 'Active',
    endedAt: null,
    meterStartWh: null,
    meterStopWh: null,
    energyWh: 0,
    chargingState: null,
    chargingSeconds: 0,
    idleSeconds: 0,
    chargingPeriods: [],
    stoppedReason: null,
    reservationId: null,
    remoteStartId: null,
    offline: false,
    lastSeqNo: null,
    anomalies: [],
    ...fields,
  };
}

/** Adds anomalies to a set (same code and detail once), keeping first-seen order. */
export function withAnomalies(existing: readonly SessionAnomaly[], ...more: (readonly SessionAnomaly[])[]): SessionAnomaly[] {
  const result = [...existing];
  for (const list of more) {
    for (const anomaly of list) {
      if (!result.some((a) => a.code === anomaly.code && a.detail === anomaly.detail)) result.push(anomaly);
    }
  }
  return result;
}

/** Gaps in the received seqNos, events that overtook one another, and events after the Ended. */
function sequenceAnomalies(bySeq: readonly TransactionEventRecord[], byArrival: readonly TransactionEventRecord[]): SessionAnomaly[] {
  const anomalies: SessionAnomaly[] = [];
  for (let i = 1; i < bySeq.length; i++) {
    const from = bySeq[i - 1].seqNo + 1;
    const to = bySeq[i].seqNo - 1;
    if (to >= from) anomalies.push({ code: 'SeqNoGap', detail: from === to ? `missing ${from}` : `missing ${from}..${to}` });
  }
  let highest = -Infinity;
  let endedSeen = false;
  for (const event of byArrival) {
    if (event.seqNo < highest) anomalies.push({ code: 'OutOfOrder', detail: `seqNo ${event.seqNo} after ${highest}` });
    if (endedSeen) anomalies.push({ code: 'EventAfterEnded', detail: `${event.eventType} seqNo ${event.seqNo}` });
    highest = Math.max(highest, event.seqNo);
    if (event.eventType === 'Ended') endedSeen = true;
  }
  return anomalies;
}

/** The charging state in force between consecutive events (a state holds until it changes), up to the end. */
function chargingPeriods(byTime: readonly TransactionEventRecord[], endedAt: Date | null): ChargingPeriod[] {
  const periods: ChargingPeriod[] = [];
  let state: ChargingState | null = null;
  for (let i = 0; i < byTime.length; i++) {
    const event = byTime[i];
    if (endedAt && event.occurredAt.getTime() > endedAt.getTime()) break;
    if (event.chargingState !== null) state = event.chargingState;
    const next = byTime[i + 1];
    if (!next || state === null) continue;
    const to = endedAt && next.occurredAt.getTime() > endedAt.getTime() ? endedAt : next.occurredAt;
    if (to.getTime() <= event.occurredAt.getTime()) continue;
    const last = periods[periods.length - 1];
    if (last && last.state === state && last.to === event.occurredAt.toISOString()) last.to = to.toISOString();
    else periods.push({ state, from: event.occurredAt.toISOString(), to: to.toISOString() });
  }
  return periods;
}

function seconds(periods: readonly ChargingPeriod[]): number {
  return Math.round(periods.reduce((sum, p) => sum + (Date.parse(p.to) - Date.parse(p.from)), 0) / 1000);
}

function isoTime(timestamp: string): string {
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? timestamp : new Date(ms).toISOString();
}
