import { BillingError, BillingErrorCode } from '../billing-error';
import type { LocalTime } from './tariff';

/** Minutes after local midnight of `HH:MM` (0–1440). */
export function minuteOfDay(time: LocalTime, what: string): number {
  const match = /^([01][0-9]|2[0-4]):([0-5][0-9])$/.exec(time);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || minutes > 1440) {
    throw new BillingError(BillingErrorCode.InvalidTariff, `${what} "${time}" is not a local time HH:MM between 00:00 and 24:00`, { time });
  }
  return minutes;
}

/** The band's minutes as one or two ranges within [0, 1440). */
export function bandRanges(from: number, to: number): [number, number][] {
  const start = from % 1440;
  const end = to % 1440;
  if (end > start) return [[start, end]];
  return [
    [start, 1440],
    [0, end],
  ].filter(([a, b]) => b > a) as [number, number][];
}

export function inBand(secondOfDay: number, from: number, to: number): boolean {
  return bandRanges(from, to).some(([a, b]) => secondOfDay >= a * 60 && secondOfDay < b * 60);
}
