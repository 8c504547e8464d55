import { DEFAULT_CONNECTOR, type ConnectorSpec, type LocationFields } from '../../domain/location-mapping';
import type { PlacedStation } from '../../persistence/location.repository';
import { invalid } from '../push/operator-error';

/** What an operator PUTs (the operator API's body; the schema checked forms and lengths). */
export interface LocationInput {
  name?: string;
  address: string;
  city: string;
  postalCode?: string;
  state?: string;
  /** ISO 3166-1 alpha-3. */
  country: string;
  /** Decimal degrees as OCPI writes them (`52.090737`). */
  latitude: string;
  longitude: string;
  /** IANA zone (`Europe/Amsterdam`). */
  timeZone: string;
  parkingType?: string;
  publish?: boolean;
  stations: { stationId: string; evseCount?: number }[];
  connector?: Partial<ConnectorSpec>;
}

export const LOCATION_ID_PATTERN = '^[A-Za-z0-9._-]{1,36}$';
const LOCATION_ID = new RegExp(LOCATION_ID_PATTERN);

/** A location id from a path: one that cannot exist is refused naming the rule. */
export function checkLocationId(locationId: string): string {
  if (!LOCATION_ID.test(locationId))
    throw invalid('BadLocationId', `location id "${locationId}" must match ${LOCATION_ID_PATTERN}`, 'locationId');
  return locationId;
}

function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The stored form of an operator's location: the checks the schema cannot make (coordinates in
 * range, a time zone the runtime knows, each station once), defaults filled in (publish true, the
 * connector IEC_62196_T2 SOCKET AC_3_PHASE 230 V 32 A, one EVSE per station).
 */
export function locationFieldsOf(input: LocationInput): {
  fields: LocationFields;
  stations: Omit<PlacedStation, 'locationId' | 'tariffIds'>[];
} {
  if (Math.abs(Number(input.latitude)) > 90) throw invalid('BadCoordinates', `latitude ${input.latitude} is not within -90…90`, 'latitude');
  if (Math.abs(Number(input.longitude)) > 180)
    throw invalid('BadCoordinates', `longitude ${input.longitude} is not within -180…180`, 'longitude');
  if (!knownTimeZone(input.timeZone))
    throw invalid('UnknownTimeZone', `time zone ${input.timeZone} is not an IANA zone this runtime knows`, 'timeZone');
  const seen = new Set<string>();
  for (const station of input.stations) {
    if (seen.has(station.stationId)) throw invalid('DuplicateStation', `station ${station.stationId} is listed twice`, 'stations');
    seen.add(station.stationId);
  }
  const connector: ConnectorSpec = { ...DEFAULT_CONNECTOR, ...input.connector };
  return {
    fields: {
      name: input.name ?? null,
      address: input.address,
      city: input.city,
      postalCode: input.postalCode ?? null,
      state: input.state ?? null,
      country: input.country,
      latitude: input.latitude,
      longitude: input.longitude,
      timeZone: input.timeZone,
      parkingType: input.parkingType ?? null,
      publish: input.publish ?? true,
      connector,
    },
    stations: input.stations.map((s) => ({ stationId: s.stationId, evseCount: s.evseCount ?? 1 })),
  };
}

/** The same fields and stations as stored already (a PUT that changes nothing is not pushed). */
export function sameLocation(
  stored: { fields: LocationFields; stations: readonly { stationId: string; evseCount: number }[] },
  next: { fields: LocationFields; stations: readonly { stationId: string; evseCount: number }[] },
): boolean {
  const stationsOf = (list: readonly { stationId: string; evseCount: number }[]) =>
    JSON.stringify([...list].map((s) => [s.stationId, s.evseCount]).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)));
  const sorted = (o: object) => JSON.stringify(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
  const fields = (f: LocationFields) => sorted({ ...f, connector: sorted(f.connector) });
  return fields(stored.fields) === fields(next.fields) && stationsOf(stored.stations) === stationsOf(next.stations);
}
