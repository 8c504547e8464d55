import type { RoundingMode } from '../money/money';

/** A local wall-clock time `HH:MM` (00:00–24:00; 24:00 only as a band end). */
export type LocalTime = string;

/** Net unit prices (tax excluded) as decimal strings in the tariff currency. Absent = not overridden. */
export interface BandPrices {
  energyPerKwh?: string;
  chargingPerMinute?: string;
  idlePerMinute?: string;
}

/**
 * A time-of-day band: between `from` (inclusive) and `to` (exclusive) local time, in the tariff's
 * time zone, its prices replace the base prices. `to` at or before `from` crosses midnight
 * (22:00–06:00). Bands of one tariff never overlap; outside every band the base prices apply.
 */
export interface TimeBand extends BandPrices {
  /** Label of the band on cost lines (`night`); unique within the tariff. */
  name: string;
  from: LocalTime;
  to: LocalTime;
}

/**
 * One version of a tariff. A version never changes once used: a price change is a new version,
 * so a CDR's `tariff id + version` always names the prices it was computed with.
 */
export interface Tariff {
  id: string;
  version: number;
  name: string;
  /** ISO 4217. */
  currency: string;
  /** IANA zone the bands' local times are read in (Europe/Berlin). */
  timeZone: string;
  energyPerKwh: string;
  chargingPerMinute: string;
  /** Per minute connected but not charging, after the grace period. */
  idlePerMinute: string;
  /** Idle minutes per session that are free (counted from the first idle second on). */
  idleGraceMinutes: number;
  /** Flat fee per session. */
  sessionFee: string;
  bands: TimeBand[];
  /** VAT/sales tax in percent (`19`, `7.7`), applied on the rounded subtotal. */
  taxRatePercent: string;
  /** How each cost line and the tax are rounded to minor units. */
  rounding: RoundingMode;
  validFrom: Date;
  /** Exclusive; null = open-ended. */
  validTo: Date | null;
}

/** What a tariff assignment applies to, in precedence order customer group > station > default. */
export type TariffScope = { kind: 'customerGroup'; customerGroup: string } | { kind: 'station'; stationId: string } | { kind: 'default' };

export type TariffScopeKind = TariffScope['kind'];

export interface TariffAssignment {
  id: string;
  tariffId: string;
  scope: TariffScope;
  validFrom: Date;
  /** Exclusive; null = open-ended. */
  validTo: Date | null;
}
