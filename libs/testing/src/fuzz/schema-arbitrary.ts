// Test support: fast-check arbitraries of *schema-valid* OCPP payloads biased to extreme values,
// built from the official JSON schemas that @voltlane/ocpp already loads (never loaded again here).
import fc from 'fast-check';
import { actionsOf, schemaFor, type JsonSchema, type OcppVersion } from '@voltlane/ocpp';

type Schema = JsonSchema;

export interface ExtremeArbitraryOptions {
  /**
   * Arrays get at most this many items even when the schema allows more (a maximal array of
   * maximal objects would not fit a WebSocket frame); arrays whose `maxItems` is at most this
   * are generated at `maxItems` too. Default 3.
   */
  maxArrayItems?: number;
  /** Payloads whose JSON is longer are not generated (the gateway closes on frames > 256 KiB). Default 96 KiB. */
  maxJsonLength?: number;
}

/** Integers at the edges of 32-bit, 53-bit and double ranges (every one is `Number.isInteger`). */
export const EXTREME_INTEGERS: readonly number[] = [
  0,
  -1,
  1,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  -(2 ** 53),
  2 ** 63,
  1e21,
  1e300,
  -1e300,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
];

/** Decimals: huge and tiny exponents, many digits, binary-unfriendly fractions. */
export const EXTREME_DECIMALS: readonly number[] = [
  ...EXTREME_INTEGERS,
  1e300,
  -1e30,
  1e-300,
  -1e-300,
  5e-324,
  0.1,
  0.30000000000000004,
  -0.5,
  Number('123456789.123456789'),
  3.141592653589793,
  0.000001,
  Number('99999999999999.99'),
  -2147483648.5,
];

/** Timestamps the schema's RFC 3339 `date-time` accepts, from year 1 to year 9999. */
export const EXTREME_DATE_TIMES: readonly string[] = [
  '0001-01-01T00:00:00Z',
  '0001-01-01T00:00:00.000+14:00',
  '1970-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '1998-12-31T23:59:60Z',
  '2038-01-19T03:14:08Z',
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59-12:00',
  '2025-01-23T12:00:00.123456789012Z',
  '2025-01-23 12:00:00z',
];

/** Short strings with NUL, other C0/C1 controls, line separators, surrogates, emoji, SQL and format tokens. */
export const EXTREME_STRINGS: readonly string[] = [
  '',
  '\u0000',
  'A\u0000B',
  '\u0001\u0007\b\t\n\v\f\r\u001b\u001f\u007f',
  '\u0080\u009f',
  '\u2028\u2029',
  '\ufeff\ufffe\uffff',
  '\ud800',
  '\udfff',
  '🔌⚡',
  '👩‍👩‍👧‍👦',
  "'; DROP TABLE station; --",
  '%s%n%x${jndi:x}{{7*7}}',
  '\\',
  '"',
  'A',
];

const MAX_LENGTH_FILLERS: readonly string[] = ['x', '\u0000', '🔌', '\u001f', 'é'];

function resolve(schema: Schema, root: Schema): Schema {
  if (schema.$ref === undefined) return schema;
  const name = /^#\/definitions\/(.+)$/.exec(schema.$ref)?.[1];
  const target = name === undefined ? undefined : root.definitions?.[name];
  if (target === undefined) throw new Error(`cannot resolve $ref ${schema.$ref}`);
  return resolve(target, root);
}

function typeOf(schema: Schema): string | undefined {
  return Array.isArray(schema.type) ? schema.type[0] : schema.type;
}

/** Code points, as ajv counts `maxLength` / `minLength`. */
function codePointLength(s: string): number {
  return [...s].length;
}

/** ajv's multipleOf check with the project's `multipleOfPrecision: 9`. */
function isMultipleOf(value: number, multipleOf: number | undefined): boolean {
  if (multipleOf === undefined) return true;
  const division = value / multipleOf;
  return Number.isFinite(division) && Math.abs(Math.round(division) - division) <= 1e-9;
}

function numberArbitrary(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? -Number.MAX_VALUE;
  const max = s.maximum ?? Number.MAX_VALUE;
  const bounds = [
    s.minimum,
    s.maximum,
    s.minimum === undefined ? undefined : s.minimum + 1,
    s.maximum === undefined ? undefined : s.maximum - 1,
  ];
  const candidates = [
    ...new Set([...(integer ? EXTREME_INTEGERS : EXTREME_DECIMALS), ...bounds.filter((b): b is number => b !== undefined)]),
  ]
    .filter((v) => v >= min && v <= max && (!integer || Number.isInteger(v)) && isMultipleOf(v, s.multipleOf))
    .map((v) => (Object.is(v, -0) ? 0 : v));
  let random: fc.Arbitrary<number>;
  if (s.multipleOf !== undefined) {
    const step = s.multipleOf;
    const lo = Math.ceil(Math.max(min, -1e6) / step);
    const hi = Math.floor(Math.min(max, 1e6) / step);
    random = fc
      .integer({ min: lo, max: hi })
      .map((k) => Number((k * step).toFixed(9)))
      .filter((v) => isMultipleOf(v, step));
  } else if (integer) {
    random = fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) });
  } else {
    random = fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v));
  }
  if (candidates.length === 0) return random;
  return fc.oneof({ arbitrary: fc.constantFrom(...candidates), weight: 3 }, { arbitrary: random, weight: 1 });
}

function stringArbitrary(s: Schema): fc.Arbitrary<string> {
  if (s.format === 'date-time') {
    const random = fc
      .integer({ min: Date.parse('0001-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59.999Z') })
      .map((ms) => new Date(ms).toISOString());
    const near = fc.integer({ min: -60_000, max: 60_000 }).map((delta) => new Date(Date.now() + delta).toISOString());
    return fc.oneof(
      { arbitrary: fc.constantFrom(...EXTREME_DATE_TIMES), weight: 3 },
      { arbitrary: random, weight: 1 },
      { arbitrary: near, weight: 1 },
    );
  }
  const minLength = s.minLength ?? 0;
  const maxLength = s.maxLength ?? 1000;
  if (s.format === 'uri') {
    const prefix = 'https://example.com/';
    const uris = ['urn:x', 'https://[::1]:65535/p?q=%00#f', 'ftp://x/%C3%A9', 'http://example.com:0/'];
    const long = prefix + 'p'.repeat(Math.max(0, maxLength - prefix.length));
    return fc.constantFrom(...[...uris, long].filter((u) => codePointLength(u) <= maxLength && codePointLength(u) >= minLength));
  }
  const fits = (v: string): boolean => codePointLength(v) >= minLength && codePointLength(v) <= maxLength;
  const maximal = MAX_LENGTH_FILLERS.map((c) => c.repeat(maxLength));
  const extremes = [...EXTREME_STRINGS, ...maximal].filter(fits);
  const random = fc.string({ unit: 'binary', minLength, maxLength: Math.min(maxLength, 64) }).filter(fits);
  return fc.oneof({ arbitrary: fc.constantFrom(...extremes), weight: 3 }, { arbitrary: random, weight: 1 });
}

/** For fields without a type (2.x DataTransfer `data`): any JSON, extremes included. */
function anyJson(): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(
    fc.constantFrom<unknown>(...EXTREME_DECIMALS, ...EXTREME_STRINGS, null, true, false),
    fc.jsonValue({ maxDepth: 2 }),
  );
  return fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', '\u0000', 'key', '🔌'), leaf, { maxKeys: 3 }));
}

function arbitraryFor(schema: Schema, root: Schema, options: Required<ExtremeArbitraryOptions>, depth: number): fc.Arbitrary<unknown> {
  if (depth > 16) throw new Error('schema nests deeper than 16 levels (recursive $ref?)');
  const s = resolve(schema, root);
  if (s.enum !== undefined) return fc.constantFrom(...s.enum);
  switch (typeOf(s)) {
    case 'object': {
      const properties = s.properties ?? {};
      const required = s.required ?? [];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, property] of Object.entries(properties)) model[key] = arbitraryFor(property, root, options, depth + 1);
      // Required keys without a property schema would be free-form: give them any JSON.
      for (const key of required) model[key] ??= anyJson();
      return fc.record(model, { requiredKeys: required });
    }
    case 'array': {
      const item = arbitraryFor(s.items ?? {}, root, options, depth + 1);
      const minItems = s.minItems ?? 0;
      const cap = Math.max(minItems, Math.min(s.maxItems ?? Number.MAX_SAFE_INTEGER, options.maxArrayItems));
      const lengths = [...new Set([minItems, cap])];
      return fc.oneof(
        { arbitrary: fc.constantFrom(...lengths).chain((n) => fc.array(item, { minLength: n, maxLength: n })), weight: 2 },
        { arbitrary: fc.array(item, { minLength: minItems, maxLength: cap }), weight: 1 },
      );
    }
    case 'string':
      return stringArbitrary(s);
    case 'integer':
      return numberArbitrary(s, true);
    case 'number':
      return numberArbitrary(s, false);
    case 'boolean':
      return fc.boolean();
    default:
      return anyJson();
  }
}

/**
 * A fast-check arbitrary of payloads that validate against `schema` (draft-07 as OCPP uses it:
 * `$ref` into `definitions`, `enum`, `minimum`/`maximum`/`multipleOf`, `maxLength`, `minItems`/
 * `maxItems`, formats `date-time` and `uri`), biased to extremes: integers at ±2^31 / ±2^53 / 0 /
 * −1 / the schema's bounds, decimals at 1e300, −1e30, 1e−300 and many digits, strings with NUL,
 * control characters and emoji or at `maxLength`, timestamps in years 1, 1970 and 9999, every
 * enum value, optional fields present or absent, arrays at `minItems` and (capped) `maxItems`.
 */
export function extremeArbitrary(schema: object, options: ExtremeArbitraryOptions = {}): fc.Arbitrary<Record<string, unknown>> {
  const resolved: Required<ExtremeArbitraryOptions> = {
    maxArrayItems: options.maxArrayItems ?? 3,
    maxJsonLength: options.maxJsonLength ?? 96 * 1024,
  };
  const root = schema as Schema;
  return arbitraryFor(root, root, resolved, 0)
    .filter((v) => JSON.stringify(v).length <= resolved.maxJsonLength)
    .map((v) => v as Record<string, unknown>);
}

/** The request arbitrary of one action of one version (schema from @voltlane/ocpp). */
export function requestArbitrary(
  version: OcppVersion,
  action: string,
  options?: ExtremeArbitraryOptions,
): fc.Arbitrary<Record<string, unknown>> {
  const schema = schemaFor(version, action, 'request');
  if (schema === undefined) throw new Error(`${version} has no request schema for ${action}`);
  return extremeArbitrary(schema, options);
}

/** Station→CSMS actions a station sends as a CALL (the 2.1 SEND-only NotifyPeriodicEventStream is not one). */
export function stationCallActions(version: OcppVersion): string[] {
  return actionsOf(version, 'StationToCsms')
    .filter((info) => info.send !== true)
    .map((info) => info.action);
}
