import type { NodeWithLoad } from '../application/topology/node.service';
import type { ExternalLimitRecord } from '../persistence/external-limit.repository';
import type { FlaggedStation, StoredAllocation } from '../persistence/allocation-history.repository';
import type { Site } from '../persistence/site.repository';

/** How the API shows what the service stores: times as ISO strings, nothing internal. */
const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export function siteView(site: Site) {
  return {
    siteId: site.siteId,
    name: site.name,
    safetyMarginPct: site.safetyMarginPct,
    voltageV: site.voltageV,
    replanDueAt: iso(site.replanDueAt),
    replanReasons: site.replanReasons,
    plannedAt: iso(site.plannedAt),
    createdAt: site.createdAt.toISOString(),
    updatedAt: site.updatedAt.toISOString(),
  };
}

export function nodeView(node: NodeWithLoad) {
  const { measuredLoad, ...fields } = node;
  return {
    ...fields,
    measuredLoad: measuredLoad && {
      currentA: measuredLoad.currentA,
      measuredAt: measuredLoad.measuredAt.toISOString(),
      source: measuredLoad.source,
    },
  };
}

export function limitView(limit: ExternalLimitRecord, now: number) {
  const { clearedAt: _cleared, ...fields } = limit;
  return {
    ...fields,
    validFrom: iso(limit.validFrom),
    validTo: iso(limit.validTo),
    createdAt: limit.createdAt.toISOString(),
    inForce: (limit.validFrom === null || limit.validFrom.getTime() <= now) && (limit.validTo === null || limit.validTo.getTime() > now),
  };
}

/** A decision: what the planner stored, with the row's own id, site, time and triggers over it. */
export function allocationView(allocation: StoredAllocation) {
  return {
    ...allocation.result,
    siteId: allocation.siteId,
    allocationId: allocation.allocationId,
    plannedAt: allocation.plannedAt.toISOString(),
    triggers: allocation.triggers,
  };
}

export function flaggedView(station: FlaggedStation) {
  return { ...station, flaggedAt: station.flaggedAt.toISOString() };
}
