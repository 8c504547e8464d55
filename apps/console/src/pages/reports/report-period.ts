/**
 * The report periods (a calendar day, ISO week, month or year around a date) as the report API's
 * from/to: plain dates (YYYY-MM-DD), which the API reads as local midnight in tz. Calendar
 * arithmetic runs on UTC dates, so no daylight-saving change moves a day.
 */
export type Period = 'day' | 'week' | 'month' | 'year';
export type BucketSize = 'day' | 'week' | 'month';

export const PERIODS: { value: Period; label: string }[] = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
  { value: 'year', label: 'Year' },
];

export interface PeriodRange {
  period: Period;
  /** Inclusive, YYYY-MM-DD. */
  from: string;
  /** Exclusive, YYYY-MM-DD. */
  to: string;
  /** The buckets of the charts (the API has no hourly buckets: a day is one bucket). */
  bucket: BucketSize;
  /** The largest bucket that still covers the period in one (or few) buckets: for per-station totals. */
  totalBucket: BucketSize;
  label: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isPeriod(value: string | null): value is Period {
  return value === 'day' || value === 'week' || value === 'month' || value === 'year';
}

/** Today's date in the browser's zone (the zone the reports are asked in). */
export function localToday(now: Date = new Date()): string {
  return formatDate(new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())));
}

/** A YYYY-MM-DD date as UTC midnight, or null when it is none. */
export function parseDate(value: string | null | undefined): Date | null {
  const match = value ? DATE.exec(value) : null;
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return formatDate(date) === value ? date : null;
}

export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(date: Date, days: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + days));
}

function startOf(period: Period, date: Date): Date {
  switch (period) {
    case 'day':
      return date;
    case 'week':
      // ISO weeks start on Monday
      return addDays(date, -((date.getUTCDay() + 6) % 7));
    case 'month':
      return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
    case 'year':
      return new Date(Date.UTC(date.getUTCFullYear(), 0, 1));
  }
}

function next(period: Period, start: Date, step: number): Date {
  switch (period) {
    case 'day':
      return addDays(start, step);
    case 'week':
      return addDays(start, 7 * step);
    case 'month':
      return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + step, 1));
    case 'year':
      return new Date(Date.UTC(start.getUTCFullYear() + step, 0, 1));
  }
}

const dayLabel = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const shortDay = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
const monthLabel = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', month: 'long', year: 'numeric' });

/** The period of `period` kind that holds `date` (YYYY-MM-DD). */
export function periodRange(period: Period, date: string): PeriodRange {
  const start = startOf(period, parseDate(date) ?? parseDate(localToday())!);
  const end = next(period, start, 1);
  const from = formatDate(start);
  const to = formatDate(end);
  switch (period) {
    case 'day':
      return { period, from, to, bucket: 'day', totalBucket: 'day', label: dayLabel.format(start) };
    case 'week':
      return {
        period,
        from,
        to,
        bucket: 'day',
        totalBucket: 'week',
        label: `Week of ${shortDay.format(start)} – ${shortDay.format(addDays(end, -1))}`,
      };
    case 'month':
      return { period, from, to, bucket: 'day', totalBucket: 'month', label: monthLabel.format(start) };
    case 'year':
      return { period, from, to, bucket: 'month', totalBucket: 'month', label: String(start.getUTCFullYear()) };
  }
}

/** The first day of the period `step` periods before (negative) or after `date`'s. */
export function shiftPeriod(period: Period, date: string, step: number): string {
  const start = startOf(period, parseDate(date) ?? parseDate(localToday())!);
  return formatDate(next(period, start, step));
}

const bucketDay = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
const bucketMonth = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', month: 'short', year: 'numeric' });

/** A bucket's name from its local start ("2026-12-07T00:00:00.000+01:00"): its day, or its month. */
export function bucketLabel(startLocal: string | undefined, bucket: BucketSize): string {
  const date = parseDate(startLocal?.slice(0, 10));
  if (!date) return startLocal ?? '—';
  if (bucket === 'month') return bucketMonth.format(date);
  if (bucket === 'week') return `Week of ${bucketDay.format(date)}`;
  return bucketDay.format(date);
}
