// Test support: builds a minimal valid instance of an OCPP schema and a set of invalid variants
// with the RPC error each should produce. Not exported from the library's index.
import { type RpcErrorName } from '../errors/error-codes';
import { type JsonSchema } from '../schemas/json-schema';

/** A fixed RFC 3339 timestamp keeps generated examples reproducible. */
export const EXAMPLE_DATE_TIME = '2025-01-23T12:00:00.000Z';

export interface InvalidExample {
  readonly name: string;
  readonly payload: unknown;
  readonly expected: RpcErrorName;
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  if (schema.$ref === undefined) return schema;
  const name = /^#\/definitions\/(.+)$/.exec(schema.$ref)?.[1];
  const target = name === undefined ? undefined : root.definitions?.[name];
  if (target === undefined) throw new Error(`cannot resolve $ref ${schema.$ref}`);
  return resolve(target, root);
}

function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type[0] : schema.type;
}

function minimalString(schema: JsonSchema): string {
  if (schema.format === 'date-time') return EXAMPLE_DATE_TIME;
  if (schema.format === 'uri') return 'https://example.com/f';
  const length = Math.min(Math.max(schema.minLength ?? 0, 1), schema.maxLength ?? Number.MAX_SAFE_INTEGER);
  return 'x'.repeat(length);
}

/**
 * The smallest instance that satisfies `schema`: required properties only, first enum value,
 * arrays of `minItems` items, strings of `minLength` (at least 1), numbers at `minimum` (or 0).
 */
export function minimalInstance(schema: JsonSchema, root: JsonSchema = schema): unknown {
  const s = resolve(schema, root);
  if (s.enum !== undefined) return s.enum[0];
  switch (typeOf(s)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) {
        const property = s.properties?.[key];
        out[key] = property === undefined ? 'x' : minimalInstance(property, root);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => minimalInstance(s.items ?? {}, root));
    case 'string':
      return minimalString(s);
    case 'integer':
    case 'number':
      return s.minimum ?? 0;
    case 'boolean':
      return false;
    default:
      return 'any JSON value';
  }
}

function wrongTypeValue(type: string): unknown {
  return type === 'string' ? 42 : `not-a-${type}`;
}

/**
 * Invalid variants of `minimalInstance(schema)`, one per kind of violation the schema allows:
 * a missing required field or an unknown property (OccurrenceConstraint), a wrong JSON type on a
 * field and on the payload itself (TypeConstraint), and a value outside an enum (PropertyConstraint).
 */
export function invalidExamples(schema: JsonSchema): InvalidExample[] {
  const valid = minimalInstance(schema) as Record<string, unknown>;
  const required = schema.required ?? [];
  const properties = Object.entries(schema.properties ?? {}).map(([key, p]) => [key, resolve(p, schema)] as const);
  const examples: InvalidExample[] = [{ name: 'payload is an array', payload: [], expected: 'TypeConstraintViolation' }];

  const [firstRequired] = required;
  if (firstRequired !== undefined) {
    const { [firstRequired]: _dropped, ...rest } = valid;
    examples.push({
      name: `missing required ${firstRequired}`,
      payload: rest,
      expected: 'OccurrenceConstraintViolation',
    });
  }
  if (schema.additionalProperties === false) {
    examples.push({
      name: 'unknown property',
      payload: { ...valid, notInTheSchema: 1 },
      expected: 'OccurrenceConstraintViolation',
    });
  }
  // Prefer a required field; otherwise any typed one (it is absent from `valid`, so adding it is fine).
  const typed = [...properties]
    .sort(([a], [b]) => Number(required.includes(b)) - Number(required.includes(a)))
    .find(([, p]) => typeOf(p) !== undefined);
  if (typed !== undefined) {
    const [key, p] = typed;
    examples.push({
      name: `${key} has the wrong type`,
      payload: { ...valid, [key]: wrongTypeValue(typeOf(p)!) },
      expected: 'TypeConstraintViolation',
    });
  }
  const enumField = properties.find(([key, p]) => required.includes(key) && p.enum !== undefined && (typeOf(p) ?? 'string') === 'string');
  if (enumField !== undefined) {
    examples.push({
      name: `${enumField[0]} outside its enum`,
      payload: { ...valid, [enumField[0]]: 'NotAnAllowedValue' },
      expected: 'PropertyConstraintViolation',
    });
  }
  return examples;
}
