import { BillingDecimal, Money, splitByBands, usageFromTotals, type Tariff } from '@voltlane/billing-domain';
import type { BillingCdr, CdrCostComponent } from '@voltlane/contracts';
import {
  hoursOf,
  NOT_AVAILABLE,
  ocpiDateTime,
  ocpiNumber,
  priceOf,
  type OcpiCdrDimension,
  type OcpiCdrToken,
  type OcpiChargingPeriod,
  type OcpiPrice,
  type PublishedStation,
  type SessionOrigin,
  type SessionPlace,
} from './session-mapping';
import { DEFAULT_CONNECTOR, type OcpiLocation } from './location-mapping';
import { ocpiTariffId, type OcpiTariff } from './tariff-mapping';

// OCPI 2.2.1 CDR (mod_cdrs) built from a billing.cdrs.v1 record. Pure: money stays exact decimal
// until it becomes an OCPI number; the caller reads the token, location and tariffs.

/** The fields a CdrLocation takes from the OCPI Location. */
type CdrLocationAddress = Pick<OcpiLocation, 'id' | 'name' | 'address' | 'city' | 'postal_code' | 'state' | 'country' | 'coordinates'>;

/** OCPI `CdrLocation`: the location, only the EVSE and connector charged at. */
export interface OcpiCdrLocation extends CdrLocationAddress {
  evse_uid: string;
  evse_id: string;
  connector_id: string;
  connector_standard: string;
  connector_format: string;
  connector_power_type: string;
}

/** OCPI 2.2.1 `CDR`. */
export interface OcpiCdr {
  country_code: string;
  party_id: string;
  id: string;
  start_date_time: string;
  end_date_time: string;
  session_id: string;
  cdr_token: OcpiCdrToken;
  auth_method: SessionOrigin['authMethod'];
  authorization_reference?: string;
  cdr_location: OcpiCdrLocation;
  currency: string;
  tariffs: OcpiTariff[];
  charging_periods: OcpiChargingPeriod[];
  total_cost: OcpiPrice;
  total_fixed_cost?: OcpiPrice;
  total_energy: number;
  total_energy_cost?: OcpiPrice;
  total_time: number;
  total_time_cost?: OcpiPrice;
  total_parking_time?: number;
  total_parking_cost?: OcpiPrice;
  remark?: string;
  last_updated: string;
}

export interface CdrInput {
  cdr: BillingCdr;
  cpo: { countryCode: string; partyId: string };
  cdrToken: OcpiCdrToken;
  origin: SessionOrigin;
  location: OcpiCdrLocation;
  /** The OCPI tariffs relevant to the CDR (the one that priced it, as at the session start). */
  tariffs: OcpiTariff[];
  /** The tariff version that priced the CDR (from the catalog), to cut the periods at its bands; undefined: not cut. */
  tariff: Tariff | undefined;
  now: Date;
}

/**
 * The cost of one component (the sum of its lines, net) as a Price; incl_vat = net × (1 + rate)
 * rounded to minor units with the tariff's rounding, as billing rounds its tax. Undefined when
 * the CDR has no line of the component.
 */
export function componentCost(cdr: BillingCdr, component: CdrCostComponent): OcpiPrice | undefined {
  const lines = cdr.lines.filter((l) => l.component === component);
  if (lines.length === 0) return undefined;
  const net = Money.sum(
    lines.map((l) => Money.of(l.amount.amount, cdr.currency)),
    cdr.currency,
  );
  const rate = new BillingDecimal(cdr.tariff.taxRatePercent).dividedBy(100);
  const gross = net.plus(net.times(rate).round(cdr.tariff.rounding));
  return priceOf(net.toString(), gross.toString());
}

interface Piece {
  from: number;
  to: number;
  kind: 'charging' | 'idle' | 'other';
}

/**
 * The charging periods of a CDR, laid out as billing priced it (usageFromTotals: charging from
 * the start, idle time up to the end, anything between neither) and cut wherever the tariff's
 * time-of-day band changes: a charging piece carries its share of the energy (spread evenly over
 * the charging time, the last piece takes the remainder so the shares add up exactly) and its
 * TIME; an idle piece its PARKING_TIME; the time between them ENERGY 0. Every period names the
 * tariff. A session of no duration is one period at its start. Also the idle time, ms.
 */
export function chargingPeriodsOf(cdr: BillingCdr, tariff: Tariff | undefined): { periods: OcpiChargingPeriod[]; parkingMs: number } {
  const startedAt = new Date(cdr.startedAt);
  const endedAt = new Date(Math.max(startedAt.getTime(), new Date(cdr.endedAt).getTime()));
  const usage = usageFromTotals(
    { startedAt, endedAt, energyWh: String(cdr.energyWh), chargingSeconds: cdr.chargingSeconds, idleSeconds: cdr.idleSeconds },
    endedAt,
  );
  const split = (from: number, to: number, kind: Piece['kind']): Piece[] =>
    to <= from
      ? []
      : tariff && kind !== 'other'
        ? splitByBands({ from, to }, tariff).map((p) => ({ from: p.from, to: p.to, kind }))
        : [{ from, to, kind }];
  const charging = usage.chargingIntervals.flatMap((i) => split(i.from.getTime(), (i.to ?? endedAt).getTime(), 'charging'));
  const idle = usage.idleIntervals.flatMap((i) => split(i.from.getTime(), (i.to ?? endedAt).getTime(), 'idle'));
  const chargingEnd = charging.at(-1)?.to ?? startedAt.getTime();
  const idleStart = idle[0]?.from ?? endedAt.getTime();
  const pieces = [...charging, ...split(chargingEnd, idleStart, 'other'), ...idle];

  const kwh = new BillingDecimal(String(cdr.energyWh)).dividedBy(1000);
  const chargingMs = charging.reduce((sum, p) => sum + p.to - p.from, 0);
  let given = new BillingDecimal(0);
  const shares = charging.map((piece, index) => {
    const share =
      index === charging.length - 1
        ? kwh.minus(given)
        : kwh
            .times(piece.to - piece.from)
            .dividedBy(chargingMs)
            .toDecimalPlaces(6);
    given = given.plus(share);
    return share;
  });
  const tariffId = ocpiTariffId(cdr.tariff.id);
  const periods = pieces.map((piece, index): OcpiChargingPeriod => {
    const hours = hoursOf(new BillingDecimal(piece.to - piece.from).dividedBy(1000));
    const dimensions: OcpiCdrDimension[] =
      piece.kind === 'charging'
        ? [
            { type: 'ENERGY', volume: ocpiNumber(shares[index]) },
            { type: 'TIME', volume: hours },
          ]
        : piece.kind === 'idle'
          ? [{ type: 'PARKING_TIME', volume: hours }]
          : [{ type: 'ENERGY', volume: 0 }];
    return { start_date_time: new Date(piece.from).toISOString(), dimensions, tariff_id: tariffId };
  });
  const parkingMs = idle.reduce((sum, p) => sum + p.to - p.from, 0);
  if (charging.length > 0) return { periods, parkingMs };
  // No charging time (a session of no duration, or only idle time reported): the energy goes to the first period.
  const energy: OcpiCdrDimension = { type: 'ENERGY', volume: ocpiNumber(kwh) };
  const first = periods[0];
  if (!first)
    return {
      periods: [{ start_date_time: startedAt.toISOString(), dimensions: [energy, { type: 'TIME', volume: 0 }], tariff_id: tariffId }],
      parkingMs,
    };
  first.dimensions = [energy, ...first.dimensions.filter((d) => d.type !== 'ENERGY')];
  return { periods, parkingMs };
}

/**
 * The OCPI CDR of a billing CDR: id = cdrId, the CPO's party, the session's token and
 * authorization, its location, the totals (money exact from the decimal strings: total_cost
 * excl./incl. VAT as billed; per component the net sum of its lines), energy in kWh, times in
 * hours, the charging periods and the tariffs.
 */
export function ocpiCdrOf(input: CdrInput): OcpiCdr {
  const { cdr, cpo, cdrToken, origin, location, tariffs, tariff, now } = input;
  const { periods, parkingMs } = chargingPeriodsOf(cdr, tariff);
  const startMs = new Date(cdr.startedAt).getTime();
  const endMs = Math.max(startMs, new Date(cdr.endedAt).getTime());
  const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
    value === undefined ? {} : ({ [key]: value } as Record<K, V>);
  return {
    country_code: cpo.countryCode,
    party_id: cpo.partyId,
    id: cdr.cdrId,
    start_date_time: ocpiDateTime(cdr.startedAt),
    end_date_time: ocpiDateTime(new Date(endMs)),
    session_id: cdr.sessionId,
    cdr_token: cdrToken,
    auth_method: origin.authMethod,
    ...optional('authorization_reference', origin.authorizationReference),
    cdr_location: location,
    currency: cdr.currency,
    tariffs,
    charging_periods: periods,
    total_cost: priceOf(cdr.totalExclTax.amount, cdr.totalInclTax.amount),
    ...optional('total_fixed_cost', componentCost(cdr, 'sessionFee')),
    total_energy: ocpiNumber(new BillingDecimal(String(cdr.energyWh)).dividedBy(1000)),
    ...optional('total_energy_cost', componentCost(cdr, 'energy')),
    total_time: hoursOf(new BillingDecimal(endMs - startMs).dividedBy(1000)),
    ...optional('total_time_cost', componentCost(cdr, 'chargingTime')),
    total_parking_time: hoursOf(new BillingDecimal(parkingMs).dividedBy(1000)),
    ...optional('total_parking_cost', componentCost(cdr, 'idleTime')),
    ...optional('remark', cdr.stoppedReason === null ? undefined : `Stopped: ${cdr.stoppedReason}`),
    last_updated: now.toISOString(),
  };
}

/**
 * The CDR's `cdr_location`: the published location with the EVSE and connector charged at (the
 * location's connector standard, format and power type; every EVSE has one connector). A station
 * in no location has no address, city, country or coordinates to give: those are `#NA` (OCPI's
 * "no data available"), the location id is the station id (see placeOf).
 */
export function cdrLocationOf(place: SessionPlace, station: PublishedStation, evseId: string): OcpiCdrLocation {
  const location = station.location;
  const connector = location?.connector ?? DEFAULT_CONNECTOR;
  return {
    id: place.locationId,
    ...(location?.name ? { name: location.name } : {}),
    address: location?.address ?? NOT_AVAILABLE,
    city: location?.city ?? NOT_AVAILABLE,
    ...(location?.postalCode ? { postal_code: location.postalCode } : {}),
    ...(location?.state ? { state: location.state } : {}),
    country: location?.country ?? NOT_AVAILABLE,
    coordinates: { latitude: location?.latitude ?? NOT_AVAILABLE, longitude: location?.longitude ?? NOT_AVAILABLE },
    evse_uid: place.evseUid,
    evse_id: place.evseUid === NOT_AVAILABLE ? NOT_AVAILABLE : evseId,
    connector_id: place.connectorId,
    connector_standard: connector.standard,
    connector_format: connector.format,
    connector_power_type: connector.powerType,
  };
}
