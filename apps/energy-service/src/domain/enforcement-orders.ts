import type { AllocationResult } from '@voltlane/energy-domain';
import type { PlanInput } from './allocation-input';
import type { ProfileTarget } from './profiles';
import type { SiteSnapshot } from './site-snapshot';

/** One profile the enforcer is to install at a station. */
export interface ProfileOrder {
  stationId: string;
  sessionId: string | null;
  target: Omit<ProfileTarget, 'stackLevel'>;
  /** Send even when the deadband says the station has it (an EV asked again, a schedule was refused). */
  force?: boolean;
  /**
   * A re-apply after the station connected at this instant: skipped when the station already
   * accepted a profile here since then (a plan got there first; the re-apply's limit may be older).
   */
  connectedAt?: Date;
}

/**
 * What the plan asks to install, per connected station that is not flagged: a TxProfile per
 * decided session whose EVSE is known (2.x needs the EVSE; 1.6 its connector) first — a running
 * session's share is what a lower limit must reach soonest — then its fail-safe TxDefaultProfile
 * (when a limit is on its path). After a (re)connect StationReapply sends the default first.
 */
export function enforcementOrders(snapshot: SiteSnapshot, plan: PlanInput, result: AllocationResult): ProfileOrder[] {
  const voltageV = snapshot.voltageV;
  const decided = new Map(result.sessions.map((s) => [s.sessionId, s]));
  const enforceable = (stationId: string) => {
    const state = snapshot.stations.get(stationId);
    return !state || (state.connected && !state.flaggedAt);
  };
  const orders: ProfileOrder[] = [];
  for (const p of plan.sessions) {
    const share = decided.get(p.session.sessionId);
    if (p.fixed || !share || p.session.evseId === null || p.session.evseId <= 0 || !enforceable(p.session.stationId)) continue;
    orders.push({
      stationId: p.session.stationId,
      sessionId: p.session.sessionId,
      target: {
        purpose: 'TxProfile',
        evseId: p.session.evseId,
        transactionRef: p.session.transactionRef,
        limitA: share.limitA,
        phases: share.phases,
        dc: p.dc,
        voltageV,
      },
    });
  }
  for (const node of snapshot.nodes) {
    if (node.kind !== 'station' || !node.stationId || !enforceable(node.stationId)) continue;
    const limit = plan.failSafe.get(node.stationId);
    if (limit === null || limit === undefined) continue;
    orders.push({
      stationId: node.stationId,
      sessionId: null,
      target: { purpose: 'TxDefaultProfile', evseId: 0, limitA: limit, phases: 3, dc: node.dc, voltageV },
    });
  }
  return orders;
}
