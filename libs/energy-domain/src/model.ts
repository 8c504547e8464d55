/**
 * The allocator's input and output: a site's electrical tree, the sessions under it and what
 * each gets. Pure data: no clocks, no I/O. Currents are amperes per phase, on the grid's phases
 * (index 0 = L1, 1 = L2, 2 = L3); the service maps a station's own phases onto the grid's with the
 * station's phase rotation (`gridPhases`) before it calls the allocator.
 */

/** Grid phase index: 0 = L1, 1 = L2, 2 = L3. */
export type GridPhase = 0 | 1 | 2;

/** A value per grid phase (L1, L2, L3). */
export type PhaseCurrents = readonly [number, number, number];

export type NodeKind = 'grid' | 'circuit' | 'station' | 'evse';

/** One node of a site's tree: the grid connection (root), a panel/circuit, a station or an EVSE. */
export interface LimitNode {
  id: string;
  /** null only for the root (the grid connection). */
  parentId: string | null;
  kind: NodeKind;
  /** Most current per grid phase, A (a breaker rating); undefined = no current limit on this node. */
  limitA?: PhaseCurrents;
  /** Most active power over all phases, kW; undefined = no power limit on this node. */
  limitKw?: number;
  /**
   * Current drawn under this node by loads nobody controls (building, heat pump; negative for
   * local generation), per grid phase, A: the fixed value plus the latest measured one.
   */
  unmanagedA: PhaseCurrents;
}

/** A limit imposed from outside (a grid operator's signal, a station's local controller) for a while. */
export interface ExternalLimit {
  nodeId: string;
  /** Per grid phase, A. */
  limitA?: PhaseCurrents;
  limitKw?: number;
  /** Epoch ms; undefined = since always / until cleared. */
  validFrom?: number;
  validTo?: number;
}

export interface SiteSettings {
  /** Every limit (current and power) is reduced by this share before anything is allocated, percent (0–50). */
  safetyMarginPct: number;
  /** Phase-to-neutral voltage used to convert A ↔ W, V (230). */
  voltageV: number;
}

/** One active session the allocator decides for. */
export interface SessionDemand {
  sessionId: string;
  /** The node the session hangs from: its EVSE node when the tree has one, else its station node. */
  nodeId: string;
  /** The grid phases it draws on: one (a 1-phase vehicle) or all three. DC sessions draw on all three. */
  gridPhases: readonly GridPhase[];
  /** Least it may get per phase when it charges at all, A (6 for AC; a DC minimum converted to A). */
  minA: number;
  /** Most it can take per phase, A: min(EVSE/connector rating, vehicle maximum). */
  maxA: number;
  /**
   * What it would draw now per phase, A (≤ maxA): its measured draw plus headroom once it has
   * drawn less than its share for the hold-off, else maxA. Capacity above it goes to others.
   */
  demandA: number;
  /** Higher is served first: keeps its minimum when others are paused, and is filled first. */
  priority: number;
  /** Epoch ms; ties within a priority go to the earlier session, then the lower sessionId. */
  startedAt: number;
  /**
   * The current an EV's charging needs require per phase to reach its energy by its departure
   * (ISO 15118); given, within the limits, before the fair sharing of the rest. Optional.
   */
  requiredA?: number;
}

/**
 * A draw the allocator cannot change but must leave room for: the sessions of a station that
 * rejects profiles (at their maximum), of a station that lost its connection (at the limit it
 * last accepted), or the fail-safe default limit of an idle EVSE on an offline station.
 */
export interface FixedDraw {
  /** For the reasons and the per-session answer; a session id when it is one. */
  id: string;
  nodeId: string;
  gridPhases: readonly GridPhase[];
  currentA: number;
  /** Why it is fixed (flagged, offline, …): echoed in the result. */
  reason: string;
}

export interface AllocationInput {
  /** The whole tree of one site; exactly one root. */
  nodes: readonly LimitNode[];
  externalLimits: readonly ExternalLimit[];
  settings: SiteSettings;
  sessions: readonly SessionDemand[];
  fixed: readonly FixedDraw[];
  /** Epoch ms: decides which external limits are in force. */
  now: number;
}

export type AllocationStatus =
  /** Got all it demands. */
  | 'Satisfied'
  /** Got less than it demands: a limit (named in `limitingNodeId`) or its fair share stopped it. */
  | 'Capped'
  /** Gets 0: even its minimum did not fit, and sessions of higher priority (or earlier) kept theirs. */
  | 'Paused';

export interface SessionAllocation {
  sessionId: string;
  /** Per phase, A, rounded down to 0.1 A; 0 when paused; otherwise ≥ minA. */
  limitA: number;
  /** 1 or 3: the number of phases the limit applies to. */
  phases: number;
  status: AllocationStatus;
  /** The node whose limit (on some phase, or its power) bound this session; absent when its demand bound it. */
  limitingNodeId?: string;
  /** One line a person reads: why this session got this limit. */
  reason: string;
}

export interface NodeLoad {
  nodeId: string;
  /** The limit in force per phase after external limits and the safety margin, A; undefined = none. */
  effectiveLimitA?: PhaseCurrents;
  /** The power limit in force after external limits and the margin, kW; undefined = none. */
  effectiveLimitKw?: number;
  /** Allocated + fixed + unmanaged under this node, per phase, A. */
  plannedA: PhaseCurrents;
  /** plannedA as power over the three phases, kW. */
  plannedKw: number;
}

export interface AllocationResult {
  /** One per input session, in input order. */
  sessions: SessionAllocation[];
  /** One per node, in input order. */
  nodes: NodeLoad[];
  /** Nodes whose fixed and unmanaged loads alone already exceed their limit (nothing the allocator can fix). */
  overcommitted: string[];
}
