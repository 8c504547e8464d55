import { defineService, type ServiceHandle, type ServiceStartOptions } from '@voltlane/service-kit';
import { ENERGY_SERVICE, loadEnergyServiceConfig, type EnergyServiceConfig } from './config/energy-service-config';
import { ENERGY_MIGRATIONS } from './migrations/energy-migrations';
import { AllocationQueries } from './application/allocations/allocation-queries';
import type { EnergyOperations } from './application/energy-operations';
import { ExternalLimitsService } from './application/limits/external-limits.service';
import { MeasuredLoadsService } from './application/limits/measured-loads.service';
import { PriorityRulesService } from './application/limits/priority-rules.service';
import { NodeService } from './application/topology/node.service';
import { SiteService } from './application/topology/site.service';
import { GridLimitsConsumer } from './messaging/grid-limits.consumer';
import { SiteLoadsConsumer } from './messaging/site-loads.consumer';
import { composeEnergyRuntime, type EnergyRuntime } from './application/energy-runtime';

/** What the energy-service offers besides the RunningService contract (queries and commands for its API). */
export interface EnergySurface {
  /** Sites, trees, loads, limits, priorities and decisions: what the operator API uses. */
  readonly operations: EnergyOperations;
  /** The planner, its enforcer and the sweep (tests run a pass and wait for the stations' answers). */
  readonly runtime: EnergyRuntime;
}

export interface EnergyStartOptions extends ServiceStartOptions {
  /** Fixes "now" (tests): epoch ms. */
  clock?: () => number;
}

/**
 * The energy-service (load management): owns sites and their electrical trees, shares each site's
 * capacity between its active sessions (libs/energy-domain), and enforces the shares as charging
 * profiles through the operator-command path. Its tables come from the migrations; it maps no entities.
 */
export const energyService = defineService<EnergyServiceConfig, EnergySurface, EnergyStartOptions>({
  name: ENERGY_SERVICE,
  defaultSchema: 'energy',
  loadConfig: loadEnergyServiceConfig,
  service: (config) => config,
  entities: [],
  migrations: ENERGY_MIGRATIONS,
  compose: (context, { clock = Date.now }) => {
    const { config, dataSource, ports, logger } = context;
    // Topology, limits and the operator API.
    const debounceMs = config.energy.replanDebounceMs;
    const nodes = new NodeService(dataSource, debounceMs);
    const limits = new ExternalLimitsService(dataSource, nodes, debounceMs, clock);
    const loads = new MeasuredLoadsService(dataSource, nodes, debounceMs, clock);
    const operations: EnergyOperations = {
      sites: new SiteService(dataSource, debounceMs),
      nodes,
      limits,
      loads,
      priorities: new PriorityRulesService(dataSource, debounceMs),
      allocations: new AllocationQueries(dataSource, debounceMs),
      clock,
    };
    // Sessions, stations, the planner and its enforcer, the station CALLs (load management at runtime).
    const runtime = composeEnergyRuntime(context, clock);
    return {
      inbound: { handlers: runtime.handlers },
      runs: [new SiteLoadsConsumer(ports, loads, config, logger), new GridLimitsConsumer(ports, limits, config, logger), ...runtime.runs],
      surface: { operations, runtime: runtime.runtime } satisfies EnergySurface,
    };
  },
});

export type EnergyServiceHandle = ServiceHandle<EnergyServiceConfig, EnergySurface>;
