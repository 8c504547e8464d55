import { createHash } from 'node:crypto';
import { BillingError, BillingErrorCode, catalogOf, decimal, selectTariff } from '@voltlane/billing-domain';
import type { TariffBandSnapshot, TariffCatalogEntry, TariffVersionSnapshot } from '@voltlane/contracts';

/** TariffDimensionType (mod_tariffs). */
export type TariffDimension = 'ENERGY' | 'FLAT' | 'PARKING_TIME' | 'TIME';

export interface OcpiPriceComponent {
  type: TariffDimension;
  /** Per unit, excl. VAT: per kWh (ENERGY), per hour (TIME, PARKING_TIME), per session (FLAT). */
  price: number;
  /** VAT percentage; absent = no VAT applies. */
  vat?: number;
  /** Billed in blocks of this many Wh / seconds: 1, as the billing-service prices exact quantities. */
  step_size: number;
}

export interface OcpiTariffRestrictions {
  start_time?: string;
  end_time?: string;
}

export interface OcpiTariffElement {
  price_components: OcpiPriceComponent[];
  restrictions?: OcpiTariffRestrictions;
}

/** The OCPI Tariff object (2.2.1), the fields this CPO fills. */
export interface OcpiTariff {
  country_code: string;
  party_id: string;
  id: string;
  currency: string;
  tariff_alt_text: { language: string; text: string }[];
  elements: OcpiTariffElement[];
  start_date_time?: string;
  end_date_time?: string;
  last_updated: string;
}

const ID_MAX = 36;

/**
 * A tariff's OCPI `id` (CiString(36)): the billing-service's tariff id (a uuid), or the first 36
 * hex digits of its SHA-256 when it is longer or not printable ASCII. CDRs and connectors name
 * tariffs with this too.
 */
export function ocpiTariffId(tariffId: string): string {
  return tariffId.length <= ID_MAX && /^[\x20-\x7e]+$/.test(tariffId)
    ? tariffId
    : createHash('sha256').update(tariffId).digest('hex').slice(0, ID_MAX);
}

const validAt = (v: Pick<TariffVersionSnapshot, 'validFrom' | 'validTo'>, at: number): boolean =>
  Date.parse(v.validFrom) <= at && (v.validTo === null || at < Date.parse(v.validTo));

/**
 * The version partners are shown: the one in force at `now` (the highest valid version, as the
 * billing-service picks it for a session), else the next to come into force; none when every
 * version has ended (the tariff is withdrawn).
 */
export function publishedVersion(entry: Pick<TariffCatalogEntry, 'versions'>, now: Date): TariffVersionSnapshot | undefined {
  const at = now.getTime();
  const current = entry.versions.filter((v) => validAt(v, at)).sort((a, b) => b.version - a.version)[0];
  if (current) return current;
  return entry.versions
    .filter((v) => Date.parse(v.validFrom) > at)
    .sort((a, b) => Date.parse(a.validFrom) - Date.parse(b.validFrom) || b.version - a.version)[0];
}

type PriceField = 'energyPerKwh' | 'chargingPerMinute' | 'idlePerMinute';

/** The dimension, and the factor from our unit to OCPI's (per minute → per hour). */
const DIMENSIONS: readonly { field: PriceField; type: TariffDimension; factor: number }[] = [
  { field: 'energyPerKwh', type: 'ENERGY', factor: 1 },
  { field: 'chargingPerMinute', type: 'TIME', factor: 60 },
  { field: 'idlePerMinute', type: 'PARKING_TIME', factor: 60 },
];

const number = (value: string, factor = 1): number => Number(decimal(value).times(factor).toString());
const isZero = (value: string): boolean => decimal(value).isZero();

/** `HH:MM` of a band edge as OCPI writes it: the end of the day (24:00) is `00:00`. */
const timeOfDay = (local: string): string => (local === '24:00' ? '00:00' : local);

function bandRestrictions(band: TariffBandSnapshot): OcpiTariffRestrictions | undefined {
  const start = timeOfDay(band.from);
  const end = timeOfDay(band.to);
  // A band over the whole day restricts nothing (start = end would be read as an empty period).
  return start === end ? undefined : { start_time: start, end_time: end };
}

/**
 * The OCPI Tariff of a billing-service tariff (one `billing.tariffs.v1` record), or undefined when
 * no version is in force or to come. The shown version's prices (net, as OCPI's `price`):
 * - one element per time-of-day band that overrides a price, first, restricted to the band's
 *   `start_time`/`end_time` (local time of the location; a band over midnight wraps, as OCPI reads
 *   end < start), with the band's prices (a band price of 0 makes that dimension free in it);
 * - then one element without restrictions with the base prices: ENERGY per kWh, TIME per hour
 *   (charging minutes × 60), PARKING_TIME per hour (idle minutes × 60) and FLAT (the session fee);
 *   a base price of 0 is left out (free), and a tariff priced nowhere is one FLAT 0 (free of charge).
 * OCPI takes, per dimension, the first element whose restrictions match: band prices inside their
 * bands, base prices outside them, as the billing-service prices sessions. The tax rate is every
 * component's `vat`; `step_size` is 1 (exact quantities). OCPI cannot express the free idle minutes
 * at the start of idle time (`idleGraceMinutes`): `tariff_alt_text` says so in words.
 */
export function toOcpiTariff(
  entry: TariffCatalogEntry,
  party: { countryCode: string; partyId: string },
  now: Date,
  lastUpdated: Date,
): OcpiTariff | undefined {
  const version = publishedVersion(entry, now);
  if (!version) return undefined;
  const vat = number(version.taxRatePercent);
  const component = (type: TariffDimension, price: number): OcpiPriceComponent => ({ type, price, vat, step_size: 1 });
  const elements: OcpiTariffElement[] = [];
  for (const band of version.bands) {
    const components = DIMENSIONS.flatMap(({ field, type, factor }) => {
      const value = band[field];
      return value === undefined ? [] : [component(type, number(value, factor))];
    });
    if (components.length === 0) continue;
    const restrictions = bandRestrictions(band);
    elements.push({ price_components: components, ...(restrictions ? { restrictions } : {}) });
  }
  const base = DIMENSIONS.filter(({ field }) => !isZero(version[field])).map(({ field, type, factor }) =>
    component(type, number(version[field], factor)),
  );
  if (!isZero(version.sessionFee)) base.push(component('FLAT', number(version.sessionFee)));
  if (base.length > 0) elements.push({ price_components: base });
  if (elements.length === 0) elements.push({ price_components: [component('FLAT', 0)] });
  const text = [version.name];
  if (version.idleGraceMinutes > 0 && !isZero(version.idlePerMinute))
    text.push(`The first ${version.idleGraceMinutes} minutes connected without charging are free of parking time costs.`);
  return {
    country_code: party.countryCode,
    party_id: party.partyId,
    id: ocpiTariffId(entry.tariffId),
    currency: version.currency,
    tariff_alt_text: [{ language: 'en', text: text.join(' ').slice(0, 512) }],
    elements,
    start_date_time: new Date(version.validFrom).toISOString(),
    ...(version.validTo !== null ? { end_date_time: new Date(version.validTo).toISOString() } : {}),
    last_updated: lastUpdated.toISOString(),
  };
}

/** JSON with the keys of every object sorted (a tariff read back from jsonb has its keys in another order). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** Two OCPI tariffs say the same (everything but `last_updated`, whatever the order of their keys). */
export function sameTariff(a: OcpiTariff | undefined | null, b: OcpiTariff | undefined | null): boolean {
  const strip = (t: OcpiTariff | undefined | null) => (t ? canonical({ ...t, last_updated: undefined }) : null);
  return strip(a) === strip(b);
}

/**
 * The OCPI ids of the tariffs a station's connectors show: the tariff the billing-service would
 * price a session without a customer group with at `now` (a station assignment before the default,
 * ADR 0016's rules: `selectTariff`), or none when no tariff applies.
 */
export function stationTariffIds(entries: readonly TariffCatalogEntry[], stationId: string, now: Date): string[] {
  const catalog = catalogOf(entries);
  try {
    const selected = selectTariff(catalog.assignments, catalog.tariffs, { stationId, customerGroup: null, at: now });
    return [ocpiTariffId(selected.tariff.id)];
  } catch (error) {
    if (error instanceof BillingError && error.code === BillingErrorCode.NoApplicableTariff) return [];
    throw error;
  }
}
