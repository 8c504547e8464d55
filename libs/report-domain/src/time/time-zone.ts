import { DateTime, IANAZone } from 'luxon';

/** true for a zone of the IANA database (`Europe/Berlin`, `UTC`); false for offsets and junk. */
export function isValidTimeZone(zone: string): boolean {
  // An IANA name only: Node 22's ICU also takes a bare offset (`+02:00`), which has no daylight
  // saving time and is not what a report's zone means.
  return !/^[+-]/.test(zone) && IANAZone.isValidZone(zone);
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An instant of a report range: an RFC 3339 date-time with offset (`2026-10-25T00:00:00+02:00`,
 * `…Z`) is taken as is; a plain date (`2026-10-25`) is local midnight in `zone`. Returns null
 * for text that is neither.
 */
export function parseReportInstant(text: string, zone: string): Date | null {
  const parsed = LOCAL_DATE.test(text) ? DateTime.fromISO(text, { zone }) : DateTime.fromISO(text, { setZone: true });
  if (!parsed.isValid) return null;
  if (!LOCAL_DATE.test(text) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return null;
  return parsed.toJSDate();
}
