import { rowsOf, type Queryable } from './sql-values';

/** A station as load management sees it: connected or not, and flagged when it refuses profiles. */
export interface StationState {
  stationId: string;
  connected: boolean;
  connectionId: string | null;
  changedAt: Date;
  flaggedAt: Date | null;
  flagReason: string | null;
}

interface StationRow {
  station_id: string;
  connected: boolean;
  connection_id: string | null;
  changed_at: Date;
  flagged_at: Date | null;
  flag_reason: string | null;
}

const stateOf = (r: StationRow): StationState => ({
  stationId: r.station_id,
  connected: r.connected,
  connectionId: r.connection_id,
  changedAt: r.changed_at,
  flaggedAt: r.flagged_at,
  flagReason: r.flag_reason,
});

/** The `stations` table (stations.connections.v1 and the flags the enforcer sets). */
export class StationStateRepository {
  constructor(private readonly db: Queryable) {}

  /** A connection opened; an older event than the stored one changes nothing. Whether it was stored. */
  async connected(stationId: string, connectionId: string, at: Date): Promise<boolean> {
    const rows = rowsOf(
      await this.db.query(
        `INSERT INTO stations (station_id, connected, connection_id, changed_at) VALUES ($1, true, $2, $3)
         ON CONFLICT (station_id) DO UPDATE SET connected = true, connection_id = excluded.connection_id, changed_at = excluded.changed_at
         WHERE stations.changed_at <= excluded.changed_at
         RETURNING station_id`,
        [stationId, connectionId, at],
      ),
    );
    return rows.length > 0;
  }

  /** A connection closed: only the connection that is stored closes it (a station that reconnected elsewhere stays connected). */
  async disconnected(stationId: string, connectionId: string, at: Date): Promise<boolean> {
    const rows = rowsOf(
      await this.db.query(
        `INSERT INTO stations (station_id, connected, connection_id, changed_at) VALUES ($1, false, $2, $3)
         ON CONFLICT (station_id) DO UPDATE SET connected = false, changed_at = excluded.changed_at
         WHERE stations.changed_at <= excluded.changed_at AND stations.connection_id IS NOT DISTINCT FROM excluded.connection_id
         RETURNING station_id`,
        [stationId, connectionId, at],
      ),
    );
    return rows.length > 0;
  }

  /** Flags a station that refused a profile (kept from the first refusal until an operator clears it); true when it was not flagged. */
  async flag(stationId: string, reason: string, at: Date): Promise<boolean> {
    const rows = rowsOf<{ newly: boolean }>(
      await this.db.query(
        `INSERT INTO stations (station_id, connected, changed_at, flagged_at, flag_reason) VALUES ($1, true, $3, $3, $2)
         ON CONFLICT (station_id) DO UPDATE SET flagged_at = COALESCE(stations.flagged_at, excluded.flagged_at),
           flag_reason = CASE WHEN stations.flagged_at IS NULL THEN excluded.flag_reason ELSE stations.flag_reason END
         RETURNING (xmax = 0 OR flagged_at = $3) AS newly`,
        [stationId, reason.slice(0, 500), at],
      ),
    );
    return rows[0]?.newly ?? false;
  }

  async get(stationId: string): Promise<StationState | null> {
    const rows = rowsOf<StationRow>(await this.db.query('SELECT * FROM stations WHERE station_id = $1', [stationId]));
    return rows[0] ? stateOf(rows[0]) : null;
  }

  async ofStations(stationIds: readonly string[]): Promise<Map<string, StationState>> {
    if (stationIds.length === 0) return new Map();
    const rows = rowsOf<StationRow>(await this.db.query('SELECT * FROM stations WHERE station_id = ANY ($1)', [stationIds]));
    return new Map(rows.map((r) => [r.station_id, stateOf(r)]));
  }
}
