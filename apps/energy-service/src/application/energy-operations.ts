import type { AllocationQueries } from './allocations/allocation-queries';
import type { ExternalLimitsService } from './limits/external-limits.service';
import type { MeasuredLoadsService } from './limits/measured-loads.service';
import type { PriorityRulesService } from './limits/priority-rules.service';
import type { NodeService } from './topology/node.service';
import type { SiteService } from './topology/site.service';

/** The operator's side of the energy-service (its HTTP API, tests): topology, limits, loads, priorities, decisions. */
export interface EnergyOperations {
  readonly sites: SiteService;
  readonly nodes: NodeService;
  readonly limits: ExternalLimitsService;
  readonly loads: MeasuredLoadsService;
  readonly priorities: PriorityRulesService;
  /** The live allocation, its history and the flagged stations. */
  readonly allocations: AllocationQueries;
  /** "now", epoch ms (a test's fixed clock). */
  readonly clock: () => number;
}
