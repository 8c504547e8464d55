import type { ColumnType, DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral, ValueTransformer } from 'typeorm';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers';
import { ValueOutOfBounds } from '../consuming/permanent-failure';

/**
 * Column bounds: every value that reaches a PostgreSQL column is checked, before any SQL runs,
 * against what that column can hold — so a schema-valid but impossible value from a station fails
 * as a permanent `ValueOutOfBounds` with a reason, never as a driver error that a consumer retries.
 *
 * The one declaration per column is the TypeORM entity (`@Column({ type: 'integer' })`,
 * `numeric` with `precision`/`scale`, `varchar` with `length`). A table written only by raw SQL
 * that has no entity declares its columns once with `declareColumnBounds`.
 *
 * What is checked, by column type:
 * - smallint/int2, int/integer/int4, bigint/int8: an integer (number, bigint or integer text)
 *   inside the type's range.
 * - numeric/decimal: a finite number; with a precision p and scale s, at most p − s digits before
 *   the point *after* rounding to s places. More fraction digits than s are accepted because
 *   PostgreSQL rounds them (half away from zero) instead of refusing — unless that rounding carries
 *   into one digit too many (99.995 into numeric(4,2)), which PostgreSQL refuses and so do we.
 *   NaN and ±Infinity are refused although PostgreSQL has them: no Voltlane column means them.
 * - real/float4: finite and within ±3.4028235e38; double precision/float8/float: finite.
 * - varchar/character varying/char/character with a length: at most that many characters
 *   (code points, as PostgreSQL counts them).
 * - every text-like column (text, varchar, char, citext): no U+0000 (PostgreSQL cannot store NUL
 *   in text). jsonb: no U+0000 in any string or key inside the value (jsonb refuses \u0000); a
 *   value passed as JSON text is checked for the escape.
 * - timestamp/timestamptz/date: a valid Date (or date text that parses) not before 4713 BC, the
 *   start of PostgreSQL's range (JavaScript's latest date is inside it).
 * Null and undefined are never checked here (NOT NULL is the schema's business); a function value
 * (TypeORM raw SQL such as `() => 'now()'`) is skipped.
 */

/** What a check needs of a column: a TypeORM `ColumnMetadata` has all of it. */
export interface ColumnShape {
  propertyName: string;
  databaseName: string;
  /** A TypeORM column type (`'integer'`, `'varchar'`…) or a constructor such as `Number`. */
  type: ColumnType;
  length?: string | number;
  /** A PostgreSQL array of the type (`int4[]`): each element is checked. */
  isArray?: boolean;
  precision?: number | null;
  scale?: number;
  transformer?: ValueTransformer | ValueTransformer[];
}

/** A column's check: the reason a value cannot be stored, or undefined when it can. */
type Check = (value: unknown) => string | undefined;

interface ColumnCheck {
  readonly column: ColumnShape;
  readonly field: string;
  readonly check: Check;
  /** Reads the column's value out of an entity (embedded columns and relation ids included). */
  readonly read: (entity: ObjectLiteral) => unknown;
}

/** The precomputed checks of one table: built once per entity metadata or declaration. */
export class ColumnBounds {
  /** Every column by property name; null for a column whose type has no bounds (boolean, uuid…). */
  private readonly byProperty = new Map<string, ColumnCheck | null>();

  constructor(
    readonly table: string,
    private readonly checks: readonly ColumnCheck[],
    unchecked: readonly string[] = [],
  ) {
    for (const name of unchecked) this.byProperty.set(name, null);
    for (const c of checks) this.byProperty.set(c.column.propertyName, c);
  }

  /** Checks every column value an entity (or a partial one, as in an UPDATE's SET) carries. */
  assertEntity(entity: ObjectLiteral): void {
    for (const c of this.checks) verify(c, c.read(entity));
  }

  /** Checks values keyed by property name; a key that is no column of the table is a programming error. */
  assert(values: Readonly<Record<string, unknown>>): void {
    for (const key in values) {
      const c = this.byProperty.get(key);
      if (c === undefined) throw new Error(`${this.table} has no column for property "${key}"`);
      if (c !== null) verify(c, values[key]);
    }
  }
}

function verify(c: ColumnCheck, raw: unknown): void {
  if (raw === null || raw === undefined || typeof raw === 'function') return;
  const value: unknown = c.column.transformer ? ApplyValueTransformers.transformTo(c.column.transformer, raw) : raw;
  if (value === null || value === undefined || typeof value === 'function') return;
  const problem = c.check(value);
  if (problem !== undefined) throw new ValueOutOfBounds(c.field, problem);
}

const cache = new WeakMap<EntityMetadata, ColumnBounds>();

/** The checks of an entity's table, built on first use and cached by its metadata. */
export function columnBoundsOf(metadata: EntityMetadata): ColumnBounds {
  let bounds = cache.get(metadata);
  if (!bounds) {
    const table = metadata.tableName;
    const checks: ColumnCheck[] = [];
    const unchecked: string[] = [];
    for (const column of metadata.columns) {
      const check = checkFor(column);
      if (check)
        checks.push({
          column,
          field: `${table}.${column.databaseName}`,
          check,
          read: (entity) => column.getEntityValue(entity) as unknown,
        });
      else unchecked.push(column.propertyName);
    }
    bounds = new ColumnBounds(table, checks, unchecked);
    cache.set(metadata, bounds);
  }
  return bounds;
}

/** A column declaration of the form `{ connector_id: { type: 'integer' }, info: { type: 'varchar', length: 50 } }`. */
export type ColumnDeclarations = Record<string, Omit<ColumnShape, 'propertyName' | 'databaseName'> & { propertyName?: string }>;

/**
 * The checks of a table that no entity describes (written by raw SQL only). Keys are database
 * column names; `propertyName` defaults to the column name.
 */
export function declareColumnBounds(table: string, columns: ColumnDeclarations): ColumnBounds {
  const checks: ColumnCheck[] = [];
  const unchecked: string[] = [];
  for (const [databaseName, declaration] of Object.entries(columns)) {
    const column: ColumnShape = { ...declaration, databaseName, propertyName: declaration.propertyName ?? databaseName };
    const check = checkFor(column);
    if (check) checks.push({ column, field: `${table}.${databaseName}`, check, read: (entity) => entity[column.propertyName] as unknown });
    else unchecked.push(column.propertyName);
  }
  return new ColumnBounds(table, checks, unchecked);
}

/**
 * For writes that TypeORM's entity events do not see (raw `query('INSERT …')`, `ON CONFLICT`
 * upserts) and for station values that reach a WHERE before any write: checks `values` (keyed by
 * the entity's property names) against the columns of `entity`'s table.
 */
export function assertColumnBounds<T extends ObjectLiteral>(
  source: DataSource | EntityManager | EntityMetadata,
  entity: EntityTarget<T>,
  values: Partial<Record<keyof T & string, unknown>>,
): void {
  columnBoundsOf(metadataOf(source, entity)).assert(values);
}

function metadataOf(source: DataSource | EntityManager | EntityMetadata, entity: EntityTarget<ObjectLiteral>): EntityMetadata {
  if ('columns' in source && 'tableName' in source) return source;
  return 'connection' in source ? source.connection.getMetadata(entity) : source.getMetadata(entity);
}

// ---------------------------------------------------------------------------------------------
// Checks by type. Each is built once per column; the hot path is a typeof and a comparison.

const INT_RANGES: Record<string, { name: string; min: bigint; max: bigint }> = {
  smallint: { name: 'int2', min: -32768n, max: 32767n },
  int2: { name: 'int2', min: -32768n, max: 32767n },
  int: { name: 'int4', min: -2147483648n, max: 2147483647n },
  integer: { name: 'int4', min: -2147483648n, max: 2147483647n },
  int4: { name: 'int4', min: -2147483648n, max: 2147483647n },
  bigint: { name: 'int8', min: -9223372036854775808n, max: 9223372036854775807n },
  int8: { name: 'int8', min: -9223372036854775808n, max: 9223372036854775807n },
};
const TEXT_TYPES = new Set(['text', 'citext', 'varchar', 'character varying', 'char', 'character', 'nvarchar', 'string']);
const NUMERIC_TYPES = new Set(['numeric', 'decimal']);
const REAL_TYPES = new Set(['real', 'float4']);
const DOUBLE_TYPES = new Set(['double precision', 'float8', 'float', 'double']);
const TIME_TYPES = new Set(['timestamp', 'timestamptz', 'timestamp with time zone', 'timestamp without time zone', 'date']);
/** 4713-11-24 BC (proleptic Gregorian), the first day of PostgreSQL's date and timestamp range. */
const EARLIEST_TIME = Date.UTC(-4713, 10, 24);
const REAL_MAX = 3.4028235e38;
/** numeric without a precision: up to 131072 digits before the point. */
const NUMERIC_MAX_INTEGER_DIGITS = 131072;

function typeName(column: ColumnShape): string {
  const type = column.type;
  if (typeof type === 'string') return type.toLowerCase();
  if (type === Number) return 'integer';
  if (type === String) return 'varchar';
  if (type === Date) return 'timestamp';
  return '';
}

/** The check of a column, or undefined when no value of its type can be out of bounds (boolean, uuid, enum…). */
export function checkFor(column: ColumnShape): Check | undefined {
  const element = elementCheckFor(column);
  if (!element || !column.isArray) return element;
  return (value) => {
    if (!Array.isArray(value)) return typeof value === 'string' ? undefined : `${show(value)} is not an array`;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (item === null || item === undefined) continue;
      const problem = element(item);
      if (problem !== undefined) return `[${index}] ${problem}`;
    }
    return undefined;
  };
}

function elementCheckFor(column: ColumnShape): Check | undefined {
  const type = typeName(column);
  const int = INT_RANGES[type];
  if (int) return integerCheck(int.name, int.min, int.max);
  if (NUMERIC_TYPES.has(type)) return numericCheck(type, column.precision ?? undefined, column.scale);
  if (REAL_TYPES.has(type)) return floatCheck('real', REAL_MAX);
  if (DOUBLE_TYPES.has(type)) return floatCheck('double precision', Number.MAX_VALUE);
  if (TEXT_TYPES.has(type)) {
    const length = column.length === undefined || column.length === '' ? undefined : Number(column.length);
    return textCheck(
      type === 'text' || type === 'citext' || type === 'string' ? type : `${type === 'character varying' ? 'varchar' : type}`,
      length,
    );
  }
  if (type === 'jsonb') return jsonbCheck;
  if (TIME_TYPES.has(type)) return timeCheck(type);
  return undefined;
}

function show(value: unknown): string {
  const text =
    typeof value === 'string'
      ? JSON.stringify(value)
      : typeof value === 'number' || typeof value === 'bigint'
        ? String(value)
        : typeof value;
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

const INTEGER_TEXT = /^[+-]?\d+$/;

function integerCheck(name: string, min: bigint, max: bigint): Check {
  const minN = Number(min);
  const maxN = Number(max);
  const outside = (value: unknown) => `${show(value)} is outside ${name} (${min}..${max})`;
  return (value) => {
    if (typeof value === 'number') {
      if (!Number.isInteger(value))
        return Number.isFinite(value) ? `${show(value)} is not an integer (${name})` : `${show(value)} is not a finite integer (${name})`;
      // For int8 a double beyond ±2^63 compares exactly once converted (it is an integer).
      if (name !== 'int8') return value < minN || value > maxN ? outside(value) : undefined;
      const big = BigInt(value);
      return big < min || big > max ? outside(value) : undefined;
    }
    if (typeof value === 'bigint') return value < min || value > max ? outside(value) : undefined;
    if (typeof value === 'string') {
      const trimmed = value.trim();
      if (!INTEGER_TEXT.test(trimmed)) return `${show(value)} is not an integer (${name})`;
      const big = BigInt(trimmed);
      return big < min || big > max ? outside(value) : undefined;
    }
    return `${show(value)} is not an integer (${name})`;
  };
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function numericCheck(type: string, precision: number | undefined, declaredScale: number | undefined): Check {
  const scale = precision === undefined ? undefined : (declaredScale ?? 0);
  const label = precision === undefined ? type : `${type}(${precision},${scale})`;
  const maxIntegerDigits = precision === undefined ? NUMERIC_MAX_INTEGER_DIGITS : precision - (scale as number);
  const limit = precision === undefined ? undefined : 10n ** BigInt(precision);
  const tooLarge = (value: unknown) => `${show(value)} does not fit ${label} (at most ${maxIntegerDigits} digits before the point)`;
  return (value) => {
    let text: string;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return `${show(value)} is not a finite number (${label})`;
      // Integers inside ±2^53 fit any numeric with enough integer digits: the common case, no parsing.
      if (Number.isSafeInteger(value) && Math.abs(value) < 10 ** Math.min(maxIntegerDigits, 15)) return undefined;
      text = String(value);
    } else if (typeof value === 'bigint') {
      text = value.toString();
    } else if (typeof value === 'string') {
      text = value.trim();
    } else {
      return `${show(value)} is not a number (${label})`;
    }
    const match = DECIMAL_TEXT.exec(text);
    if (!match || (match[2] === '' && (match[3] ?? '') === '')) return `${show(value)} is not a finite number (${label})`;
    const [, , whole, fraction = '', exponentText] = match;
    const exponent = exponentText === undefined ? 0 : Number(exponentText);
    const digits = (whole + fraction).replace(/^0+/, '');
    if (digits === '') return undefined; // zero
    // Position of the decimal point counted from the first significant digit.
    const leadingZeros = (whole + fraction).length - digits.length;
    const point = whole.length - leadingZeros + exponent;
    if (point > maxIntegerDigits) return tooLarge(value);
    if (limit === undefined || scale === undefined) return undefined;
    if (point < -scale - 1) return undefined; // rounds to zero
    // The value rounded to `scale` places as an integer count of 10^-scale, compared to 10^precision.
    const kept = point + scale;
    const padded = kept > digits.length ? digits.padEnd(kept, '0') : digits;
    let units = kept > 0 ? BigInt(padded.slice(0, kept)) : 0n;
    const next = kept >= 0 ? padded.charAt(kept) : '';
    if (next !== '' && next >= '5') units += 1n;
    return units >= limit ? tooLarge(value) : undefined;
  };
}

function floatCheck(label: string, max: number): Check {
  return (value) => {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (!Number.isFinite(n)) return `${show(value)} is not a finite number (${label})`;
    return Math.abs(n) > max ? `${show(value)} is outside ${label}` : undefined;
  };
}

function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) i++;
    n++;
  }
  return n;
}

const NUL_MESSAGE = 'contains U+0000 (NUL), which PostgreSQL cannot store in text';

function textCheck(label: string, length: number | undefined): Check {
  return (value) => {
    if (typeof value !== 'string') return undefined; // numbers and dates become text PostgreSQL accepts
    if (value.includes('\u0000')) return NUL_MESSAGE;
    // A UTF-16 length within the limit is within it in code points too: count only when needed.
    if (length !== undefined && value.length > length) {
      const n = codePoints(value);
      if (n > length) return `is ${n} characters, longer than ${label}(${length})`;
    }
    return undefined;
  };
}

/** The JSON escape \u0000 not itself escaped (an even number of backslashes before it). */
const JSON_NUL_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\u0000/;

function jsonbCheck(value: unknown): string | undefined {
  if (typeof value === 'string') {
    // Raw SQL passes jsonb as JSON text ($1::jsonb).
    return value.includes('\u0000') || JSON_NUL_ESCAPE.test(value) ? 'contains U+0000 (NUL), which jsonb cannot store' : undefined;
  }
  const path = nulPath(value, '', 0);
  return path === undefined ? undefined : `contains U+0000 (NUL) at ${path === '' ? 'the top' : path}, which jsonb cannot store`;
}

/** The path of the first string (or key) holding U+0000 inside a JSON value, if any. */
function nulPath(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  if (value instanceof Date) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}[${i}]`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const key in value) {
    if (key.includes('\u0000')) return `${path}.${JSON.stringify(key)}`;
    const found = nulPath((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function timeCheck(label: string): Check {
  return (value) => {
    let time: number;
    if (value instanceof Date) time = value.getTime();
    else if (typeof value === 'string') {
      if (value.includes('\u0000')) return NUL_MESSAGE;
      time = Date.parse(value);
      // Text JavaScript cannot parse ('infinity', 'now', other PostgreSQL forms) is left to PostgreSQL.
      if (Number.isNaN(time)) return undefined;
    } else if (typeof value === 'number') time = value;
    else return `${show(value)} is not a ${label}`;
    if (Number.isNaN(time)) return `is not a valid ${label} (Invalid Date)`;
    return time < EARLIEST_TIME ? `${new Date(time).toISOString()} is before the earliest ${label} (4713 BC)` : undefined;
  };
}
