import { BillingError, BillingErrorCode } from '../billing-error';
import { minorUnitsOf } from '../money/currency';
import { decimal } from '../money/decimal';
import { assertTimeZone } from '../time/zoned-time';
import { bandRanges, minuteOfDay } from './local-time';
import type { Tariff } from './tariff';

function invalid(tariff: Tariff, message: string, details: Record<string, unknown> = {}): never {
  throw new BillingError(BillingErrorCode.InvalidTariff, `tariff ${tariff.id} v${tariff.version}: ${message}`, details);
}

function price(tariff: Tariff, value: string | undefined, what: string): void {
  if (value === undefined) return;
  let parsed;
  try {
    parsed = decimal(value, what);
  } catch {
    invalid(tariff, `${what} "${value}" is not a decimal`, { field: what });
  }
  if (parsed.isNegative()) invalid(tariff, `${what} must not be negative`, { field: what });
}

/**
 * Checks a tariff against its rules; throws `InvalidTariff` (or `UnknownCurrency`,
 * `UnknownTimeZone`) naming the first broken one. Called before a tariff is stored and before it
 * is used.
 */
export function validateTariff(tariff: Tariff): Tariff {
  minorUnitsOf(tariff.currency);
  assertTimeZone(tariff.timeZone);
  if (!Number.isInteger(tariff.version) || tariff.version < 1) invalid(tariff, 'version must be a positive integer');
  price(tariff, tariff.energyPerKwh, 'energyPerKwh');
  price(tariff, tariff.chargingPerMinute, 'chargingPerMinute');
  price(tariff, tariff.idlePerMinute, 'idlePerMinute');
  price(tariff, tariff.sessionFee, 'sessionFee');
  price(tariff, tariff.taxRatePercent, 'taxRatePercent');
  if (decimal(tariff.taxRatePercent).greaterThan(100)) invalid(tariff, 'taxRatePercent must be at most 100');
  if (!Number.isInteger(tariff.idleGraceMinutes) || tariff.idleGraceMinutes < 0)
    invalid(tariff, 'idleGraceMinutes must be a non-negative integer');
  if (tariff.rounding !== 'HALF_UP' && tariff.rounding !== 'HALF_EVEN') invalid(tariff, `unknown rounding "${String(tariff.rounding)}"`);
  if (tariff.validTo && tariff.validTo.getTime() <= tariff.validFrom.getTime()) invalid(tariff, 'validTo must be after validFrom');
  const names = new Set<string>();
  const taken: { name: string; range: [number, number] }[] = [];
  for (const band of tariff.bands) {
    if (!band.name || names.has(band.name)) invalid(tariff, `band names must be unique and non-empty ("${band.name}")`);
    names.add(band.name);
    const from = minuteOfDay(band.from, `band ${band.name} from`);
    const to = minuteOfDay(band.to, `band ${band.name} to`);
    if (from === 1440) invalid(tariff, `band ${band.name} cannot start at 24:00`);
    if (band.from === band.to) invalid(tariff, `band ${band.name} is empty (from = to); use 00:00–24:00 for a whole day`);
    price(tariff, band.energyPerKwh, `band ${band.name} energyPerKwh`);
    price(tariff, band.chargingPerMinute, `band ${band.name} chargingPerMinute`);
    price(tariff, band.idlePerMinute, `band ${band.name} idlePerMinute`);
    for (const range of bandRanges(from, to)) {
      const clash = taken.find((t) => t.range[0] < range[1] && range[0] < t.range[1]);
      if (clash) invalid(tariff, `bands ${clash.name} and ${band.name} overlap`, { bands: [clash.name, band.name] });
      taken.push({ name: band.name, range });
    }
  }
  return tariff;
}
