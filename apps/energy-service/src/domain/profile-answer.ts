import type { CommandResultEnvelope } from '@voltlane/contracts';

/** What a station's answer to SetChargingProfile means for the service. */
export type ProfileOutcome =
  /** Installed. */
  | { status: 'Accepted' }
  /** The station will not take profiles: it is flagged and its sessions count at their maximum. */
  | { status: 'Rejected'; reason: string }
  /** Offline, timed out, or some other error: sent again at the next plan. */
  | { status: 'Failed'; reason: string };

/** CALLERROR codes that say the station does not do smart charging at all. */
const REFUSING_ERRORS = new Set(['NotImplemented', 'NotSupported']);

/** Sorts a SetChargingProfile answer: Accepted; Rejected / NotSupported (result or CALLERROR) flag the station; the rest is retried. */
export function profileOutcome(result: Pick<CommandResultEnvelope, 'outcome' | 'payload' | 'error' | 'reason'>): ProfileOutcome {
  if (result.outcome === 'result') {
    const status = typeof result.payload?.status === 'string' ? result.payload.status : undefined;
    if (status === 'Accepted') return { status: 'Accepted' };
    if (status === 'Rejected' || status === 'NotSupported') return { status: 'Rejected', reason: `SetChargingProfile answered ${status}` };
    return { status: 'Failed', reason: `SetChargingProfile answered ${String(status)}` };
  }
  if (result.outcome === 'error' && result.error && REFUSING_ERRORS.has(result.error.code))
    return { status: 'Rejected', reason: `SetChargingProfile answered CALLERROR ${result.error.code}` };
  const detail = result.error ? `${result.error.code}: ${result.error.description}` : (result.reason ?? '');
  return { status: 'Failed', reason: `SetChargingProfile ${result.outcome}${detail ? ` (${detail})` : ''}` };
}
