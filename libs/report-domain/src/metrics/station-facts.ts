/**
 * The stored facts a report is computed from, for one station, as epoch milliseconds. Open
 * intervals (`end: null`) last until "now" of the computation.
 */

/** Connector key of the whole station: 1.6 connector 0 (no EVSE, connector 0). */
export const STATION_LEVEL = '0/0';

/** A connector's key: `<evseId or 0>/<connectorId>`. */
export function connectorKey(evseId: number | null | undefined, connectorId: number): string {
  return `${evseId ?? 0}/${connectorId}`;
}

/** Statuses in which a connector is occupied by a vehicle (utilisation). */
export const OCCUPIED_STATUSES: ReadonlySet<string> = new Set([
  'Preparing',
  'Charging',
  'SuspendedEV',
  'SuspendedEVSE',
  'Finishing',
  'Occupied',
]);
/** Statuses in which a connector (or, on connector 0, the whole station) cannot be used (uptime). */
export const DOWN_STATUSES: ReadonlySet<string> = new Set(['Faulted', 'Unavailable']);

export interface StatusInterval {
  /** connectorKey(); STATION_LEVEL for the whole station. */
  connector: string;
  status: string;
  start: number;
  end: number | null;
}

export interface OnlineInterval {
  start: number;
  end: number | null;
}

export interface FaultFact {
  at: number;
  errorCode: string;
}

export interface SessionFact {
  startedAt: number;
  endedAt: number | null;
  energyWh: number;
  chargingSeconds: number;
  idleSeconds: number;
}

export interface RevenueFact {
  /** Start of the CDR's session: revenue is attributed like the session. */
  startedAt: number;
  currency: string;
  totalExclTax: string;
  totalInclTax: string;
}

export interface StationFacts {
  stationId: string;
  /** The station's connectors (keys, without STATION_LEVEL). */
  connectors: string[];
  statuses: StatusInterval[];
  online: OnlineInterval[];
  faults: FaultFact[];
  sessions: SessionFact[];
  revenue: RevenueFact[];
}
