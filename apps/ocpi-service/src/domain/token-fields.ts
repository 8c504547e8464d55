// Checks of OCPI 2.2.1 field types (types.asciidoc) for the objects partners send the tokens and
// commands modules: each check records what is wrong under the field's path, so that one 2001
// answer names every problem.

/** CiString: printable ASCII only (case-insensitive). */
const CI_STRING = /^[\x20-\x7E]*$/;
/** string: printable UTF-8 (no control characters). */
const PRINTABLE = /^[^\p{Cc}]*$/u;
/**
 * DateTime: RFC 3339, fractional seconds optional; OCPI writes UTC with `Z` or no designator (UTC
 * too). An explicit offset is taken as well (a lenient receiver) and converted to UTC.
 */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

export type Json = Record<string, unknown>;

/** The problems found in one object; `throwIfAny` turns them into one message. */
export class FieldProblems {
  readonly problems: string[] = [];

  add(path: string, problem: string): void {
    this.problems.push(`${path} ${problem}`);
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  message(): string {
    return this.problems.join('; ');
  }
}

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A CiString(max) field; `required` false lets it be absent (null counts as absent). */
export function ciString(p: FieldProblems, object: Json, field: string, max: number, required: boolean, path = field): string | undefined {
  return text(p, object, field, max, required, path, CI_STRING, 'printable ASCII');
}

/** A string(max) field (printable UTF-8). */
export function plainString(
  p: FieldProblems,
  object: Json,
  field: string,
  max: number,
  required: boolean,
  path = field,
): string | undefined {
  return text(p, object, field, max, required, path, PRINTABLE, 'printable text');
}

function text(
  p: FieldProblems,
  object: Json,
  field: string,
  max: number,
  required: boolean,
  path: string,
  pattern: RegExp,
  what: string,
): string | undefined {
  const value = object[field];
  if (value === undefined || value === null) {
    if (required) p.add(path, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') {
    p.add(path, 'must be a string');
    return undefined;
  }
  if (value.length === 0 && required) p.add(path, 'must not be empty');
  else if (value.length > max) p.add(path, `must be at most ${max} characters`);
  else if (!pattern.test(value)) p.add(path, `must be ${what}`);
  else return value;
  return undefined;
}

/** One of `values`. */
export function oneOf<T extends string>(
  p: FieldProblems,
  object: Json,
  field: string,
  values: readonly T[],
  required: boolean,
  path = field,
): T | undefined {
  const value = object[field];
  if (value === undefined || value === null) {
    if (required) p.add(path, 'is required');
    return undefined;
  }
  if (typeof value !== 'string' || !values.includes(value as T)) {
    p.add(path, `must be one of ${values.join(', ')}`);
    return undefined;
  }
  return value as T;
}

export function bool(p: FieldProblems, object: Json, field: string, required: boolean, path = field): boolean | undefined {
  const value = object[field];
  if (value === undefined || value === null) {
    if (required) p.add(path, 'is required');
    return undefined;
  }
  if (typeof value !== 'boolean') {
    p.add(path, 'must be true or false');
    return undefined;
  }
  return value;
}

/** An OCPI DateTime, answered as an ISO 8601 UTC string with milliseconds. */
export function dateTime(p: FieldProblems, object: Json, field: string, required: boolean, path = field): string | undefined {
  const value = object[field];
  if (value === undefined || value === null) {
    if (required) p.add(path, 'is required');
    return undefined;
  }
  const normalized = typeof value === 'string' ? normalizeDateTime(value) : undefined;
  if (normalized === undefined) p.add(path, 'must be an OCPI DateTime in UTC (e.g. 2015-06-29T20:39:09Z)');
  return normalized;
}

/** `2015-06-29T20:39:09` / `…Z` / `….123Z` / `…+02:00` → UTC with milliseconds (`2015-06-29T20:39:09.000Z`); undefined when it is none. */
export function normalizeDateTime(value: string): string | undefined {
  if (!DATE_TIME.test(value)) return undefined;
  const time = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** An absolute http(s) URL of at most 255 characters (OCPI URL). */
export function url(p: FieldProblems, object: Json, field: string, path = field): string | undefined {
  const value = plainString(p, object, field, 255, true, path);
  if (value === undefined) return undefined;
  try {
    const parsed = new URL(value);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return value;
  } catch {
    // reported below
  }
  p.add(path, 'must be an absolute http(s) URL');
  return undefined;
}

/** Case-insensitive equality of two CiStrings. */
export function sameCi(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}
