import { rowsOf, type Queryable } from '@voltlane/service-kit';
import {
  DEFAULT_CONNECTOR,
  type ConnectorSpec,
  type LocationAddress,
  type LocationFields,
  type LocationRecord,
} from '../domain/location-mapping';

/** A station placed at a location: its EVSEs 1…evseCount are the location's, with its connectors' tariff ids. */
export interface PlacedStation {
  stationId: string;
  locationId: string;
  evseCount: number;
  tariffIds: string[];
}

/** The address columns of a `locations` row. */
export interface LocationAddressRow {
  name: string | null;
  address: string;
  city: string;
  postal_code: string | null;
  state: string | null;
  country: string;
  latitude: string;
  longitude: string;
}

/** A location's address as its `locations` row holds it (country is a CHAR column: trimmed). */
export function locationAddressOf(row: LocationAddressRow): LocationAddress {
  return {
    name: row.name,
    address: row.address,
    city: row.city,
    postalCode: row.postal_code,
    state: row.state,
    country: row.country.trim(),
    latitude: row.latitude,
    longitude: row.longitude,
  };
}

interface LocationRow extends LocationAddressRow {
  location_id: string;
  time_zone: string;
  parking_type: string | null;
  publish: boolean;
  connector_defaults: Partial<ConnectorSpec>;
  created_at: Date;
  last_updated: Date;
}

interface StationRow {
  station_id: string;
  location_id: string;
  evse_count: number;
  tariff_ids: string[];
}

const COLUMNS =
  'location_id, name, address, city, postal_code, state, country, latitude, longitude, time_zone, parking_type, publish, connector_defaults, created_at, last_updated';

const locationOf = (row: LocationRow): LocationRecord => ({
  locationId: row.location_id,
  ...locationAddressOf(row),
  timeZone: row.time_zone,
  parkingType: row.parking_type,
  publish: row.publish,
  connector: { ...DEFAULT_CONNECTOR, ...row.connector_defaults },
  createdAt: row.created_at,
  lastUpdated: row.last_updated,
});

const stationOf = (row: StationRow): PlacedStation => ({
  stationId: row.station_id,
  locationId: row.location_id,
  evseCount: row.evse_count,
  tariffIds: row.tariff_ids,
});

/** Date filters of an OCPI pull (`last_updated` in [from, to)). */
export interface UpdatedBetween {
  from?: Date;
  to?: Date;
}

/** The `locations` and `location_stations` tables (plain SQL). */
export class LocationRepository {
  constructor(private readonly db: Queryable) {}

  /** The location, its row locked until the transaction ends (changes to one location are serialised). */
  async lock(locationId: string): Promise<LocationRecord | undefined> {
    const rows = rowsOf<LocationRow>(
      await this.db.query(`SELECT ${COLUMNS} FROM locations WHERE location_id = $1 FOR UPDATE`, [locationId]),
    );
    return rows[0] ? locationOf(rows[0]) : undefined;
  }

  async get(locationId: string): Promise<LocationRecord | undefined> {
    const rows = rowsOf<LocationRow>(await this.db.query(`SELECT ${COLUMNS} FROM locations WHERE location_id = $1`, [locationId]));
    return rows[0] ? locationOf(rows[0]) : undefined;
  }

  /** By OCPI id (a CiString: case-insensitive; an exact match first). */
  async getCaseInsensitive(locationId: string): Promise<LocationRecord | undefined> {
    const rows = rowsOf<LocationRow>(
      await this.db.query(`SELECT ${COLUMNS} FROM locations WHERE lower(location_id) = lower($1) ORDER BY location_id = $1 DESC LIMIT 1`, [
        locationId,
      ]),
    );
    return rows[0] ? locationOf(rows[0]) : undefined;
  }

  /** Creates or replaces the location's fields; `last_updated` = at. Resolves with whether it was created. */
  async upsert(locationId: string, fields: LocationFields, at: Date): Promise<{ location: LocationRecord; created: boolean }> {
    const rows = rowsOf<LocationRow & { created: boolean }>(
      await this.db.query(
        `INSERT INTO locations (location_id, name, address, city, postal_code, state, country, latitude, longitude, time_zone, parking_type,
                                publish, connector_defaults, created_at, last_updated)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $14)
         ON CONFLICT (location_id) DO UPDATE SET name = EXCLUDED.name, address = EXCLUDED.address, city = EXCLUDED.city,
           postal_code = EXCLUDED.postal_code, state = EXCLUDED.state, country = EXCLUDED.country, latitude = EXCLUDED.latitude,
           longitude = EXCLUDED.longitude, time_zone = EXCLUDED.time_zone, parking_type = EXCLUDED.parking_type,
           publish = EXCLUDED.publish, connector_defaults = EXCLUDED.connector_defaults, last_updated = EXCLUDED.last_updated
         RETURNING ${COLUMNS}, (xmax = 0) AS created`,
        [
          locationId,
          fields.name,
          fields.address,
          fields.city,
          fields.postalCode,
          fields.state,
          fields.country,
          fields.latitude,
          fields.longitude,
          fields.timeZone,
          fields.parkingType,
          fields.publish,
          JSON.stringify(fields.connector),
          at,
        ],
      ),
    );
    const row = rows[0];
    return { location: locationOf(row), created: row.created };
  }

  async delete(locationId: string): Promise<boolean> {
    const rows = rowsOf<{ location_id: string }>(
      await this.db.query(`DELETE FROM locations WHERE location_id = $1 RETURNING location_id`, [locationId]),
    );
    return rows.length > 0;
  }

  /** A location changed (one of its EVSEs did): `last_updated` = at. */
  async touch(locationId: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE locations SET last_updated = greatest(last_updated, $2) WHERE location_id = $1`, [locationId, at]);
  }

  /** The stations of these locations, by station id. */
  async stationsOf(locationIds: readonly string[]): Promise<PlacedStation[]> {
    if (locationIds.length === 0) return [];
    const rows = rowsOf<StationRow>(
      await this.db.query(
        `SELECT station_id, location_id, evse_count, tariff_ids FROM location_stations WHERE location_id = ANY($1::text[]) ORDER BY station_id`,
        [locationIds],
      ),
    );
    return rows.map(stationOf);
  }

  /** Where these stations are placed (those that are). */
  async placementsOf(stationIds: readonly string[]): Promise<PlacedStation[]> {
    if (stationIds.length === 0) return [];
    const rows = rowsOf<StationRow>(
      await this.db.query(
        `SELECT station_id, location_id, evse_count, tariff_ids FROM location_stations WHERE station_id = ANY($1::text[])`,
        [stationIds],
      ),
    );
    return rows.map(stationOf);
  }

  /** Every placed station (tariff refresh). */
  async allStations(): Promise<PlacedStation[]> {
    const rows = rowsOf<StationRow>(
      await this.db.query(`SELECT station_id, location_id, evse_count, tariff_ids FROM location_stations ORDER BY location_id, station_id`),
    );
    return rows.map(stationOf);
  }

  /**
   * The location's stations become exactly these (others leave it). Resolves with the stations
   * that could not be placed because another location holds them (a concurrent change).
   */
  async replaceStations(locationId: string, stations: readonly Omit<PlacedStation, 'locationId'>[]): Promise<string[]> {
    const ids = stations.map((s) => s.stationId);
    await this.db.query(`DELETE FROM location_stations WHERE location_id = $1 AND NOT (station_id = ANY($2::text[]))`, [locationId, ids]);
    if (stations.length === 0) return [];
    const placed = rowsOf<{ station_id: string }>(
      await this.db.query(
        `INSERT INTO location_stations (station_id, location_id, evse_count, tariff_ids)
         SELECT e->>'stationId', $1, (e->>'evseCount')::int, e->'tariffIds' FROM jsonb_array_elements($2::jsonb) AS e
         ON CONFLICT (station_id) DO UPDATE SET evse_count = EXCLUDED.evse_count, tariff_ids = EXCLUDED.tariff_ids
           WHERE location_stations.location_id = EXCLUDED.location_id
         RETURNING station_id`,
        [locationId, JSON.stringify(stations)],
      ),
    );
    const done = new Set(placed.map((r) => r.station_id));
    return ids.filter((id) => !done.has(id));
  }

  async setTariffIds(stationId: string, tariffIds: readonly string[]): Promise<void> {
    await this.db.query(`UPDATE location_stations SET tariff_ids = $2::jsonb WHERE station_id = $1`, [
      stationId,
      JSON.stringify(tariffIds),
    ]);
  }

  /** A page of locations by id (operator API). */
  async page(limit: number, offset: number): Promise<{ items: LocationRecord[]; total: number }> {
    const counted = rowsOf<{ count: string }>(await this.db.query(`SELECT count(*) AS count FROM locations`));
    const rows = rowsOf<LocationRow>(
      await this.db.query(`SELECT ${COLUMNS} FROM locations ORDER BY location_id LIMIT $1 OFFSET $2`, [limit, offset]),
    );
    return { items: rows.map(locationOf), total: Number(counted[0]?.count ?? 0) };
  }

  /**
   * A page for an OCPI pull: locations with EVSEs (at least one station; OCPI lists "Locations with
   * valid EVSEs"), `last_updated` in [from, to), oldest created first (stable while a partner pages through).
   */
  async pullPage(between: UpdatedBetween, limit: number, offset: number): Promise<{ items: LocationRecord[]; total: number }> {
    const where: string[] = ['EXISTS (SELECT 1 FROM location_stations s WHERE s.location_id = locations.location_id)'];
    const params: unknown[] = [];
    if (between.from) where.push(`last_updated >= $${params.push(between.from)}`);
    if (between.to) where.push(`last_updated < $${params.push(between.to)}`);
    const clause = `WHERE ${where.join(' AND ')}`;
    const counted = rowsOf<{ count: string }>(await this.db.query(`SELECT count(*) AS count FROM locations ${clause}`, params));
    const rows = rowsOf<LocationRow>(
      await this.db.query(
        `SELECT ${COLUMNS} FROM locations ${clause} ORDER BY created_at, location_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      ),
    );
    return { items: rows.map(locationOf), total: Number(counted[0]?.count ?? 0) };
  }
}
