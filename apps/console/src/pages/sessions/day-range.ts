/**
 * Date filters: a calendar day (YYYY-MM-DD, as a date input gives it) in the browser's time zone,
 * as the instant it starts or ends.
 */
function parseDay(day: string): [number, number, number] | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
}

/** The instant `day` begins (local midnight) as ISO 8601; undefined for an empty or invalid day. */
export function dayStartIso(day: string): string | undefined {
  const parts = parseDay(day);
  if (!parts) return undefined;
  const date = new Date(parts[0], parts[1], parts[2]);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The instant `day` ends (the next local midnight) as ISO 8601: an exclusive bound that includes the whole day. */
export function dayEndIso(day: string): string | undefined {
  const parts = parseDay(day);
  if (!parts) return undefined;
  const date = new Date(parts[0], parts[1], parts[2] + 1);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
