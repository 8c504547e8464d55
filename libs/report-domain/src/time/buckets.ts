import { DateTime } from 'luxon';
import { isValidTimeZone } from './time-zone';

export type BucketSize = 'day' | 'week' | 'month';
export const BUCKET_SIZES: readonly BucketSize[] = ['day', 'week', 'month'];

/** One bucket of a report: [start, end), both instants; `label` is the local calendar start. */
export interface Bucket {
  start: Date;
  end: Date;
  /** ISO 8601 local start with its offset (`2026-10-25T00:00:00.000+02:00`). */
  startLocal: string;
  endLocal: string;
}

/**
 * The calendar buckets of [from, to) in `zone`: days (local midnight to midnight, so 23 or 25
 * hours on a DST change), ISO weeks (Monday 00:00) or months (the 1st, 00:00). The first and the
 * last bucket are clipped to the range, so a range that does not start on a boundary gets a
 * shorter first bucket. Throws RangeError on a bad zone, an empty range or more than `limit`
 * buckets.
 */
export function bucketsOf(from: Date, to: Date, size: BucketSize, zone: string, limit = Number.POSITIVE_INFINITY): Bucket[] {
  if (!isValidTimeZone(zone)) throw new RangeError(`unknown time zone "${zone}"`);
  if (!(from.getTime() < to.getTime())) throw new RangeError('the range must end after it starts');
  const buckets: Bucket[] = [];
  const end = DateTime.fromJSDate(to, { zone });
  let cursor = DateTime.fromJSDate(from, { zone });
  let calendarStart = cursor.startOf(size);
  while (cursor < end) {
    if (buckets.length >= limit) throw new RangeError(`the range has more than ${limit} ${size} buckets`);
    const calendarEnd = calendarStart.plus({ [`${size}s`]: 1 });
    const bucketEnd = calendarEnd < end ? calendarEnd : end;
    buckets.push({
      start: cursor.toJSDate(),
      end: bucketEnd.toJSDate(),
      startLocal: cursor.toISO() ?? '',
      endLocal: bucketEnd.toISO() ?? '',
    });
    cursor = bucketEnd;
    calendarStart = calendarEnd;
  }
  return buckets;
}
