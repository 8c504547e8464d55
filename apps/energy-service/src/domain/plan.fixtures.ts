import type { EnergyNode } from '../persistence/node.repository';
import type { EnergySession } from '../persistence/session.repository';
import type { StationState } from '../persistence/station-state.repository';
import type { PlanSettings, SiteSnapshot } from './site-snapshot';

export const NOW = Date.parse('2024-01-15T10:00:00.000Z');
export const SETTINGS: PlanSettings = { acMinA: 6, dcMinKw: 5, holdOffMs: 60_000, headroomA: 2 };

export function node(nodeId: string, parentId: string | null, kind: EnergyNode['kind'], extra: Partial<EnergyNode> = {}): EnergyNode {
  return {
    siteId: 'depot',
    nodeId,
    parentId,
    kind,
    name: null,
    limitA: null,
    limitKw: null,
    unmanagedA: [0, 0, 0],
    stationId: null,
    phaseRotation: null,
    evseCount: null,
    evseId: null,
    priority: null,
    maxA: null,
    dc: false,
    ...extra,
  };
}

export function session(sessionId: string, stationId: string, evseId: number | null, extra: Partial<EnergySession> = {}): EnergySession {
  return {
    sessionId,
    stationId,
    protocol: 'ocpp2.0.1',
    transactionRef: `tx-${sessionId}`,
    evseId,
    idTokenKey: null,
    startedAt: new Date(NOW - 60_000),
    endedAt: null,
    phases: null,
    measuredA: [null, null, null],
    measuredAt: null,
    underUseSince: null,
    needs: null,
    needsAt: null,
    evSchedule: null,
    ...extra,
  };
}

export function station(stationId: string, extra: Partial<StationState> = {}): StationState {
  return {
    stationId,
    connected: true,
    connectionId: 'c',
    changedAt: new Date(NOW - 3_600_000),
    flaggedAt: null,
    flagReason: null,
    ...extra,
  };
}

/** A 63 A site: cs-1 (two EVSE nodes of 32 A), cs-2 (rotation STR, 2 EVSEs, 32 A rating, no EVSE nodes). */
export function siteSnapshot(extra: Partial<SiteSnapshot> = {}): SiteSnapshot {
  return {
    siteId: 'depot',
    safetyMarginPct: 0,
    voltageV: 230,
    nodes: [
      node('grid', null, 'grid', { limitA: [63, 63, 63] }),
      node('cs-1', 'grid', 'station', { stationId: 'CS-1' }),
      node('cs-1-e1', 'cs-1', 'evse', { stationId: 'CS-1', evseId: 1, maxA: 32 }),
      node('cs-1-e2', 'cs-1', 'evse', { stationId: 'CS-1', evseId: 2, maxA: 32 }),
      node('cs-2', 'grid', 'station', { stationId: 'CS-2', phaseRotation: 'STR', evseCount: 2, maxA: 32 }),
    ],
    limits: [],
    loads: [],
    sessions: [],
    stations: new Map(),
    applied: [],
    rules: [],
    groups: new Map(),
    ...extra,
  };
}
