/**
 * The ledger of what the simulated stations sent, built from the simulator's frame log
 * (`--frame-log`: `<ms>\t<in|out>\t<station>\t<frame>` per line): sessions with their meter start
 * and stop, every meter sample, and every CALL with its answer. Pure: no I/O.
 */
import { isTransactionMessage } from '@voltlane/ocpp';

export interface LedgerSession {
  stationId: string;
  /** 1.6: the transactionId the CSMS gave (as a string); 2.x: the station's transactionId. */
  transactionRef: string;
  meterStartWh: number | undefined;
  meterStopWh: number | undefined;
  /** The start / end message was answered with a CALLRESULT. */
  started: boolean;
  ended: boolean;
}

export interface LedgerSample {
  key: string;
  stationId: string;
  /** Some CALL carrying it was answered with a CALLRESULT. */
  accepted: boolean;
}

export interface CallTally {
  sent: number;
  results: number;
  errors: number;
  /** CALL ids that never got a CALLRESULT or CALLERROR (connection lost or time-out). */
  unanswered: number;
  /** `<action> <code>` → count of CALLERRORs received. */
  errorsByActionCode: Record<string, number>;
}

export interface Ledger {
  sessions: Map<string, LedgerSession>;
  samples: Map<string, LedgerSample>;
  calls: CallTally;
  /** 1.6 StartTransaction requests (same station, connector, timestamp, meterStart) answered with different transactionIds. */
  duplicatedStarts: number;
  /** Transaction messages (by content) sent but never answered with a CALLRESULT: the station gave up. */
  transactionMessagesGivenUp: number;
  /** Each transaction message (by content): when it was first sent and first accepted (ms epoch). */
  transactionTimes: { firstSentAt: number; acceptedAt: number | undefined }[];
}

interface SampledValueLike {
  value: unknown;
  measurand?: string;
  context?: string;
  location?: string;
  phase?: string;
}
interface MeterValueLike {
  timestamp: string;
  sampledValue: SampledValueLike[];
}

const ENERGY = 'Energy.Active.Import.Register';

/**
 * The identity of one stored meter sample: the metering-service's natural key without the EVSE
 * (station, transaction, time, measurand, phase, location, context). `transactionRef` is '' for a
 * reading outside a transaction (e.g. the 1.6 StartTransaction meterStart, whose transactionId
 * the CSMS assigns only in the answer).
 */
export function sampleKey(
  stationId: string,
  transactionRef: string | null,
  timestamp: string,
  v: { measurand?: string | null; phase?: string | null; location?: string | null; context?: string | null },
): string {
  return [
    stationId,
    transactionRef ?? '',
    new Date(timestamp).getTime(),
    v.measurand ?? ENERGY,
    v.phase ?? '',
    v.location ?? 'Outlet',
    v.context ?? 'Sample.Periodic',
  ].join('|');
}

export function sessionKey(stationId: string, transactionRef: string): string {
  return `${stationId}|${transactionRef}`;
}

interface Pending {
  action: string;
  payload: Record<string, unknown>;
}

/** Builds the ledger from the frame-log lines of one or more simulator processes. */
export class LedgerBuilder {
  private readonly pending = new Map<string, Pending>();
  private readonly sessions = new Map<string, LedgerSession>();
  private readonly samples = new Map<string, LedgerSample>();
  private readonly starts = new Map<string, Set<string>>();
  /** Transaction message content → when first sent, and when first answered with a CALLRESULT. */
  private readonly transactionMessages = new Map<string, { firstSentAt: number; acceptedAt: number | undefined }>();
  private readonly calls: CallTally = { sent: 0, results: 0, errors: 0, unanswered: 0, errorsByActionCode: {} };

  addText(text: string): this {
    for (const line of text.split('\n')) if (line) this.addLine(line);
    return this;
  }

  addLine(line: string): void {
    const [time, direction, stationId, ...rest] = line.split('\t');
    const at = Number(time);
    let frame: unknown;
    try {
      frame = JSON.parse(rest.join('\t'));
    } catch {
      return; // a line cut short by a kill: not a frame
    }
    if (!Array.isArray(frame) || !stationId) return;
    const [type, id] = frame as [number, string];
    if (direction === 'out' && type === 2) {
      const [, , action, payload] = frame as [number, string, string, Record<string, unknown>];
      this.calls.sent++;
      this.pending.set(`${stationId}|${id}`, { action, payload });
      this.onRequest(stationId, action, payload, at);
      return;
    }
    if (direction !== 'in' || (type !== 3 && type !== 4)) return;
    const call = this.pending.get(`${stationId}|${id}`);
    if (!call) return;
    this.pending.delete(`${stationId}|${id}`);
    if (type === 3) {
      this.calls.results++;
      this.onResult(stationId, call, (frame as [number, string, Record<string, unknown>])[2], at);
    } else {
      this.calls.errors++;
      const code = String((frame as unknown[])[2]);
      const key = `${call.action} ${code}`;
      this.calls.errorsByActionCode[key] = (this.calls.errorsByActionCode[key] ?? 0) + 1;
    }
  }

  build(): Ledger {
    let givenUp = 0;
    for (const t of this.transactionMessages.values()) if (t.acceptedAt === undefined) givenUp++;
    let duplicatedStarts = 0;
    for (const ids of this.starts.values()) duplicatedStarts += ids.size - 1;
    return {
      sessions: this.sessions,
      samples: this.samples,
      calls: { ...this.calls, unanswered: this.pending.size },
      duplicatedStarts,
      transactionMessagesGivenUp: givenUp,
      transactionTimes: [...this.transactionMessages.values()],
    };
  }

  private onRequest(stationId: string, action: string, payload: Record<string, unknown>, at: number): void {
    if (!isTransactionMessage(action)) return;
    const content = contentKey(stationId, action, payload);
    if (!this.transactionMessages.has(content)) this.transactionMessages.set(content, { firstSentAt: at, acceptedAt: undefined });
    const ref = transactionRefOf(action, payload);
    for (const mv of meterValuesOf(action, payload)) {
      for (const v of mv.sampledValue) {
        const key = sampleKey(stationId, ref, mv.timestamp, v);
        if (!this.samples.has(key)) this.samples.set(key, { key, stationId, accepted: false });
      }
    }
  }

  private onResult(stationId: string, call: Pending, answer: Record<string, unknown>, at: number): void {
    const { action, payload } = call;
    if (!isTransactionMessage(action)) return;
    const times = this.transactionMessages.get(contentKey(stationId, action, payload));
    if (times && times.acceptedAt === undefined) times.acceptedAt = at;
    const ref = transactionRefOf(action, payload);
    for (const mv of meterValuesOf(action, payload)) {
      for (const v of mv.sampledValue) {
        const sample = this.samples.get(sampleKey(stationId, ref, mv.timestamp, v));
        if (sample) sample.accepted = true;
      }
    }
    if (action === 'StartTransaction') {
      const ref = String(answer.transactionId);
      const start = `${stationId}|${String(payload.connectorId)}|${String(payload.timestamp)}|${String(payload.meterStart)}`;
      const ids = this.starts.get(start) ?? new Set<string>();
      ids.add(ref);
      this.starts.set(start, ids);
      const session = this.session(stationId, ref);
      session.started = true;
      session.meterStartWh = Number(payload.meterStart);
    } else if (action === 'StopTransaction') {
      const session = this.session(stationId, String(payload.transactionId));
      session.ended = true;
      session.meterStopWh = Number(payload.meterStop);
    } else if (action === 'TransactionEvent') {
      const info = payload.transactionInfo as { transactionId: string };
      const session = this.session(stationId, info.transactionId);
      const energy = energyOf(meterValuesOf(action, payload));
      if (payload.eventType === 'Started') {
        session.started = true;
        if (energy !== undefined) session.meterStartWh = energy;
      } else if (payload.eventType === 'Ended') {
        session.ended = true;
        if (energy !== undefined) session.meterStopWh = energy;
      }
    }
  }

  private session(stationId: string, transactionRef: string): LedgerSession {
    const key = sessionKey(stationId, transactionRef);
    let session = this.sessions.get(key);
    if (!session) {
      session = { stationId, transactionRef, meterStartWh: undefined, meterStopWh: undefined, started: false, ended: false };
      this.sessions.set(key, session);
    }
    return session;
  }
}

/** A transaction message's identity across retries (a retry has a new message id, the same payload). */
function contentKey(stationId: string, action: string, payload: Record<string, unknown>): string {
  // A 1.6 message built before the StartTransaction answer may differ only by its transactionId.
  const { transactionId: _ignored, ...rest } = payload;
  return `${stationId}|${action}|${JSON.stringify(action === 'TransactionEvent' ? payload : rest)}`;
}

/** The transaction a message's samples belong to ('' = none). */
function transactionRefOf(action: string, payload: Record<string, unknown>): string {
  if (action === 'TransactionEvent') return (payload.transactionInfo as { transactionId: string }).transactionId;
  if ((action === 'MeterValues' || action === 'StopTransaction') && typeof payload.transactionId === 'number' && payload.transactionId > 0)
    return String(payload.transactionId);
  return '';
}

/** The meter readings a message carries (1.6 meterStart / meterStop are Transaction.Begin / End register readings). */
function meterValuesOf(action: string, payload: Record<string, unknown>): MeterValueLike[] {
  const register = (value: unknown, context: string): MeterValueLike => ({
    timestamp: String(payload.timestamp),
    sampledValue: [{ value, context, measurand: ENERGY, location: 'Outlet' }],
  });
  if (action === 'MeterValues' || action === 'TransactionEvent') return (payload.meterValue as MeterValueLike[] | undefined) ?? [];
  if (action === 'StartTransaction') return [register(payload.meterStart, 'Transaction.Begin')];
  if (action === 'StopTransaction')
    return [register(payload.meterStop, 'Transaction.End'), ...((payload.transactionData as MeterValueLike[] | undefined) ?? [])];
  return [];
}

function energyOf(meterValues: MeterValueLike[]): number | undefined {
  for (const mv of meterValues) {
    for (const v of mv.sampledValue) if ((v.measurand ?? ENERGY) === ENERGY && v.phase === undefined) return Number(v.value);
  }
  return undefined;
}

/**
 * Recovery time of a fault injected at `from`: until every transaction message outstanding at
 * `from` or first sent in the `probeMs` after it was accepted, in ms after `from`. Undefined when
 * one of them was never accepted.
 */
export function recoveryMs(ledger: Ledger, from: number, probeMs: number): number | undefined {
  let last = from;
  for (const t of ledger.transactionTimes) {
    if (t.firstSentAt > from + probeMs || (t.acceptedAt !== undefined && t.acceptedAt < from)) continue;
    if (t.acceptedAt === undefined) return undefined;
    last = Math.max(last, t.acceptedAt);
  }
  return last - from;
}
