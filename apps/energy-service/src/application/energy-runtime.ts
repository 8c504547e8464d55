import { OperatorCommands } from '@voltlane/api-kit';
import type { OcppCallHandler, ServiceContext, Startable } from '@voltlane/service-kit';
import type { EnergyServiceConfig } from '../config/energy-service-config';
import { energyHandlers } from '../handlers/handlers';
import { AllocationsPublisher } from '../messaging/allocations.publisher';
import { CustomerTokensConsumer } from '../messaging/customer-tokens.consumer';
import { MeteringSamplesConsumer } from '../messaging/metering-samples.consumer';
import { SessionsLifecycleConsumer } from '../messaging/sessions-lifecycle.consumer';
import { StationConnectionsConsumer } from '../messaging/station-connections.consumer';
import { AllocationWriterRepository } from '../persistence/allocation-writer.repository';
import { AppliedLimitRepository } from '../persistence/applied-limit.repository';
import { ExternalLimitRepository } from '../persistence/external-limit.repository';
import { MeasuredLoadRepository } from '../persistence/measured-load.repository';
import { NodeRepository } from '../persistence/node.repository';
import { PriorityRuleRepository } from '../persistence/priority-rule.repository';
import { SessionRepository } from '../persistence/session.repository';
import { SitePlanRepository } from '../persistence/site-plan.repository';
import { markStationSiteDue } from '../persistence/site-replan';
import { SiteRepository } from '../persistence/site.repository';
import { StationStateRepository } from '../persistence/station-state.repository';
import { TokenGroupRepository } from '../persistence/token-group.repository';
import { AfterAnswer } from '@voltlane/service-kit';
import { ProfileEnforcer } from './enforcement/profile-enforcer';
import { StationReapply } from './enforcement/station-reapply';
import { EvCharging } from './ev-charging';
import { HistorySweep } from './history-sweep';
import type { PlanSources } from './plan-loader';
import { Planner } from './planner';
import { SessionMetering } from './session-metering';
import { SessionTracker } from './session-tracker';
import { StationConnections } from './station-connections';
import { StationLimits } from './station-limits';

/** The load-management runtime as the handle offers it (tests run a plan pass, wait for the stations' answers). */
export interface EnergyRuntime {
  readonly planner: Planner;
  readonly enforcer: ProfileEnforcer;
  readonly sweep: HistorySweep;
  readonly publisher: AllocationsPublisher;
  /** Resolves when every profile queued so far, every re-apply after a connect and every follow-up of a station CALL has finished. */
  idle(): Promise<void>;
}

/** The runtime's parts for `compose`: the station CALLs it answers, what it runs, and its surface. */
export interface EnergyRuntimeParts {
  handlers: OcppCallHandler[];
  runs: Startable[];
  runtime: EnergyRuntime;
}

/**
 * Builds the load-management runtime: the consumers that keep sessions, stations and token groups,
 * the planner and its enforcer, the station CALL handlers and the history sweep (plain constructor
 * wiring, ADR 0018).
 */
export function composeEnergyRuntime(
  { config, dataSource, ports, logger }: ServiceContext<EnergyServiceConfig>,
  clock: () => number,
): EnergyRuntimeParts {
  const settings = config.energy;
  const debounceMs = settings.replanDebounceMs;
  const nodes = new NodeRepository(dataSource);
  const sites = new SiteRepository(dataSource);
  const sessions = new SessionRepository(dataSource);
  const stations = new StationStateRepository(dataSource);
  const applied = new AppliedLimitRepository(dataSource);
  const groups = new TokenGroupRepository(dataSource);
  const sources: PlanSources = {
    nodes,
    limits: new ExternalLimitRepository(dataSource),
    loads: new MeasuredLoadRepository(dataSource),
    sessions,
    stations,
    applied,
    rules: new PriorityRuleRepository(dataSource),
    groups,
  };
  const operator = new OperatorCommands(ports);
  const onRefused = async (stationId: string, reason: string): Promise<void> => {
    await stations.flag(stationId, reason, new Date(clock()));
    await markStationSiteDue(dataSource, stationId, `station-flagged:${stationId}`, 0);
  };
  const enforcer = new ProfileEnforcer(operator, applied, onRefused, settings, logger, clock, (id) => sessions.isActive(id));
  const publisher = new AllocationsPublisher(ports.publisher, config);
  const planner = new Planner(
    new SitePlanRepository(dataSource),
    sources,
    new AllocationWriterRepository(dataSource),
    publisher,
    enforcer,
    settings,
    logger,
    clock,
  );
  const reapply = new StationReapply(
    enforcer,
    operator,
    applied,
    sessions,
    stations,
    nodes,
    sites,
    onRefused,
    settings.commandTimeoutMs,
    logger,
  );
  const connections = new StationConnections(dataSource, stations, reapply, debounceMs, logger);
  const afterAnswer = new AfterAnswer(logger);
  const ev = new EvCharging(dataSource, sessions, applied, nodes, sites, enforcer, afterAnswer, settings.commandTimeoutMs, logger, clock);
  const metering = new SessionMetering(dataSource, sessions, applied, nodes, sites, sources, settings, logger);
  const sweep = new HistorySweep(new AllocationWriterRepository(dataSource), sessions, settings.historyDays, logger, clock);
  const idle = async (): Promise<void> => {
    await afterAnswer.idle();
    await connections.idle();
    await enforcer.idle();
  };
  return {
    handlers: energyHandlers({ limits: new StationLimits(dataSource, nodes, debounceMs), ev }),
    runs: [
      new CustomerTokensConsumer(ports, groups, config, logger),
      new SessionsLifecycleConsumer(ports, new SessionTracker(dataSource, sessions, debounceMs), config, logger),
      new MeteringSamplesConsumer(ports, metering, config, logger),
      new StationConnectionsConsumer(ports, connections, config, logger),
      // Stops after the planner: what the handlers and the planner queued is sent before the database closes.
      { start: () => undefined, stop: idle },
      planner,
      sweep,
    ],
    runtime: { planner, enforcer, sweep, publisher, idle },
  };
}
