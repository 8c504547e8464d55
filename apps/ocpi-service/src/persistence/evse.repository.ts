import type { StationConnectorStatus } from '@voltlane/contracts';
import { rowsOf, type Queryable } from '@voltlane/service-kit';
import { evseUid, type OcpiEvseStatus } from '../domain/location-mapping';

/** The last OCPP status of a connector (or, under key `0`, of the whole EVSE / station) and when it began. */
export interface ConnectorState {
  status: StationConnectorStatus;
  at: string;
}

/**
 * One station EVSE as stored. Row `evse_id = 0` holds the station-wide status (1.6 connector 0,
 * 2.x EVSE 0) and is never published; `connectors['0']` of an EVSE row is its EVSE-wide status.
 */
export interface StoredEvse {
  stationId: string;
  evseId: number;
  uid: string;
  /** The OCPI status as published. */
  status: OcpiEvseStatus;
  connectors: Record<string, ConnectorState>;
  connected: boolean;
  lastUpdated: Date;
}

/** A station's connection as last reported on stations.connections.v1. */
export interface StationConnection {
  connected: boolean;
  connectionId: string;
  changedAt: Date;
}

interface EvseRow {
  station_id: string;
  evse_id: number;
  uid: string;
  status: OcpiEvseStatus;
  connectors: Record<string, ConnectorState>;
  connected: boolean;
  last_updated: Date;
}

const COLUMNS = 'station_id, evse_id, uid, status, connectors, connected, last_updated';

const evseOf = (row: EvseRow): StoredEvse => ({
  stationId: row.station_id,
  evseId: row.evse_id,
  uid: row.uid,
  status: row.status,
  connectors: row.connectors,
  connected: row.connected,
  lastUpdated: row.last_updated,
});

/** Advisory-lock namespace of "one station's EVSE statuses are being changed" (the second key hashes the schema and the station id). */
const STATION_LOCK_SPACE = 0x0c_b1_00_02;

/** The `evses` and `station_connections` tables (plain SQL). */
export class EvseRepository {
  constructor(private readonly db: Queryable) {}

  /** Serialises changes to one station's EVSEs (status and connection records arrive on different consumers) until the transaction ends. */
  async lockStation(stationId: string): Promise<void> {
    await this.db.query(`SELECT pg_advisory_xact_lock($1::int, hashtext(current_schema() || '/' || $2))`, [STATION_LOCK_SPACE, stationId]);
  }

  /** The station's EVSE rows (the station-wide row 0 included), by EVSE id. */
  async ofStation(stationId: string): Promise<StoredEvse[]> {
    const rows = rowsOf<EvseRow>(await this.db.query(`SELECT ${COLUMNS} FROM evses WHERE station_id = $1 ORDER BY evse_id`, [stationId]));
    return rows.map(evseOf);
  }

  /** The published EVSE rows (EVSE id ≥ 1) of these stations. */
  async ofStations(stationIds: readonly string[]): Promise<StoredEvse[]> {
    if (stationIds.length === 0) return [];
    const rows = rowsOf<EvseRow>(
      await this.db.query(`SELECT ${COLUMNS} FROM evses WHERE station_id = ANY($1::text[]) AND evse_id > 0 ORDER BY station_id, evse_id`, [
        stationIds,
      ]),
    );
    return rows.map(evseOf);
  }

  /** By OCPI uid (a CiString: case-insensitive; an exact match first). */
  async byUid(uid: string): Promise<StoredEvse | undefined> {
    const rows = rowsOf<EvseRow>(
      await this.db.query(`SELECT ${COLUMNS} FROM evses WHERE lower(uid) = lower($1) AND evse_id > 0 ORDER BY uid = $1 DESC LIMIT 1`, [
        uid,
      ]),
    );
    return rows[0] ? evseOf(rows[0]) : undefined;
  }

  /**
   * Stores a connector's OCPP status unless a newer one is stored (a late record changes nothing);
   * resolves with whether it was stored.
   */
  async recordConnector(stationId: string, evseId: number, key: string, state: ConnectorState): Promise<boolean> {
    const rows = rowsOf<{ evse_id: number }>(
      await this.db.query(
        `INSERT INTO evses (station_id, evse_id, uid, connectors) VALUES ($1, $2, $3, jsonb_build_object($4::text, $5::jsonb))
         ON CONFLICT (station_id, evse_id) DO UPDATE SET connectors = evses.connectors || EXCLUDED.connectors
           WHERE NOT (evses.connectors ? $4::text) OR (evses.connectors -> $4::text ->> 'at')::timestamptz <= ($5::jsonb ->> 'at')::timestamptz
         RETURNING evse_id`,
        [stationId, evseId, evseUid(stationId, evseId), key, JSON.stringify(state)],
      ),
    );
    return rows.length > 0;
  }

  /** Rows for these EVSEs of the station where there are none yet (a station placed before it reported). */
  async ensure(stationId: string, evseIds: readonly number[]): Promise<void> {
    if (evseIds.length === 0) return;
    await this.db.query(
      `INSERT INTO evses (station_id, evse_id, uid) SELECT $1, e.id, e.uid FROM jsonb_to_recordset($2::jsonb) AS e(id int, uid text)
       ON CONFLICT (station_id, evse_id) DO NOTHING`,
      [stationId, JSON.stringify(evseIds.map((id) => ({ id, uid: evseUid(stationId, id) })))],
    );
  }

  /** The EVSE's published OCPI status changed at `at`. */
  async setStatus(stationId: string, evseId: number, status: OcpiEvseStatus, at: Date): Promise<void> {
    await this.db.query(`UPDATE evses SET status = $3, last_updated = $4 WHERE station_id = $1 AND evse_id = $2`, [
      stationId,
      evseId,
      status,
      at,
    ]);
  }

  /** The station's connection changed: every row of it says so (its status is recomputed apart). */
  async markConnected(stationId: string, connected: boolean): Promise<void> {
    await this.db.query(`UPDATE evses SET connected = $2 WHERE station_id = $1 AND connected <> $2`, [stationId, connected]);
  }

  /** The EVSEs of these stations changed otherwise (their location's connector was replaced): `last_updated` = at. */
  async touch(stationIds: readonly string[], at: Date): Promise<void> {
    if (stationIds.length === 0) return;
    await this.db.query(`UPDATE evses SET last_updated = greatest(last_updated, $2) WHERE station_id = ANY($1::text[]) AND evse_id > 0`, [
      stationIds,
      at,
    ]);
  }

  async connection(stationId: string): Promise<StationConnection | undefined> {
    const rows = rowsOf<{ connected: boolean; connection_id: string; changed_at: Date }>(
      await this.db.query(`SELECT connected, connection_id, changed_at FROM station_connections WHERE station_id = $1`, [stationId]),
    );
    const row = rows[0];
    return row ? { connected: row.connected, connectionId: row.connection_id, changedAt: row.changed_at } : undefined;
  }

  async setConnection(stationId: string, connection: StationConnection): Promise<void> {
    await this.db.query(
      `INSERT INTO station_connections (station_id, connected, connection_id, changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (station_id) DO UPDATE SET connected = EXCLUDED.connected, connection_id = EXCLUDED.connection_id, changed_at = EXCLUDED.changed_at`,
      [stationId, connection.connected, connection.connectionId, connection.changedAt],
    );
  }
}
