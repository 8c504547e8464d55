import { decimal, type Tariff, type TimeBand } from '@voltlane/billing-domain';
import type { v21 } from '@voltlane/ocpp';

/**
 * The station-side id of a tariff version: `<tariff id>:<version>` (≤ 60 characters, the 2.1
 * limit). A new version is a new id on the station, so a station never keeps old prices under the
 * id of new ones.
 */
export function stationTariffId(tariff: Pick<Tariff, 'id' | 'version'>): string {
  return `${tariff.id}:${tariff.version}`;
}

/** Our tariff id and version from a station-side id; null when the id is not one of ours. */
export function parseStationTariffId(value: string): { tariffId: string; version: number } | null {
  const match = /^(.+):(\d{1,9})$/.exec(value);
  return match?.[1] ? { tariffId: match[1], version: Number(match[2]) } : null;
}

type PriceField = 'energyPerKwh' | 'chargingPerMinute' | 'idlePerMinute';

const isPriced = (value: string | undefined): value is string => value !== undefined && !decimal(value).isZero();
const amount = (value: string): number => Number(decimal(value).toString());

/** `HH:MM` of a band edge as OCPP writes it: 24:00 is the end of the day, `00:00`. */
const timeOfDay = (local: string): string => (local === '24:00' ? '00:00' : local);

/**
 * One price element per band that sets this component's price (its time of day as conditions),
 * then the base price without a time condition. OCPP 2.1 (I07): the first element whose
 * conditions hold applies, so band prices win inside their bands and the base price outside them;
 * a component priced nowhere is left out (free).
 */
function elements<T>(
  tariff: Tariff,
  field: PriceField,
  price: (value: number, conditions: v21.TariffConditionsType | undefined) => T,
  base: v21.TariffConditionsType = {},
): T[] {
  const priced = (band: TimeBand): band is TimeBand & Record<PriceField, string> => band[field] !== undefined;
  if (!isPriced(tariff[field]) && !tariff.bands.some((b) => isPriced(b[field]))) return [];
  const result = tariff.bands
    .filter(priced)
    .map((band) => price(amount(band[field]), { ...base, startTimeOfDay: timeOfDay(band.from), endTimeOfDay: timeOfDay(band.to) }));
  result.push(price(amount(tariff[field]), Object.keys(base).length > 0 ? base : undefined));
  return result;
}

/**
 * Our tariff version as the OCPP 2.1 TariffType a station calculates local costs with (I07–I12):
 * energy per kWh, charging time and idle time per minute (idle only after the grace period:
 * `minIdleTime`), the session fee as a fixed fee, time-of-day bands as `startTimeOfDay`/
 * `endTimeOfDay` conditions (local time of the station; our tariffs name their zone), VAT as the
 * tax rate of every component, and the name as the description. Prices are net, as in OCPP.
 */
export function toOcppTariff(tariff: Tariff, language?: string): v21.TariffType {
  const taxRates: v21.TaxRateType[] = [{ type: 'VAT', tax: amount(tariff.taxRatePercent) }];
  const withTax = <P>(prices: P[]) => (prices.length > 0 ? { prices, taxRates } : undefined);
  const strip = <O extends object>(o: O, conditions: v21.TariffConditionsType | undefined): O => (conditions ? { ...o, conditions } : o);
  const energy = withTax(elements(tariff, 'energyPerKwh', (priceKwh, c) => strip({ priceKwh }, c)));
  const chargingTime = withTax(elements(tariff, 'chargingPerMinute', (priceMinute, c) => strip({ priceMinute }, c)));
  const grace = tariff.idleGraceMinutes > 0 ? { minIdleTime: tariff.idleGraceMinutes * 60 } : {};
  const idleTime = withTax(elements(tariff, 'idlePerMinute', (priceMinute, c) => strip({ priceMinute }, c), grace));
  const fixedFee = isPriced(tariff.sessionFee) ? { prices: [{ priceFixed: amount(tariff.sessionFee) }], taxRates } : undefined;
  return {
    tariffId: stationTariffId(tariff),
    currency: tariff.currency,
    description: [{ format: 'UTF8', content: tariff.name.slice(0, 512), ...(language ? { language } : {}) }],
    validFrom: tariff.validFrom.toISOString(),
    ...(energy ? { energy } : {}),
    ...(chargingTime ? { chargingTime } : {}),
    ...(idleTime ? { idleTime } : {}),
    ...(fixedFee ? { fixedFee } : {}),
  };
}
