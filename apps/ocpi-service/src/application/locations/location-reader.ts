import type { Queryable } from '@voltlane/service-kit';
import {
  evseUid,
  toOcpiLocation,
  type CpoParty,
  type EvseRecord,
  type LocationRecord,
  type OcpiLocation,
} from '../../domain/location-mapping';
import { EvseRepository, type StoredEvse } from '../../persistence/evse.repository';
import { LocationRepository, type PlacedStation } from '../../persistence/location.repository';

/** A location with its stations and their EVSE rows, as stored. */
export interface LocationState {
  location: LocationRecord;
  stations: PlacedStation[];
  /** The published EVSEs (1…evseCount of each station). */
  evses: EvseRecord[];
}

/** The published EVSEs of these stations: 1…evseCount of each, with the station's tariff ids. */
export function publishedEvses(stations: readonly PlacedStation[], rows: readonly StoredEvse[], fallbackUpdated: Date): EvseRecord[] {
  const byKey = new Map(rows.map((r) => [`${r.stationId}\u0000${r.evseId}`, r]));
  return stations.flatMap((station) =>
    Array.from({ length: station.evseCount }, (_, i) => {
      const evseId = i + 1;
      const row = byKey.get(`${station.stationId}\u0000${evseId}`);
      return {
        stationId: station.stationId,
        evseId,
        uid: row?.uid ?? evseUid(station.stationId, evseId),
        status: row?.status ?? 'UNKNOWN',
        tariffIds: station.tariffIds,
        lastUpdated: row?.lastUpdated ?? fallbackUpdated,
      };
    }),
  );
}

/** Reads locations with their stations and EVSEs and builds the OCPI objects partners see. */
export class LocationReader {
  constructor(private readonly party: CpoParty) {}

  /** The state of each location (two reads whatever their number). */
  async states(db: Queryable, locations: readonly LocationRecord[]): Promise<LocationState[]> {
    const stations = await new LocationRepository(db).stationsOf(locations.map((l) => l.locationId));
    const rows = await new EvseRepository(db).ofStations(stations.map((s) => s.stationId));
    return locations.map((location) => {
      const own = stations.filter((s) => s.locationId === location.locationId);
      return { location, stations: own, evses: publishedEvses(own, rows, location.lastUpdated) };
    });
  }

  async state(db: Queryable, location: LocationRecord): Promise<LocationState> {
    return (await this.states(db, [location]))[0];
  }

  ocpi(state: LocationState): OcpiLocation {
    return toOcpiLocation(this.party, state.location, state.evses);
  }

  async ocpiLocations(db: Queryable, locations: readonly LocationRecord[]): Promise<OcpiLocation[]> {
    return (await this.states(db, locations)).map((s) => this.ocpi(s));
  }
}
