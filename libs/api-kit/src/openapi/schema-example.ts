type Json = Record<string, unknown>;

/** Looks up `#/components/schemas/<name>` (and any other local reference) of the document. */
export type RefResolver = (ref: string) => Json | undefined;

/** Deeper than this, objects and arrays are left empty (a recursive schema ends somewhere). */
const MAX_DEPTH = 12;

/** Values by `format`: each one valid for ajv-formats and for a person reading the document. */
const FORMAT_EXAMPLES: Readonly<Record<string, string>> = {
  'date-time': '2026-01-31T12:00:00.000Z',
  date: '2026-01-31',
  time: '12:00:00Z',
  uri: 'https://example.com/resource',
  'uri-reference': '/api/v1/resource',
  url: 'https://example.com/resource',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  email: 'operator@example.com',
  hostname: 'csms.example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  byte: 'dm9sdGxhbmU=',
  binary: '<binary>',
  password: 'correct-horse-battery-staple',
  duration: 'PT15M',
};

/**
 * An example value that is valid for an OpenAPI 3.0 schema, for the documentation: the schema's own
 * `example` or `default` where it has one, else the first `enum` value, else a value built from the
 * type — format-aware strings (date-time, uri, uuid, email, …), a string matching `pattern` where
 * one is given, numbers within minimum/maximum and a multiple of `multipleOf`, objects with their
 * required properties (every property when none is required), arrays with one item (or minItems).
 * `oneOf`/`anyOf` take their first alternative, `allOf` merges its parts. Deterministic.
 */
export function exampleFor(schema: unknown, resolve: RefResolver = () => undefined): unknown {
  return generate(schema, resolve, 0, undefined, new Set());
}

function generate(node: unknown, resolve: RefResolver, depth: number, name: string | undefined, seen: Set<string>): unknown {
  if (!node || typeof node !== 'object') return {};
  let schema = node as Json;
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    const target = resolve(ref);
    if (!target || seen.has(ref)) return schemaShapeDefault(target ?? {});
    return generate(target, resolve, depth, name, new Set([...seen, ref]));
  }
  if ('example' in schema) return schema.example;
  if ('default' in schema && schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    const parts = schema.allOf.map((part) => generate(part, resolve, depth, name, seen));
    const { allOf: _allOf, ...rest } = schema;
    const own = Object.keys(rest).some((k) => k !== 'description' && k !== 'title' && k !== 'nullable')
      ? generate(rest, resolve, depth, name, seen)
      : undefined;
    const all = own === undefined ? parts : [...parts, own];
    if (all.every((p) => p !== null && typeof p === 'object' && !Array.isArray(p))) return Object.assign({}, ...all);
    return all[0];
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const alternatives = schema[key];
    if (Array.isArray(alternatives) && alternatives.length > 0) {
      const { [key]: _alternatives, ...rest } = schema;
      // the alternative merged with what the schema says beside it (e.g. type, properties)
      schema = { ...rest, ...(resolveShallow(alternatives[0], resolve) as Json) };
      return generate(schema, resolve, depth, name, seen);
    }
  }
  switch (typeOf(schema)) {
    case 'object':
      return objectExample(schema, resolve, depth, seen);
    case 'array':
      return arrayExample(schema, resolve, depth, name, seen);
    case 'integer':
      return numberExample(schema, true);
    case 'number':
      return numberExample(schema, false);
    case 'boolean':
      return true;
    case 'string':
      return stringExample(schema, name);
    default:
      return schema.nullable === true ? null : {};
  }
}

const resolveShallow = (node: unknown, resolve: RefResolver): unknown => {
  const schema = node as Json | undefined;
  return typeof schema?.$ref === 'string' ? (resolve(schema.$ref) ?? {}) : (schema ?? {});
};

function typeOf(schema: Json): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (schema.properties || schema.additionalProperties || schema.required) return 'object';
  if (schema.items) return 'array';
  if (schema.pattern !== undefined || schema.format !== undefined || schema.minLength !== undefined || schema.maxLength !== undefined)
    return 'string';
  if (schema.minimum !== undefined || schema.maximum !== undefined || schema.multipleOf !== undefined) return 'number';
  return undefined;
}

function schemaShapeDefault(schema: Json): unknown {
  const type = typeOf(schema);
  return type === 'array' ? [] : type === 'string' ? '' : type === 'integer' || type === 'number' ? 0 : type === 'boolean' ? false : {};
}

function objectExample(schema: Json, resolve: RefResolver, depth: number, seen: Set<string>): Json {
  const properties = (schema.properties as Record<string, unknown> | undefined) ?? {};
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  if (depth >= MAX_DEPTH) return {};
  const names =
    required.length > 0 ? required.filter((n) => n in properties || schema.additionalProperties !== false) : Object.keys(properties);
  const minProperties = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
  for (const extra of Object.keys(properties)) {
    if (names.length >= minProperties) break;
    if (!names.includes(extra)) names.push(extra);
  }
  const out: Json = {};
  for (const property of names) {
    const propertySchema =
      properties[property] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : { type: 'string' });
    out[property] = generate(propertySchema, resolve, depth + 1, property, seen);
  }
  // a map (no properties, additionalProperties a schema): one entry
  if (
    names.length === 0 &&
    Object.keys(properties).length === 0 &&
    schema.additionalProperties &&
    typeof schema.additionalProperties === 'object'
  ) {
    out.key = generate(schema.additionalProperties, resolve, depth + 1, 'key', seen);
  }
  return out;
}

function arrayExample(schema: Json, resolve: RefResolver, depth: number, name: string | undefined, seen: Set<string>): unknown[] {
  const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
  const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const count = Math.min(Math.max(1, minItems), maxItems);
  if (depth >= MAX_DEPTH || count === 0) return [];
  const item = generate(schema.items ?? {}, resolve, depth + 1, name, seen);
  if (count === 1 || schema.uniqueItems !== true) return Array.from({ length: count }, () => item);
  // unique items: vary numbers and strings
  return Array.from({ length: count }, (_, i) => (typeof item === 'number' ? item + i : typeof item === 'string' ? `${item}${i}` : item));
}

function numberExample(schema: Json, integer: boolean): number {
  const step = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : integer ? 1 : 0;
  let low = typeof schema.minimum === 'number' ? schema.minimum : -Infinity;
  let high = typeof schema.maximum === 'number' ? schema.maximum : Infinity;
  if (schema.exclusiveMinimum === true) low = nextAbove(low, step, integer);
  if (schema.exclusiveMaximum === true) high = nextBelow(high, step, integer);
  let value = low > -Infinity ? low : high < 1 ? high : 1;
  if (integer) value = Math.ceil(value);
  if (step > 0) value = Math.ceil(value / step - 1e-9) * step;
  if (value > high && step > 0) value = Math.floor(high / step + 1e-9) * step;
  return Number(value.toFixed(10));
}

const nextAbove = (bound: number, step: number, integer: boolean): number =>
  integer ? Math.floor(bound) + 1 : step > 0 ? bound + step : bound + 0.5;
const nextBelow = (bound: number, step: number, integer: boolean): number =>
  integer ? Math.ceil(bound) - 1 : step > 0 ? bound - step : bound - 0.5;

function stringExample(schema: Json, name: string | undefined): string {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  const pattern = typeof schema.pattern === 'string' ? safeRegExp(schema.pattern) : undefined;
  const fits = (value: string): boolean =>
    value.length >= minLength && value.length <= maxLength && (pattern === undefined || pattern.test(value));
  const format = typeof schema.format === 'string' ? FORMAT_EXAMPLES[schema.format] : undefined;
  const candidates = [format, hintFor(name), 'string'].filter((c): c is string => c !== undefined);
  for (const candidate of candidates) if (fits(candidate)) return candidate;
  if (pattern !== undefined && typeof schema.pattern === 'string') {
    const sampled = sampleOf(schema.pattern);
    // an unanchored end (e.g. ^wss?://) leaves room for more: a host makes it a URL too
    if (sampled !== undefined) for (const candidate of [`${sampled}example.com`, sampled]) if (fits(candidate)) return candidate;
  }
  const base = candidates[0];
  if (base.length > maxLength) return base.slice(0, maxLength);
  return base.padEnd(minLength, 'x');
}

/** A value for a few well-known property names, tried before the plain "string". */
function hintFor(name: string | undefined): string | undefined {
  switch (name) {
    case 'currency':
      return 'EUR';
    case 'stationId':
      return 'CP-0001';
    case 'idToken':
    case 'idTag':
      return '04A1B2C3D4';
    case 'vendorId':
      return 'com.example';
    case 'protocol':
      return 'ocpp1.6';
    case 'timeZone':
      return 'Europe/Berlin';
    default:
      return undefined;
  }
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    try {
      return new RegExp(pattern);
    } catch {
      return undefined;
    }
  }
}

/**
 * The shortest string a simple regular expression matches (literals, escapes, classes, groups,
 * alternation — its first branch — and quantifiers at their minimum); undefined when the pattern
 * is beyond that (lookarounds, backreferences).
 */
export function sampleOf(pattern: string): string | undefined {
  let i = 0;
  const parseAlternation = (): string | undefined => {
    const branches: (string | undefined)[] = [parseSequence()];
    while (pattern[i] === '|') {
      i++;
      branches.push(parseSequence());
    }
    return branches.find((b) => b !== undefined);
  };
  const parseSequence = (): string | undefined => {
    let out = '';
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      const atom = parseAtom();
      if (atom === undefined) return undefined;
      const [min] = parseQuantifier();
      out += atom.repeat(min);
    }
    return out;
  };
  const parseAtom = (): string | undefined => {
    const c = pattern[i++];
    if (c === '^' || c === '$') return '';
    if (c === '(') {
      if (pattern.startsWith('?:', i)) i += 2;
      else if (pattern[i] === '?') return undefined;
      const inner = parseAlternation();
      if (pattern[i] !== ')') return undefined;
      i++;
      return inner;
    }
    if (c === '[') return parseClass();
    if (c === '\\') return escape(pattern[i++]);
    if (c === '.') return 'a';
    return c;
  };
  const escape = (c: string | undefined): string | undefined => {
    switch (c) {
      case 'd':
        return '0';
      case 'w':
        return 'a';
      case 's':
        return ' ';
      case 'D':
      case 'W':
      case 'S':
        return '-';
      case 'u': {
        const hex = pattern.slice(i, i + 4);
        i += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      case undefined:
        return undefined;
      default:
        return /[A-Za-z0-9]/.test(c) ? undefined : c;
    }
  };
  const parseClass = (): string | undefined => {
    const negated = pattern[i] === '^';
    if (negated) i++;
    const start = i;
    while (i < pattern.length && !(pattern[i] === ']' && i > start)) i += pattern[i] === '\\' ? 2 : 1;
    const body = pattern.slice(start, i);
    i++;
    const cls = safeRegExp(`[${negated ? '^' : ''}${body}]`);
    if (!cls) return undefined;
    for (const candidate of ['a', 'A', '0', '1', 'x', '-', '_', '.', ' ']) if (cls.test(candidate)) return candidate;
    for (let code = 33; code < 127; code++) if (cls.test(String.fromCharCode(code))) return String.fromCharCode(code);
    return undefined;
  };
  const parseQuantifier = (): [number] => {
    const c = pattern[i];
    if (c === '?' || c === '*') {
      i++;
      if (pattern[i] === '?') i++;
      return [0];
    }
    if (c === '+') {
      i++;
      if (pattern[i] === '?') i++;
      return [1];
    }
    if (c === '{') {
      const match = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i));
      if (match) {
        i += match[0].length;
        return [Number(match[1])];
      }
    }
    return [1];
  };
  const result = parseAlternation();
  return i >= pattern.length ? result : undefined;
}
