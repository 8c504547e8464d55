/** Compares the ledger of what the stations sent with what Voltlane stored. Pure: no I/O. */
import { isTransactionMessage } from '@voltlane/ocpp';
import { sessionKey, type Ledger } from './frame-ledger';
import type { StoreSnapshot, StoredSession } from './store-snapshot';

export interface RoundCounts {
  /** Sessions the stations started (start answered). */
  sessions: number;
  /** Distinct meter samples the stations sent and got accepted. */
  samples: number;
  /** Distinct CDRs published for the round's sessions. */
  cdrs: number;
  lost: number;
  duplicated: number;
  energyMismatches: number;
  /** Transaction messages the stations gave up on after all their attempts. */
  givenUp: number;
  unansweredCalls: number;
  callErrors: number;
  /** CALLERRORs on actions that stations do not retry (anything but transaction messages): each loses what it carried. */
  refusedWithoutRetry: number;
  callErrorsByActionCode: Record<string, number>;
  /** The first problems found, each saying what is wrong. */
  problems: string[];
}

const ENERGY_TOLERANCE_WH = 0.001;
const MAX_PROBLEMS = 20;

export function checkRound(ledger: Ledger, store: StoreSnapshot): RoundCounts {
  const problems: string[] = [];
  const problem = (text: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(text);
  };
  let lost = 0;
  let duplicated = 0;
  let energyMismatches = 0;

  const stored = new Map<string, StoredSession[]>();
  for (const s of store.sessions) {
    const key = sessionKey(s.stationId, s.transactionRef);
    stored.set(key, [...(stored.get(key) ?? []), s]);
  }
  const cdrsBySession = new Map<string, Map<string, number>>();
  for (const cdr of store.cdrMessages) {
    const ids = cdrsBySession.get(cdr.sessionId) ?? new Map<string, number>();
    ids.set(cdr.cdrId, cdr.energyWh);
    cdrsBySession.set(cdr.sessionId, ids);
  }

  let sessions = 0;
  let cdrs = 0;
  for (const [key, session] of ledger.sessions) {
    if (!session.started) {
      lost++;
      problem(`${key}: the end was acknowledged but no start was`);
      continue;
    }
    sessions++;
    if (!session.ended) {
      lost++;
      problem(`${key}: the station's end message was never acknowledged`);
    }
    const rows = stored.get(key) ?? [];
    stored.delete(key);
    if (rows.length === 0) {
      lost++;
      problem(`${key}: no session stored`);
      continue;
    }
    if (rows.length > 1) {
      duplicated += rows.length - 1;
      problem(`${key}: ${rows.length} sessions stored`);
    }
    const row = rows[0];
    if (row.status !== 'Ended') {
      lost++;
      problem(`${key}: stored session is ${row.status}, no end record`);
    }
    const expected =
      session.meterStopWh !== undefined && session.meterStartWh !== undefined ? session.meterStopWh - session.meterStartWh : undefined;
    if (session.ended && expected !== undefined && Math.abs(row.energyWh - expected) > ENERGY_TOLERANCE_WH) {
      energyMismatches++;
      problem(`${key}: stored energy ${row.energyWh} Wh, the meter says ${expected} Wh`);
    }
    const cdrRows = store.cdrRows.get(row.id) ?? 0;
    const published = cdrsBySession.get(row.id);
    if (cdrRows === 0 || !published) {
      lost++;
      problem(`${key}: CDR missing (${cdrRows} rows, ${published?.size ?? 0} published)`);
    } else {
      cdrs += published.size;
      if (cdrRows > 1 || published.size > 1) {
        duplicated += Math.max(cdrRows, published.size) - 1;
        problem(`${key}: ${cdrRows} CDR rows and ${published.size} distinct CDR ids published`);
      }
      for (const energy of published.values()) {
        if (expected !== undefined && session.ended && Math.abs(energy - expected) > ENERGY_TOLERANCE_WH) {
          energyMismatches++;
          problem(`${key}: CDR energy ${energy} Wh, the meter says ${expected} Wh`);
        }
      }
    }
  }
  // Sessions Voltlane stored that no station acknowledged starting: phantoms / duplicates.
  for (const [key, rows] of stored) {
    duplicated += rows.length;
    problem(`${key}: stored ${rows.length} session(s) no station started`);
  }
  const ids = new Map<number, number>();
  for (const s of store.sessions) if (s.transactionId !== null) ids.set(s.transactionId, (ids.get(s.transactionId) ?? 0) + 1);
  for (const [id, n] of ids) {
    if (n > 1) {
      duplicated += n - 1;
      problem(`transaction id ${id} stored ${n} times`);
    }
  }
  if (ledger.duplicatedStarts > 0) {
    duplicated += ledger.duplicatedStarts;
    problem(`${ledger.duplicatedStarts} StartTransaction request(s) answered with a second transaction id`);
  }

  let samples = 0;
  const rowsLeft = new Map(store.sampleRows);
  for (const sample of ledger.samples.values()) {
    const n = rowsLeft.get(sample.key) ?? 0;
    rowsLeft.delete(sample.key);
    if (!sample.accepted) continue;
    samples++;
    if (n === 0) {
      lost++;
      problem(`sample ${sample.key}: not stored`);
    } else if (n > 1) {
      duplicated += n - 1;
      problem(`sample ${sample.key}: stored ${n} times`);
    }
  }
  for (const [key, n] of rowsLeft) {
    duplicated += n;
    problem(`sample ${key}: stored ${n} time(s) but never sent`);
  }
  let refusedWithoutRetry = 0;
  for (const [actionCode, n] of Object.entries(ledger.calls.errorsByActionCode)) {
    if (isTransactionMessage(actionCode.split(' ')[0])) continue;
    refusedWithoutRetry += n;
    problem(`${n} ${actionCode} CALLERROR(s): the stations do not retry ${actionCode.split(' ')[0]}`);
  }
  if (ledger.transactionMessagesGivenUp > 0)
    problem(`${ledger.transactionMessagesGivenUp} transaction message(s) never accepted after every retry`);

  return {
    sessions,
    samples,
    cdrs,
    lost,
    duplicated,
    energyMismatches,
    givenUp: ledger.transactionMessagesGivenUp,
    unansweredCalls: ledger.calls.unanswered,
    callErrors: ledger.calls.errors,
    refusedWithoutRetry,
    callErrorsByActionCode: ledger.calls.errorsByActionCode,
    problems,
  };
}

/** A round passes when nothing is lost, duplicated, mis-metered, given up or refused where stations do not retry. */
export function roundPassed(counts: RoundCounts): boolean {
  return (
    counts.lost === 0 &&
    counts.duplicated === 0 &&
    counts.energyMismatches === 0 &&
    counts.givenUp === 0 &&
    counts.refusedWithoutRetry === 0
  );
}
