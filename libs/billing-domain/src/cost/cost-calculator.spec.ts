import { BillingErrorCode } from '../billing-error';
import { decimalText } from '../money/decimal';
import type { Tariff } from '../tariff/tariff';
import { aSession, aSessionBetween, aTariff } from '../testing/builders';
import type { CostBreakdown } from './cost-breakdown';
import { calculateCost, runningCost } from './cost-calculator';
import type { SessionUsage } from './session-usage';

/** `component band quantity unit × unitPrice = amount`, quantity to 6 places. */
function lines(cost: CostBreakdown): string[] {
  return cost.lines.map(
    (l) =>
      `${l.component} ${l.band ?? '-'} ${decimalText(l.quantity.toDecimalPlaces(6))} ${l.unit} x ${l.unitPrice.toString()} = ${l.amount.toString()}`,
  );
}

function totals(cost: CostBreakdown): string {
  return `${cost.subtotal.toString()} + ${cost.tax.toString()} = ${cost.totalInclTax.toString()} ${cost.currency}`;
}

const night = { name: 'night', from: '22:00', to: '06:00' };
const earlyMorning = { name: 'early', from: '00:00', to: '03:00', chargingPerMinute: '0.01', energyPerKwh: '0.20' };
const inRepeatedHour = { name: 'late', from: '02:30', to: '05:00', chargingPerMinute: '0.01' };

interface Case {
  name: string;
  tariff: Partial<Tariff>;
  usage: SessionUsage;
  lines: string[];
  totals: string;
}

// Every expectation below is computed by hand in the comment beside it.
const cases: Case[] = [
  {
    // 12 345 Wh = 12.345 kWh × 0.35 = 4.32075 → 4.32; tax 4.32 × 19 % = 0.8208 → 0.82.
    name: 'energy only, with tax',
    tariff: { energyPerKwh: '0.35', taxRatePercent: '19' },
    usage: aSession({ chargingMinutes: 60, energyWh: 12_345 }),
    lines: ['energy - 12.345 kWh x 0.35 = 4.32'],
    totals: '4.32 + 0.82 = 5.14 EUR',
  },
  {
    // 90 min × 0.05 = 4.50; idle is not priced, so no idle line although 20 min idled.
    name: 'charging time only',
    tariff: { chargingPerMinute: '0.05' },
    usage: aSession({ chargingMinutes: 90, idleMinutes: 20, energyWh: 5_000 }),
    lines: ['chargingTime - 90 min x 0.05 = 4.50'],
    totals: '4.50 + 0.00 = 4.50 EUR',
  },
  {
    // 100 s = 1.666… min × 0.10 = 0.1666… → 0.17 (the exact quantity is priced, not 1.67).
    name: 'charging time in seconds',
    tariff: { chargingPerMinute: '0.10' },
    usage: aSessionBetween('2024-01-15T10:00:00Z', '2024-01-15T10:01:40Z'),
    lines: ['chargingTime - 1.666667 min x 0.10 = 0.17'],
    totals: '0.17 + 0.00 = 0.17 EUR',
  },
  {
    // 40 idle min − 15 grace = 25 min × 0.10 = 2.50.
    name: 'idle time after the grace period',
    tariff: { idlePerMinute: '0.10', idleGraceMinutes: 15 },
    usage: aSession({ chargingMinutes: 60, idleMinutes: 40 }),
    lines: ['idleTime - 25 min x 0.10 = 2.50'],
    totals: '2.50 + 0.00 = 2.50 EUR',
  },
  {
    // 10 idle min < 15 grace: nothing billed.
    name: 'idle time within the grace period',
    tariff: { idlePerMinute: '0.10', idleGraceMinutes: 15 },
    usage: aSession({ chargingMinutes: 60, idleMinutes: 10 }),
    lines: [],
    totals: '0.00 + 0.00 = 0.00 EUR',
  },
  {
    // 1.50 flat; tax 1.50 × 19 % = 0.285 → 0.29 (HALF_UP).
    name: 'flat session fee, tax rounded half up',
    tariff: { sessionFee: '1.50', taxRatePercent: '19' },
    usage: aSession({ chargingMinutes: 30, energyWh: 2_000 }),
    lines: ['sessionFee - 1 session x 1.50 = 1.50'],
    totals: '1.50 + 0.29 = 1.79 EUR',
  },
  {
    // Same, banker's rounding: 0.285 → 0.28.
    name: 'flat session fee, tax rounded half even',
    tariff: { sessionFee: '1.50', taxRatePercent: '19', rounding: 'HALF_EVEN' },
    usage: aSession({ chargingMinutes: 30 }),
    lines: ['sessionFee - 1 session x 1.50 = 1.50'],
    totals: '1.50 + 0.28 = 1.78 EUR',
  },
  {
    // Each line rounds on its own: 10 Wh × 0.50/kWh = 0.005 → 0.01; 6 s = 0.1 min × 0.05 = 0.005 → 0.01.
    // Total = sum of rounded lines = 0.02 (the unrounded sum would be 0.01). Tax 0.02 × 7.7 % = 0.00154 → 0.00.
    name: 'total is the sum of rounded lines; tax on the rounded subtotal',
    tariff: { energyPerKwh: '0.50', chargingPerMinute: '0.05', taxRatePercent: '7.7' },
    usage: aSessionBetween('2024-01-15T10:00:00Z', '2024-01-15T10:00:06Z', 10),
    lines: ['energy - 0.01 kWh x 0.50 = 0.01', 'chargingTime - 0.1 min x 0.05 = 0.01'],
    totals: '0.02 + 0.00 = 0.02 EUR',
  },
  {
    // Berlin in January is UTC+1. 21:00–07:00 local, 10 h, 10 000 Wh evenly = 1 kWh/h.
    // night 22:00–06:00 = 8 h = 8 kWh × 0.25 = 2.00; base 21–22 + 06–07 = 2 kWh × 0.40 = 0.80.
    name: 'time-of-day band across midnight',
    tariff: { energyPerKwh: '0.40', bands: [{ ...night, energyPerKwh: '0.25' }] },
    usage: aSessionBetween('2024-01-15T20:00:00Z', '2024-01-16T06:00:00Z', 10_000),
    lines: ['energy - 2 kWh x 0.40 = 0.80', 'energy night 8 kWh x 0.25 = 2.00'],
    totals: '2.80 + 0.00 = 2.80 EUR',
  },
  {
    // 2024-03-31 Berlin springs forward 02:00 CET → 03:00 CEST (01:00Z). 00:00 CET (23:00Z) to
    // 06:00 CEST (04:00Z) is 5 h, of which 00:00–03:00 local is only 2 h (23:00Z–01:00Z).
    // early: 120 min × 0.01 = 1.20 and 5 000 Wh × 2/5 = 2 kWh × 0.20 = 0.40;
    // base: 180 min × 0.02 = 3.60 and 3 kWh × 0.30 = 0.90.
    name: 'band on the day DST starts',
    tariff: { energyPerKwh: '0.30', chargingPerMinute: '0.02', bands: [earlyMorning] },
    usage: aSessionBetween('2024-03-30T23:00:00Z', '2024-03-31T04:00:00Z', 5_000),
    lines: [
      'energy - 3 kWh x 0.30 = 0.90',
      'energy early 2 kWh x 0.20 = 0.40',
      'chargingTime - 180 min x 0.02 = 3.60',
      'chargingTime early 120 min x 0.01 = 1.20',
    ],
    totals: '6.10 + 0.00 = 6.10 EUR',
  },
  {
    // 2024-10-27 Berlin falls back 03:00 CEST → 02:00 CET (01:00Z). 00:00 CEST (22:00Z) to
    // 06:00 CET (05:00Z) is 7 h; 00:00–03:00 local lasts 4 h (22:00Z–02:00Z).
    // early: 240 min × 0.01 = 2.40, 7 000 Wh × 4/7 = 4 kWh × 0.20 = 0.80; base: 180 min × 0.02 = 3.60, 3 kWh × 0.30 = 0.90.
    name: 'band on the day DST ends',
    tariff: { energyPerKwh: '0.30', chargingPerMinute: '0.02', bands: [earlyMorning] },
    usage: aSessionBetween('2024-10-26T22:00:00Z', '2024-10-27T05:00:00Z', 7_000),
    lines: [
      'energy - 3 kWh x 0.30 = 0.90',
      'energy early 4 kWh x 0.20 = 0.80',
      'chargingTime - 180 min x 0.02 = 3.60',
      'chargingTime early 240 min x 0.01 = 2.40',
    ],
    totals: '7.70 + 0.00 = 7.70 EUR',
  },
  {
    // Band 02:30–05:00 on the fall-back day: 02:30 CEST (00:30Z) in; 03:00 CEST = 02:00 CET (01:00Z)
    // out again; 02:30 CET (01:30Z) in; 05:00 CET (04:00Z) out → 30 + 150 = 180 min × 0.01 = 1.80;
    // the other 420 − 180 = 240 min × 0.02 = 4.80.
    name: 'band edge inside the repeated hour',
    tariff: { chargingPerMinute: '0.02', bands: [inRepeatedHour] },
    usage: aSessionBetween('2024-10-26T22:00:00Z', '2024-10-27T05:00:00Z'),
    lines: ['chargingTime - 240 min x 0.02 = 4.80', 'chargingTime late 180 min x 0.01 = 1.80'],
    totals: '6.60 + 0.00 = 6.60 EUR',
  },
  {
    // Band 02:30–05:00 on the spring-forward day: 02:30 does not exist; the band begins when the
    // clock jumps to 03:00 CEST (01:00Z) and ends 05:00 CEST (03:00Z) → 120 min × 0.01 = 1.20;
    // the other 300 − 120 = 180 min × 0.02 = 3.60.
    name: 'band edge inside the skipped hour',
    tariff: { chargingPerMinute: '0.02', bands: [inRepeatedHour] },
    usage: aSessionBetween('2024-03-30T23:00:00Z', '2024-03-31T04:00:00Z'),
    lines: ['chargingTime - 180 min x 0.02 = 3.60', 'chargingTime late 120 min x 0.01 = 1.20'],
    totals: '4.80 + 0.00 = 4.80 EUR',
  },
  {
    // Per-interval energy is used as given: 1 000 Wh in the first (night) hour, 3 000 Wh in the day hour.
    // night 1 kWh × 0.25 = 0.25; base 3 kWh × 0.40 = 1.20.
    name: 'per-interval energy',
    tariff: { energyPerKwh: '0.40', bands: [{ ...night, energyPerKwh: '0.25' }] },
    usage: {
      startedAt: new Date('2024-01-16T04:00:00Z'),
      endedAt: new Date('2024-01-16T06:00:00Z'),
      energyWh: 4_000,
      chargingIntervals: [
        { from: new Date('2024-01-16T04:00:00Z'), to: new Date('2024-01-16T05:00:00Z'), energyWh: 1_000 },
        { from: new Date('2024-01-16T05:00:00Z'), to: new Date('2024-01-16T06:00:00Z'), energyWh: 3_000 },
      ],
      idleIntervals: [],
    },
    lines: ['energy - 3 kWh x 0.40 = 1.20', 'energy night 1 kWh x 0.25 = 0.25'],
    totals: '1.45 + 0.00 = 1.45 EUR',
  },
  {
    // JPY has no minor units: 7 500 Wh × 45 = 337.5 → 338; tax 10 % = 33.8 → 34.
    name: 'currency without minor units',
    tariff: { currency: 'JPY', timeZone: 'Asia/Tokyo', energyPerKwh: '45', taxRatePercent: '10' },
    usage: aSession({ energyWh: 7_500 }),
    lines: ['energy - 7.5 kWh x 45 = 338'],
    totals: '338 + 34 = 372 JPY',
  },
];

describe('calculateCost', () => {
  it.each(cases)('$name', ({ tariff, usage, lines: expectedLines, totals: expectedTotals }) => {
    const cost = calculateCost(usage, aTariff(tariff));
    expect(lines(cost)).toEqual(expectedLines);
    expect(totals(cost)).toBe(expectedTotals);
    expect(cost.totalExclTax.equals(cost.subtotal)).toBe(true);
    expect(cost.ongoing).toBe(false);
  });

  it.each<[string, Partial<Tariff>, SessionUsage, BillingErrorCode]>([
    [
      'a session that ends before it starts',
      {},
      aSessionBetween('2024-01-15T10:00:00Z', '2024-01-15T09:00:00Z'),
      BillingErrorCode.InvalidUsage,
    ],
    ['negative energy', {}, aSession({ energyWh: -1 }), BillingErrorCode.InvalidUsage],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, aSession(), BillingErrorCode.UnknownTimeZone],
    ['overlapping bands', { bands: [night, { name: 'evening', from: '18:00', to: '23:00' }] }, aSession(), BillingErrorCode.InvalidTariff],
    ['a negative price', { energyPerKwh: '-0.10' }, aSession(), BillingErrorCode.InvalidTariff],
    ['a tax rate above 100 %', { taxRatePercent: '101' }, aSession(), BillingErrorCode.InvalidTariff],
  ])('refuses %s', (_name, tariff, usage, code) => {
    expect(() => calculateCost(usage, aTariff(tariff))).toThrow(expect.objectContaining({ code }));
  });
});

describe('runningCost', () => {
  const tariff = aTariff({ energyPerKwh: '0.35', chargingPerMinute: '0.02', sessionFee: '1.00', taxRatePercent: '19' });
  const ongoing: SessionUsage = {
    startedAt: new Date('2024-01-15T10:00:00Z'),
    endedAt: null,
    energyWh: 3_000,
    chargingIntervals: [{ from: new Date('2024-01-15T10:00:00Z'), to: null }],
    idleIntervals: [],
  };

  it.each([
    // 3 kWh × 0.35 = 1.05; 30 min × 0.02 = 0.60; fee 1.00 → 2.65; tax 0.5035 → 0.50.
    ['2024-01-15T10:30:00Z', '2.65 + 0.50 = 3.15 EUR'],
    // 3 kWh × 0.35 = 1.05; 60 min × 0.02 = 1.20; fee 1.00 → 3.25; tax 0.6175 → 0.62.
    ['2024-01-15T11:00:00Z', '3.25 + 0.62 = 3.87 EUR'],
  ])('runs up to now = %s', (now, expected) => {
    const cost = runningCost(ongoing, tariff, new Date(now));
    expect(totals(cost)).toBe(expected);
    expect(cost.ongoing).toBe(true);
    expect(cost.calculatedUntil.toISOString()).toBe(new Date(now).toISOString());
  });

  it('needs now for an ongoing session', () => {
    expect(() => calculateCost(ongoing, tariff)).toThrow(expect.objectContaining({ code: BillingErrorCode.InvalidUsage }));
  });
});
