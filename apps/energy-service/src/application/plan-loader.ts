import type { ClaimedSite } from '../persistence/site-plan.repository';
import type { AppliedLimitRepository } from '../persistence/applied-limit.repository';
import type { ExternalLimitRepository } from '../persistence/external-limit.repository';
import type { MeasuredLoadRepository } from '../persistence/measured-load.repository';
import type { NodeRepository } from '../persistence/node.repository';
import type { PriorityRuleRepository } from '../persistence/priority-rule.repository';
import type { SessionRepository } from '../persistence/session.repository';
import type { StationStateRepository } from '../persistence/station-state.repository';
import type { TokenGroupRepository } from '../persistence/token-group.repository';
import type { SiteSnapshot } from '../domain/site-snapshot';

/** The repositories a plan reads. */
export interface PlanSources {
  nodes: NodeRepository;
  limits: ExternalLimitRepository;
  loads: MeasuredLoadRepository;
  sessions: SessionRepository;
  stations: StationStateRepository;
  applied: AppliedLimitRepository;
  rules: PriorityRuleRepository;
  groups: TokenGroupRepository;
}

/** Reads everything one site's plan needs (SiteSnapshot). */
export async function loadSiteSnapshot(sources: PlanSources, site: ClaimedSite, now: Date): Promise<SiteSnapshot> {
  const [nodes, limits, loads, rules] = await Promise.all([
    sources.nodes.ofSite(site.siteId),
    sources.limits.current(site.siteId, now),
    sources.loads.ofSite(site.siteId),
    sources.rules.list(),
  ]);
  const stationIds = [...new Set(nodes.filter((n) => n.kind === 'station' && n.stationId).map((n) => n.stationId as string))];
  const [sessions, stations, applied] = await Promise.all([
    sources.sessions.activeOfStations(stationIds),
    sources.stations.ofStations(stationIds),
    sources.applied.ofStations(stationIds),
  ]);
  const tokens = [...new Set(sessions.map((s) => s.idTokenKey).filter((k): k is string => k !== null))];
  const groups = await sources.groups.groupsOf(tokens);
  return {
    siteId: site.siteId,
    safetyMarginPct: site.safetyMarginPct,
    voltageV: site.voltageV,
    nodes,
    limits,
    loads,
    sessions,
    stations,
    applied,
    rules,
    groups,
  };
}
