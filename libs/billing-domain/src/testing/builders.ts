import type { SessionUsage } from '../cost/session-usage';
import type { Tariff } from '../tariff/tariff';

/** A tariff that charges nothing, in EUR, Europe/Berlin; override what a case prices. */
export function aTariff(overrides: Partial<Tariff> = {}): Tariff {
  return {
    id: 'tariff-1',
    version: 1,
    name: 'Test',
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
    energyPerKwh: '0',
    chargingPerMinute: '0',
    idlePerMinute: '0',
    idleGraceMinutes: 0,
    sessionFee: '0',
    bands: [],
    taxRatePercent: '0',
    rounding: 'HALF_UP',
    validFrom: new Date('2020-01-01T00:00:00Z'),
    validTo: null,
    ...overrides,
  };
}

const MINUTE = 60_000;

/**
 * A finished session starting at `start` (ISO) that charges `chargingMinutes`, then idles
 * `idleMinutes`; energy in Wh.
 */
export function aSession(
  options: { start?: string; chargingMinutes?: number; idleMinutes?: number; energyWh?: number | string } = {},
): SessionUsage {
  const start = new Date(options.start ?? '2024-01-15T10:00:00Z');
  const chargingEnd = new Date(start.getTime() + (options.chargingMinutes ?? 60) * MINUTE);
  const end = new Date(chargingEnd.getTime() + (options.idleMinutes ?? 0) * MINUTE);
  return {
    startedAt: start,
    endedAt: end,
    energyWh: options.energyWh ?? 0,
    chargingIntervals: [{ from: start, to: chargingEnd }],
    idleIntervals: end > chargingEnd ? [{ from: chargingEnd, to: end }] : [],
  };
}

/** A session over [from, to) (ISO instants) that charges the whole time. */
export function aSessionBetween(from: string, to: string, energyWh: number | string = 0): SessionUsage {
  const start = new Date(from);
  const end = new Date(to);
  return { startedAt: start, endedAt: end, energyWh, chargingIntervals: [{ from: start, to: end }], idleIntervals: [] };
}
