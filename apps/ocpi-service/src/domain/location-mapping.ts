import { createHash } from 'node:crypto';
import type { StationConnectorStatus } from '@voltlane/contracts';

/** OCPI 2.2.1 EVSE status (mod_locations Status enum). */
export const OCPI_EVSE_STATUSES = [
  'AVAILABLE',
  'BLOCKED',
  'CHARGING',
  'INOPERATIVE',
  'OUTOFORDER',
  'PLANNED',
  'REMOVED',
  'RESERVED',
  'UNKNOWN',
] as const;
export type OcpiEvseStatus = (typeof OCPI_EVSE_STATUSES)[number];

/** ConnectorType (mod_locations). */
export const OCPI_CONNECTOR_TYPES = [
  'CHADEMO',
  'CHAOJI',
  'DOMESTIC_A',
  'DOMESTIC_B',
  'DOMESTIC_C',
  'DOMESTIC_D',
  'DOMESTIC_E',
  'DOMESTIC_F',
  'DOMESTIC_G',
  'DOMESTIC_H',
  'DOMESTIC_I',
  'DOMESTIC_J',
  'DOMESTIC_K',
  'DOMESTIC_L',
  'DOMESTIC_M',
  'DOMESTIC_N',
  'DOMESTIC_O',
  'GBT_AC',
  'GBT_DC',
  'IEC_60309_2_single_16',
  'IEC_60309_2_three_16',
  'IEC_60309_2_three_32',
  'IEC_60309_2_three_64',
  'IEC_62196_T1',
  'IEC_62196_T1_COMBO',
  'IEC_62196_T2',
  'IEC_62196_T2_COMBO',
  'IEC_62196_T3A',
  'IEC_62196_T3C',
  'NEMA_5_20',
  'NEMA_6_30',
  'NEMA_6_50',
  'NEMA_10_30',
  'NEMA_10_50',
  'NEMA_14_30',
  'NEMA_14_50',
  'PANTOGRAPH_BOTTOM_UP',
  'PANTOGRAPH_TOP_DOWN',
  'TESLA_R',
  'TESLA_S',
] as const;
export const OCPI_CONNECTOR_FORMATS = ['SOCKET', 'CABLE'] as const;
export const OCPI_POWER_TYPES = ['AC_1_PHASE', 'AC_2_PHASE', 'AC_2_PHASE_SPLIT', 'AC_3_PHASE', 'DC'] as const;
export const OCPI_PARKING_TYPES = [
  'ALONG_MOTORWAY',
  'PARKING_GARAGE',
  'PARKING_LOT',
  'ON_DRIVEWAY',
  'ON_STREET',
  'UNDERGROUND_GARAGE',
] as const;

/** What every connector of a location is (one per EVSE; the operator sets it per location). */
export interface ConnectorSpec {
  standard: (typeof OCPI_CONNECTOR_TYPES)[number];
  format: (typeof OCPI_CONNECTOR_FORMATS)[number];
  powerType: (typeof OCPI_POWER_TYPES)[number];
  maxVoltage: number;
  maxAmperage: number;
  maxElectricPower?: number;
}

export const DEFAULT_CONNECTOR: ConnectorSpec = {
  standard: 'IEC_62196_T2',
  format: 'SOCKET',
  powerType: 'AC_3_PHASE',
  maxVoltage: 230,
  maxAmperage: 32,
};

/** The OCPI Connector object (2.2.1). */
export interface OcpiConnector {
  id: string;
  standard: ConnectorSpec['standard'];
  format: ConnectorSpec['format'];
  power_type: ConnectorSpec['powerType'];
  max_voltage: number;
  max_amperage: number;
  max_electric_power?: number;
  tariff_ids?: string[];
  last_updated: string;
}

/** The OCPI EVSE object (2.2.1), the fields this CPO fills. */
export interface OcpiEvse {
  uid: string;
  evse_id?: string;
  status: OcpiEvseStatus;
  capabilities: string[];
  connectors: OcpiConnector[];
  last_updated: string;
}

/** The OCPI Location object (2.2.1), the fields this CPO fills. */
export interface OcpiLocation {
  country_code: string;
  party_id: string;
  id: string;
  publish: boolean;
  name?: string;
  address: string;
  city: string;
  postal_code?: string;
  state?: string;
  country: string;
  coordinates: { latitude: string; longitude: string };
  parking_type?: string;
  evses: OcpiEvse[];
  operator?: { name: string };
  time_zone: string;
  last_updated: string;
}

/** What an operator sets on a location (PUT replaces all of it). */
export interface LocationFields {
  name: string | null;
  address: string;
  city: string;
  postalCode: string | null;
  state: string | null;
  country: string;
  latitude: string;
  longitude: string;
  timeZone: string;
  parkingType: string | null;
  publish: boolean;
  connector: ConnectorSpec;
}

/** Where a location is: its name and address fields. */
export type LocationAddress = Pick<
  LocationFields,
  'name' | 'address' | 'city' | 'postalCode' | 'state' | 'country' | 'latitude' | 'longitude'
>;

/** A location as stored: the operator's fields, its id and when it was created and last changed. */
export interface LocationRecord extends LocationFields {
  locationId: string;
  createdAt: Date;
  lastUpdated: Date;
}

/** The operator's fields of a stored location. */
export function operatorFieldsOf(location: LocationRecord): LocationFields {
  const { locationId: _id, createdAt: _created, lastUpdated: _updated, ...fields } = location;
  return fields;
}

/** One published EVSE of a location: a station EVSE with its current OCPI status. */
export interface EvseRecord {
  stationId: string;
  evseId: number;
  uid: string;
  status: OcpiEvseStatus;
  /** Tariff ids of its connector (the station's tariff). */
  tariffIds: string[];
  lastUpdated: Date;
}

/** Who this CPO is in OCPI objects. */
export interface CpoParty {
  countryCode: string;
  partyId: string;
  businessName: string;
}

/** What a status PATCH carries (the EVSE's connector is always id `1`). */
export const CONNECTOR_ID = '1';

/** Remote start/stop and unlock go through the operator-command path for every station. */
const EVSE_CAPABILITIES = ['REMOTE_START_STOP_CAPABLE', 'UNLOCK_CAPABLE'];

const UID_MAX = 36;
const EVSE_ID_MAX = 48;

/**
 * The EVSE's OCPI `uid` (CiString(36)): `<stationId>-<evseId>`, or, when that is longer than 36
 * characters, the first 36 hex digits of its SHA-256 (stable, and no station id is cut into another's).
 */
export function evseUid(stationId: string, evseId: number): string {
  const plain = `${stationId}-${evseId}`;
  return plain.length <= UID_MAX ? plain : createHash('sha256').update(plain).digest('hex').slice(0, UID_MAX);
}

/**
 * The eMI3 EVSE ID (`evse_id`, CiString(48)): `<CC>*<PARTY>*E<stationId>*<evseId>` with only
 * A-Z, 0-9 and `*` kept (upper-cased). When longer than 48 characters the station part becomes the
 * first hex digits of its SHA-256 (upper-cased) so that it fits and stays unique.
 */
export function emi3EvseId(party: Pick<CpoParty, 'countryCode' | 'partyId'>, stationId: string, evseId: number): string {
  const clean = (s: string) => s.toUpperCase().replace(/[^A-Z0-9*]/g, '');
  const station = clean(stationId);
  const prefix = `${clean(party.countryCode)}*${clean(party.partyId)}*E`;
  const suffix = `*${evseId}`;
  const full = `${prefix}${station}${suffix}`;
  if (full.length <= EVSE_ID_MAX) return full;
  const room = EVSE_ID_MAX - prefix.length - suffix.length;
  return `${prefix}${createHash('sha256').update(stationId).digest('hex').toUpperCase().slice(0, room)}${suffix}`;
}

/** An OCPP connector status as an OCPI EVSE status. */
export function ocpiStatusOf(status: StationConnectorStatus): OcpiEvseStatus {
  switch (status) {
    case 'Available':
      return 'AVAILABLE';
    case 'Occupied':
    case 'Charging':
    case 'Preparing':
    case 'SuspendedEV':
    case 'SuspendedEVSE':
    case 'Finishing':
      return 'CHARGING';
    case 'Reserved':
      return 'RESERVED';
    case 'Unavailable':
      return 'INOPERATIVE';
    case 'Faulted':
      return 'OUTOFORDER';
  }
}

/** Which status wins when an EVSE's connectors differ: in use, then reserved, then usable, then broken. */
const PRECEDENCE: readonly OcpiEvseStatus[] = ['CHARGING', 'RESERVED', 'AVAILABLE', 'BLOCKED', 'OUTOFORDER', 'INOPERATIVE', 'UNKNOWN'];

/** What is known about one EVSE of a station for its OCPI status. */
export interface EvseStatusInput {
  /** The station's connection: false → UNKNOWN ("also used when offline"). */
  connected: boolean;
  /** The last OCPP status of each connector of the EVSE (1.6: the connector that is the EVSE). */
  connectors: readonly StationConnectorStatus[];
  /** An EVSE-wide status (2.x connector 0 of the EVSE), when reported. */
  evseWide?: StationConnectorStatus;
  /** A station-wide status (1.6 connector 0, 2.x EVSE 0), when reported. */
  stationWide?: StationConnectorStatus;
}

/**
 * The OCPI status of an EVSE: UNKNOWN while its station is disconnected; else the most telling of
 * its connectors' statuses (one in use makes the EVSE CHARGING, any usable one AVAILABLE). An
 * EVSE-wide or station-wide Unavailable/Faulted makes it INOPERATIVE/OUTOFORDER unless a session
 * runs on it; with no connector status yet, the EVSE-wide or station-wide status is used.
 */
export function evseStatus(input: EvseStatusInput): OcpiEvseStatus {
  if (!input.connected) return 'UNKNOWN';
  const own = input.connectors.map(ocpiStatusOf);
  const base = PRECEDENCE.find((s) => own.includes(s)) ?? 'UNKNOWN';
  if (base === 'CHARGING') return base;
  for (const wide of [input.evseWide, input.stationWide]) {
    if (wide === undefined) continue;
    const mapped = ocpiStatusOf(wide);
    if (mapped === 'INOPERATIVE' || mapped === 'OUTOFORDER') return mapped;
  }
  if (base !== 'UNKNOWN') return base;
  const fallback = input.evseWide ?? input.stationWide;
  return fallback === undefined ? 'UNKNOWN' : ocpiStatusOf(fallback);
}

/** An instant as OCPI writes it (RFC 3339, UTC, `Z`). */
export const ocpiTime = (at: Date): string => at.toISOString();

export function toOcpiConnector(spec: ConnectorSpec, tariffIds: readonly string[], lastUpdated: Date): OcpiConnector {
  return {
    id: CONNECTOR_ID,
    standard: spec.standard,
    format: spec.format,
    power_type: spec.powerType,
    max_voltage: spec.maxVoltage,
    max_amperage: spec.maxAmperage,
    ...(spec.maxElectricPower !== undefined ? { max_electric_power: spec.maxElectricPower } : {}),
    ...(tariffIds.length > 0 ? { tariff_ids: [...tariffIds] } : {}),
    last_updated: ocpiTime(lastUpdated),
  };
}

export function toOcpiEvse(party: CpoParty, location: Pick<LocationRecord, 'connector'>, evse: EvseRecord): OcpiEvse {
  return {
    uid: evse.uid,
    evse_id: emi3EvseId(party, evse.stationId, evse.evseId),
    status: evse.status,
    capabilities: [...EVSE_CAPABILITIES],
    connectors: [toOcpiConnector(location.connector, evse.tariffIds, evse.lastUpdated)],
    last_updated: ocpiTime(evse.lastUpdated),
  };
}

/** The whole OCPI Location with its EVSEs (in station id, EVSE id order). */
export function toOcpiLocation(party: CpoParty, location: LocationRecord, evses: readonly EvseRecord[]): OcpiLocation {
  const ordered = [...evses].sort((a, b) => (a.stationId < b.stationId ? -1 : a.stationId > b.stationId ? 1 : a.evseId - b.evseId));
  const newest = ordered.reduce((max, e) => (e.lastUpdated > max ? e.lastUpdated : max), location.lastUpdated);
  return {
    country_code: party.countryCode,
    party_id: party.partyId,
    id: location.locationId,
    publish: location.publish,
    ...(location.name !== null ? { name: location.name } : {}),
    address: location.address,
    city: location.city,
    ...(location.postalCode !== null ? { postal_code: location.postalCode } : {}),
    ...(location.state !== null ? { state: location.state } : {}),
    country: location.country,
    coordinates: { latitude: location.latitude, longitude: location.longitude },
    ...(location.parkingType !== null ? { parking_type: location.parkingType } : {}),
    evses: ordered.map((e) => toOcpiEvse(party, location, e)),
    operator: { name: party.businessName.slice(0, 100) },
    time_zone: location.timeZone,
    last_updated: ocpiTime(newest),
  };
}

/** The body of an EVSE status PATCH (`last_updated` is required in every PATCH). */
export function evseStatusPatch(status: OcpiEvseStatus, lastUpdated: Date): { status: OcpiEvseStatus; last_updated: string } {
  return { status, last_updated: ocpiTime(lastUpdated) };
}
