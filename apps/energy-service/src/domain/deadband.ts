/** The last profile sent to an EVSE for one purpose, as far as the deadband needs it. */
export interface SentLimit {
  sessionId: string | null;
  limitA: number;
  phases: number;
  status: 'Sent' | 'Accepted' | 'Rejected' | 'Failed';
  sentAt: number;
}

export interface WantedLimit {
  sessionId: string | null;
  limitA: number;
  phases: number;
}

/** A lower limit is sent when it is lower by at least this (the rounding of a limit), A. */
const LOWER_BY_A = 0.05;

/**
 * Whether a limit must be sent: nothing sent yet, another session, the last send failed (or is a
 * send that never got its answer, older than `staleMs`), other phases, paused ↔ charging, any
 * lower limit (the sum under a node must hold), or a higher one by more than the deadband.
 */
export function mustSend(previous: SentLimit | null, wanted: WantedLimit, deadbandA: number, now: number, staleMs: number): boolean {
  if (!previous) return true;
  if (previous.sessionId !== wanted.sessionId) return true;
  if (previous.status === 'Failed' || previous.status === 'Rejected') return true;
  if (previous.status === 'Sent' && now - previous.sentAt > staleMs) return true;
  if (previous.phases !== wanted.phases) return true;
  if ((previous.limitA === 0) !== (wanted.limitA === 0)) return true;
  if (wanted.limitA <= previous.limitA - LOWER_BY_A) return true;
  return wanted.limitA > previous.limitA + deadbandA;
}
