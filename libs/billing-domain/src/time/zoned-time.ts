import { BillingError, BillingErrorCode } from '../billing-error';

/** A wall-clock date and time in some zone (month 1–12). */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new BillingError(BillingErrorCode.UnknownTimeZone, `unknown time zone "${timeZone}"`, { timeZone });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** The wall-clock time in `timeZone` at `instantMs` (whole seconds; billing needs no finer). */
export function toLocal(instantMs: number, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** UTC offset of `timeZone` at `instantMs`, in ms (Berlin in summer: +7 200 000). */
export function offsetMs(instantMs: number, timeZone: string): number {
  const l = toLocal(instantMs, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

/**
 * The instant of a wall-clock time in `timeZone`, disambiguated like Temporal's `compatible`:
 * a time repeated by a DST fall-back resolves to the earlier instant, a time skipped by a
 * spring-forward to the instant that many minutes after the gap's start (02:30 → 03:30).
 * Day overflow is allowed (day 32, hour 24) and normalised.
 */
export function fromLocal(local: LocalDateTime, timeZone: string): number {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const before = offsetMs(wall - 86_400_000, timeZone);
  const after = offsetMs(wall + 86_400_000, timeZone);
  const valid = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((instant) => offsetMs(instant, timeZone) === wall - instant)
    .sort((a, b) => a - b);
  if (valid.length > 0) return valid[0];
  return wall - before;
}

/** The local calendar date `days` after the given one (month 1–12). */
export function addDays(date: { year: number; month: number; day: number }, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * Every instant at which `timeZone` shows this wall-clock time: none in a spring-forward gap,
 * two in a fall-back overlap, one otherwise. Ascending.
 */
export function instantsOfLocal(local: LocalDateTime, timeZone: string): number[] {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const offsets = new Set([offsetMs(wall - 86_400_000, timeZone), offsetMs(wall + 86_400_000, timeZone), offsetMs(wall, timeZone)]);
  return [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => offsetMs(instant, timeZone) === wall - instant)
    .filter((instant, i, all) => all.indexOf(instant) === i)
    .sort((a, b) => a - b);
}

const PROBE_MS = 6 * 3_600_000;

/**
 * Instants in (fromMs, toMs) at which the zone's UTC offset changes (DST), each the first whole
 * second of the new offset. Zones change offset at most once per 6 hours, so probing at that
 * step and bisecting finds every change.
 */
export function offsetTransitions(fromMs: number, toMs: number, timeZone: string): number[] {
  const result: number[] = [];
  let lo = Math.floor(fromMs / 1000);
  const end = Math.ceil(toMs / 1000);
  while (lo < end) {
    const hi = Math.min(lo + PROBE_MS / 1000, end);
    let a = lo;
    let b = hi;
    const offsetA = offsetMs(a * 1000, timeZone);
    if (offsetMs(b * 1000, timeZone) !== offsetA) {
      while (b - a > 1) {
        const mid = Math.floor((a + b) / 2);
        if (offsetMs(mid * 1000, timeZone) === offsetA) a = mid;
        else b = mid;
      }
      if (b * 1000 > fromMs && b * 1000 < toMs) result.push(b * 1000);
    }
    lo = hi;
  }
  return result;
}
