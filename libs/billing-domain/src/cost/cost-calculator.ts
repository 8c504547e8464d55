import { BillingError, BillingErrorCode } from '../billing-error';
import { BillingDecimal, decimal } from '../money/decimal';
import { Money } from '../money/money';
import type { Tariff, TimeBand } from '../tariff/tariff';
import { validateTariff } from '../tariff/tariff-validation';
import { durationMs, spanOf, type Span } from '../time/interval';
import { splitByBands } from './band-split';
import { COST_UNIT, type CostBreakdown, type CostComponent, type CostLine } from './cost-breakdown';
import type { SessionUsage, UsageInterval } from './session-usage';

type TimedComponent = Exclude<CostComponent, 'sessionFee'>;

const PRICE_FIELD = {
  energy: 'energyPerKwh',
  chargingTime: 'chargingPerMinute',
  idleTime: 'idlePerMinute',
} as const satisfies Record<TimedComponent, keyof TimeBand & keyof Tariff>;

const MS_PER_MINUTE = 60_000;
const WH_PER_KWH = 1000;

export interface CostOptions {
  /** Required for an ongoing session (`endedAt: null`): costs run up to this instant. */
  now?: Date;
}

/**
 * The cost of a session under one tariff — pure, deterministic, exact until the explicit rounding:
 *
 * - energy: kWh × price per kWh. Energy is assigned to time so that time-of-day bands can price it:
 *   when every charging interval carries its own energy, each interval's energy is used; otherwise
 *   the session's energy is spread over the charging intervals in proportion to their duration
 *   (evenly over time). Within an interval, energy is spread evenly over time as well. Without
 *   any charging time, it is spread over the whole session (or, for a zero-length session,
 *   priced in the band at its start).
 * - charging time: minutes in charging intervals × price per minute.
 * - idle time: minutes in idle intervals × idle price per minute, after the first
 *   `idleGraceMinutes` of idle time of the session (in chronological order), which are free.
 * - session fee: once per session.
 * - bands: every span is cut at band edges in the tariff's time zone (DST-aware); each piece is
 *   priced with the band's price (or the base price outside every band). Pieces of one component
 *   and band add up to one cost line.
 *
 * Rounding: each line's amount = exact quantity × unit price, rounded to the currency's minor units
 * with the tariff's mode (HALF_UP unless the tariff says HALF_EVEN); subtotal = sum of the rounded
 * lines; tax = subtotal × rate / 100 rounded the same way; total incl. tax = subtotal + tax.
 * A line is listed when its quantity is above 0 and its component is priced in the tariff (base or
 * a band price above 0).
 */
export function calculateCost(usage: SessionUsage, tariff: Tariff, options: CostOptions = {}): CostBreakdown {
  validateTariff(tariff);
  const ongoing = usage.endedAt === null;
  if (ongoing && !options.now)
    throw new BillingError(BillingErrorCode.InvalidUsage, 'an ongoing session is costed up to `now`, which is missing');
  const start = usage.startedAt.getTime();
  const until = Math.max(start, ongoing ? (options.now as Date).getTime() : (usage.endedAt as Date).getTime());
  const session = spanOf(usage.startedAt, new Date(until), 'session');
  const energyWh = decimal(usage.energyWh, 'energyWh');
  if (energyWh.isNegative())
    throw new BillingError(BillingErrorCode.InvalidUsage, 'energyWh must not be negative', { energyWh: energyWh.toString() });

  const lines = new LineAccumulator(tariff);
  const charging = resolve(usage.chargingIntervals, session, 'charging interval');
  const idle = resolve(usage.idleIntervals, session, 'idle interval');

  // Energy.
  const spread = (span: Span, wh: BillingDecimal): void => {
    const total = durationMs(span);
    for (const piece of splitByBands(span, tariff)) {
      lines.add('energy', piece.band, wh.times(durationMs(piece)).dividedBy(total).dividedBy(WH_PER_KWH));
    }
  };
  const chargingMs = charging.reduce((sum, c) => sum + durationMs(c.span), 0);
  if (charging.length > 0 && charging.every((c) => c.energyWh !== undefined)) {
    for (const c of charging) {
      const wh = c.energyWh as BillingDecimal;
      if (durationMs(c.span) > 0) spread(c.span, wh);
      else lines.add('energy', bandAt(c.span.from, tariff), wh.dividedBy(WH_PER_KWH));
    }
  } else if (chargingMs > 0) {
    for (const c of charging) if (durationMs(c.span) > 0) spread(c.span, energyWh.times(durationMs(c.span)).dividedBy(chargingMs));
  } else if (durationMs(session) > 0) {
    spread(session, energyWh);
  } else {
    lines.add('energy', bandAt(session.from, tariff), energyWh.dividedBy(WH_PER_KWH));
  }

  // Charging time.
  for (const c of charging) {
    for (const piece of splitByBands(c.span, tariff)) lines.add('chargingTime', piece.band, minutes(piece));
  }

  // Idle time after the grace period.
  let grace = tariff.idleGraceMinutes * MS_PER_MINUTE;
  for (const i of [...idle].sort((a, b) => a.span.from - b.span.from)) {
    const free = Math.min(grace, durationMs(i.span));
    grace -= free;
    const billable = { from: i.span.from + free, to: i.span.to };
    for (const piece of splitByBands(billable, tariff)) lines.add('idleTime', piece.band, minutes(piece));
  }

  const result = lines.lines();
  const fee = Money.of(tariff.sessionFee, tariff.currency);
  if (!fee.isZero()) {
    result.push({
      component: 'sessionFee',
      band: null,
      quantity: new BillingDecimal(1),
      unit: COST_UNIT.sessionFee,
      unitPrice: fee,
      amount: fee.round(tariff.rounding),
    });
  }
  const subtotal = Money.sum(
    result.map((l) => l.amount),
    tariff.currency,
  );
  const tax = subtotal.times(decimal(tariff.taxRatePercent).dividedBy(100)).round(tariff.rounding);
  return {
    currency: tariff.currency,
    lines: result,
    subtotal,
    taxRatePercent: tariff.taxRatePercent,
    tax,
    totalExclTax: subtotal,
    totalInclTax: subtotal.plus(tax),
    calculatedUntil: new Date(until),
    ongoing,
  };
}

/** The running cost of an ongoing session up to `now` (the same rules as the final cost). */
export function runningCost(usage: SessionUsage, tariff: Tariff, now: Date): CostBreakdown {
  return calculateCost(usage, tariff, { now });
}

interface ResolvedInterval {
  span: Span;
  energyWh?: BillingDecimal;
}

/** Closes open intervals at the session's end and clips every interval to the session. */
function resolve(intervals: readonly UsageInterval[], session: Span, what: string): ResolvedInterval[] {
  const result: ResolvedInterval[] = [];
  for (const interval of intervals) {
    const raw = spanOf(interval.from, interval.to ?? new Date(Math.max(session.to, interval.from.getTime())), what);
    const from = Math.max(raw.from, session.from);
    const to = Math.max(from, Math.min(raw.to, session.to));
    const energyWh = interval.energyWh === undefined ? undefined : decimal(interval.energyWh, `${what} energyWh`);
    if (energyWh?.isNegative()) throw new BillingError(BillingErrorCode.InvalidUsage, `${what} energyWh must not be negative`);
    result.push({ span: { from, to }, ...(energyWh ? { energyWh } : {}) });
  }
  return result;
}

function minutes(span: Span): BillingDecimal {
  return new BillingDecimal(durationMs(span)).dividedBy(MS_PER_MINUTE);
}

function bandAt(instant: number, tariff: Tariff): TimeBand | null {
  return splitByBands({ from: instant, to: instant + 1 }, tariff)[0]?.band ?? null;
}

class LineAccumulator {
  private readonly quantities = new Map<string, BillingDecimal>();

  constructor(private readonly tariff: Tariff) {}

  add(component: TimedComponent, band: TimeBand | null, quantity: BillingDecimal): void {
    const key = `${component}\u0000${band?.name ?? ''}`;
    this.quantities.set(key, (this.quantities.get(key) ?? new BillingDecimal(0)).plus(quantity));
  }

  /** In a stable order: energy, charging time, idle time; within each, base price then the bands in tariff order. */
  lines(): CostLine[] {
    const result: CostLine[] = [];
    for (const component of Object.keys(PRICE_FIELD) as TimedComponent[]) {
      if (!this.priced(component)) continue;
      for (const band of [null, ...this.tariff.bands]) {
        const quantity = this.quantities.get(`${component}\u0000${band?.name ?? ''}`);
        if (!quantity || quantity.isZero()) continue;
        const unitPrice = Money.of(band?.[PRICE_FIELD[component]] ?? this.tariff[PRICE_FIELD[component]], this.tariff.currency);
        result.push({
          component,
          band: band?.name ?? null,
          quantity,
          unit: COST_UNIT[component],
          unitPrice,
          amount: unitPrice.times(quantity).round(this.tariff.rounding),
        });
      }
    }
    return result;
  }

  private priced(component: TimedComponent): boolean {
    const field = PRICE_FIELD[component];
    return [this.tariff[field], ...this.tariff.bands.map((b) => b[field])].some((p) => p !== undefined && !decimal(p).isZero());
  }
}
