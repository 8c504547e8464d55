import type { AppliedLimit } from '../persistence/applied-limit.repository';
import type { ExternalLimitRecord } from '../persistence/external-limit.repository';
import type { MeasuredLoad } from '../persistence/measured-load.repository';
import type { EnergyNode } from '../persistence/node.repository';
import type { PriorityRule } from '../persistence/priority-rule.repository';
import type { EnergySession } from '../persistence/session.repository';
import type { StationState } from '../persistence/station-state.repository';

/** Everything the planner reads about one site, as stored (read in one go by the plan loader). */
export interface SiteSnapshot {
  siteId: string;
  safetyMarginPct: number;
  voltageV: number;
  /** The tree, parents first. */
  nodes: readonly EnergyNode[];
  /** External limits not cleared and not over. */
  limits: readonly ExternalLimitRecord[];
  loads: readonly MeasuredLoad[];
  /** The running sessions of the site's stations. */
  sessions: readonly EnergySession[];
  /** Connection state and flags of the site's stations (a station never seen counts as connected). */
  stations: ReadonlyMap<string, StationState>;
  applied: readonly AppliedLimit[];
  rules: readonly PriorityRule[];
  /** Id token key → group key, for the sessions' tokens. */
  groups: ReadonlyMap<string, string>;
}

/** The service's settings the plan uses. */
export interface PlanSettings {
  acMinA: number;
  dcMinKw: number;
  holdOffMs: number;
  headroomA: number;
}
