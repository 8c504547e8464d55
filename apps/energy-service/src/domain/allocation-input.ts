import {
  failSafeLimitsA,
  gridPhasesOf,
  nextDemand,
  requiredCurrentA,
  type AllocationInput,
  type ExternalLimit,
  type FixedDraw,
  type GridPhase,
  type LimitNode,
  type PhaseCurrents,
  type SessionDemand,
} from '@voltlane/energy-domain';
import type { EnergyNode } from '../persistence/node.repository';
import type { EnergySession } from '../persistence/session.repository';
import { UNRATED_MAX_A } from './ev-needs';
import { sessionPriority } from './session-priority';
import type { PlanSettings, SiteSnapshot } from './site-snapshot';

/** How one session of the plan is treated. */
export interface PlannedSession {
  session: EnergySession;
  stationNode: EnergyNode;
  /** The node it hangs from (its EVSE node, else its station node). */
  nodeId: string;
  dc: boolean;
  /** The vehicle's phases (1–3; DC 3). */
  phases: 1 | 2 | 3;
  gridPhases: GridPhase[];
  maxA: number;
  /** Decided by the allocator, or a fixed draw the allocator leaves room for. */
  fixed?: { currentA: number; reason: string };
}

export interface PlanInput {
  input: AllocationInput;
  sessions: PlannedSession[];
  /** The fail-safe TxDefaultProfile limit per station id (null: no limit on its path). */
  failSafe: Map<string, number | null>;
}

const add = (a: PhaseCurrents, b: PhaseCurrents): PhaseCurrents => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const vehiclePhases = (n: number | null | undefined): 1 | 2 | 3 => (n === 1 || n === 2 ? n : 3);

/**
 * The allocator's input for one site at `now`: the tree with its unmanaged loads (fixed +
 * measured), the external limits, the settings; every running session on the site with its grid
 * phases (the station's rotation), minimum (AC minimum or the EV's, DC minimum as current), maximum
 * (EVSE and station ratings, the EV's maximum), demand (hold-off rule), priority (token/group rule
 * + EVSE priority) and the current its charging needs require; and the draws it cannot change:
 * sessions of a flagged station (at their maximum), of an offline station (at the limit it last
 * accepted, else its fail-safe), and the fail-safe limit of an offline station's idle EVSEs.
 */
export function planInput(snapshot: SiteSnapshot, settings: PlanSettings, now: number): PlanInput {
  const { voltageV } = snapshot;
  const measured = new Map(snapshot.loads.map((l) => [l.nodeId, l.currentA]));
  const nodes: LimitNode[] = snapshot.nodes.map((n) => ({
    id: n.nodeId,
    parentId: n.parentId,
    kind: n.kind,
    ...(n.limitA ? { limitA: n.limitA } : {}),
    ...(n.limitKw !== null ? { limitKw: n.limitKw } : {}),
    unmanagedA: add(n.unmanagedA, measured.get(n.nodeId) ?? [0, 0, 0]),
  }));
  const externalLimits: ExternalLimit[] = snapshot.limits.map((l) => ({
    nodeId: l.nodeId,
    ...(l.limitA ? { limitA: l.limitA } : {}),
    ...(l.limitKw !== null ? { limitKw: l.limitKw } : {}),
    ...(l.validFrom ? { validFrom: l.validFrom.getTime() } : {}),
    ...(l.validTo ? { validTo: l.validTo.getTime() } : {}),
  }));
  const siteSettings = { safetyMarginPct: snapshot.safetyMarginPct, voltageV };
  const stationNodes = new Map(snapshot.nodes.filter((n) => n.kind === 'station').map((n) => [n.stationId as string, n]));
  const evseNodes = new Map(snapshot.nodes.filter((n) => n.kind === 'evse').map((n) => [`${n.stationId}\u0000${n.evseId}`, n]));
  const evseCounts = Object.fromEntries(
    snapshot.nodes.filter((n) => n.kind === 'station' && n.evseCount !== null).map((n) => [n.nodeId, n.evseCount as number]),
  );
  const byStationNode = failSafeLimitsA({ nodes, externalLimits, settings: siteSettings, now, evseCounts, acMinA: settings.acMinA });
  const failSafe = new Map([...stationNodes].map(([stationId, node]) => [stationId, byStationNode.get(node.nodeId) ?? null]));
  const applied = new Map(snapshot.applied.filter((a) => a.purpose === 'TxProfile').map((a) => [`${a.stationId}\u0000${a.evseId}`, a]));

  const sessions: PlannedSession[] = [];
  const demands: SessionDemand[] = [];
  const fixed: FixedDraw[] = [];
  for (const session of snapshot.sessions) {
    const stationNode = stationNodes.get(session.stationId);
    if (!stationNode) continue;
    const evseNode = session.evseId !== null ? evseNodes.get(`${session.stationId}\u0000${session.evseId}`) : undefined;
    const dc = evseNode?.dc ?? stationNode.dc;
    const needs = session.needs?.chargingNeeds;
    const fromNeeds = needs ? requiredCurrentA(needs, now, voltageV, { phases: vehiclePhases(session.phases) }) : {};
    const phases: 1 | 2 | 3 = dc ? 3 : vehiclePhases(session.phases ?? fromNeeds.phases);
    const gridPhases: GridPhase[] = dc ? [0, 1, 2] : gridPhasesOf(stationNode.phaseRotation, phases);
    const ratings = [evseNode?.maxA, stationNode.maxA, fromNeeds.maxA].filter((r): r is number => typeof r === 'number' && r > 0);
    const maxA = ratings.length > 0 ? Math.min(...ratings) : UNRATED_MAX_A;
    const nodeId = evseNode?.nodeId ?? stationNode.nodeId;
    const planned: PlannedSession = { session, stationNode, nodeId, dc, phases, gridPhases, maxA };
    const state = snapshot.stations.get(session.stationId);
    const sent = session.evseId !== null ? applied.get(`${session.stationId}\u0000${session.evseId}`) : undefined;
    const sentToThis = sent && sent.sessionId === session.sessionId ? sent : undefined;
    if (state?.flaggedAt) {
      planned.fixed = {
        currentA: maxA,
        reason: `station ${session.stationId} is flagged (${state.flagReason ?? 'refuses profiles'}): counted at its maximum`,
      };
    } else if (state && !state.connected) {
      const last = sentToThis?.acceptedLimitA ?? failSafe.get(session.stationId) ?? maxA;
      planned.fixed = { currentA: Math.min(last, maxA), reason: `station ${session.stationId} is offline: counted at its last limit` };
    }
    sessions.push(planned);
    if (planned.fixed) {
      fixed.push({ id: session.sessionId, nodeId, gridPhases, currentA: planned.fixed.currentA, reason: planned.fixed.reason });
      continue;
    }
    const measuredMax = session.measuredAt ? Math.max(...session.measuredA.map((a) => a ?? 0)) : undefined;
    const demand = nextDemand({
      limitA: sentToThis?.limitA,
      measuredA: measuredMax,
      underUseSince: session.underUseSince?.getTime(),
      now,
      holdOffMs: settings.holdOffMs,
      headroomA: settings.headroomA,
      maxA,
    });
    const minA = Math.min(maxA, dc ? (settings.dcMinKw * 1000) / (voltageV * 3) : Math.max(settings.acMinA, fromNeeds.minA ?? 0));
    demands.push({
      sessionId: session.sessionId,
      nodeId,
      gridPhases,
      minA,
      maxA,
      demandA: Math.min(maxA, demand.demandA),
      priority: sessionPriority(
        session.idTokenKey,
        session.idTokenKey ? snapshot.groups.get(session.idTokenKey) : undefined,
        evseNode?.priority ?? null,
        snapshot.rules,
      ),
      startedAt: session.startedAt.getTime(),
      ...(fromNeeds.requiredA !== undefined ? { requiredA: Math.min(maxA, fromNeeds.requiredA) } : {}),
    });
  }
  fixed.push(...idleEvseDraws(snapshot, failSafe, evseNodes));
  return { input: { nodes, externalLimits, settings: siteSettings, sessions: demands, fixed, now }, sessions, failSafe };
}

/** An offline station's EVSEs without a session draw up to its fail-safe limit: one draw per idle EVSE. */
function idleEvseDraws(
  snapshot: SiteSnapshot,
  failSafe: ReadonlyMap<string, number | null>,
  evseNodes: ReadonlyMap<string, EnergyNode>,
): FixedDraw[] {
  const draws: FixedDraw[] = [];
  for (const node of snapshot.nodes) {
    if (node.kind !== 'station' || !node.stationId) continue;
    const state = snapshot.stations.get(node.stationId);
    const limit = failSafe.get(node.stationId);
    if (!state || state.connected || !limit) continue;
    const busy = new Set(snapshot.sessions.filter((s) => s.stationId === node.stationId).map((s) => s.evseId));
    const evses = [...evseNodes.values()].filter((e) => e.stationId === node.stationId);
    const idle = evses.length > 0 ? evses.filter((e) => !busy.has(e.evseId)).map((e) => e.nodeId) : [];
    if (evses.length === 0) {
      const count = Math.max(0, (node.evseCount ?? 1) - busy.size);
      for (let i = 0; i < count; i++) idle.push(node.nodeId);
    }
    idle.forEach((nodeId, i) =>
      draws.push({
        id: `${node.stationId}:idle:${i + 1}`,
        nodeId,
        gridPhases: [0, 1, 2],
        currentA: limit,
        reason: `idle EVSE of offline station ${node.stationId}: its fail-safe limit`,
      }),
    );
  }
  return draws;
}
