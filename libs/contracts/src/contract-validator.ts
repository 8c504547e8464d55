import type { Static, TSchema } from '@sinclair/typebox';
import Ajv, { type AnySchema, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** A message that left another process does not match its contract. */
export class ContractViolation extends Error {
  constructor(
    readonly contract: string,
    readonly detail: string,
  ) {
    super(`${contract} contract violated: ${detail}`);
    this.name = 'ContractViolation';
  }
}

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: false, strict: true });
  addFormats(ajv);
  return ajv;
}

// Two instances: a schema and its closed copy share their `$id`, which one Ajv may hold once.
const readers = newAjv();
const writers = newAjv();

function validatorOf<T>(ajv: Ajv, name: string, schema: AnySchema): (value: unknown) => T {
  const validate: ValidateFunction = ajv.compile(schema);
  return (value: unknown): T => {
    if (validate(value)) return value as T;
    const error = validate.errors?.[0];
    const extra = error?.keyword === 'additionalProperties' ? ` (${String(error.params['additionalProperty'])})` : '';
    throw new ContractViolation(name, `${error?.instancePath || '/'} ${error?.message ?? 'is invalid'}${extra}`);
  };
}

/** Compiles a contract's JSON schema once; the returned function validates and narrows. */
export function contractValidator<T>(name: string, schema: AnySchema): (value: unknown) => T {
  return validatorOf<T>(readers, name, schema);
}

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions'];
const SCHEMA_VALUES = ['items', 'additionalItems', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames'];
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf'];

/**
 * A deep copy of `schema` in which every object schema that names its `properties` and says
 * nothing about others gets `additionalProperties: false`: what a producer may publish. Objects
 * without `properties` (an OCPP payload) stay open. The schemas themselves stay open, because a
 * v1 consumer must accept a field added later (docs/contracts.md).
 */
export function closedSchema<S>(schema: S): S {
  if (Array.isArray(schema)) return schema.map((s: unknown) => closedSchema(s)) as S;
  if (schema === null || typeof schema !== 'object') return schema;
  const source = schema as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...source };
  for (const key of SCHEMA_MAPS) {
    const map = source[key];
    if (map && typeof map === 'object') copy[key] = Object.fromEntries(Object.entries(map).map(([k, s]) => [k, closedSchema(s)]));
  }
  for (const key of SCHEMA_VALUES) if (key in source) copy[key] = closedSchema(source[key]);
  for (const key of SCHEMA_LISTS) if (Array.isArray(source[key])) copy[key] = closedSchema(source[key]);
  if ('properties' in source && !('additionalProperties' in source)) copy['additionalProperties'] = false;
  return copy as S;
}

/** One message contract: its schema (the single definition) and the two checks derived from it. */
export interface Contract<S extends TSchema> {
  readonly name: string;
  readonly schema: S;
  /**
   * The consumer's check: the record must match the schema; properties the schema does not name
   * are allowed and left in place (a tolerant reader: a producer may add optional fields in v1).
   * Throws ContractViolation.
   */
  readonly incoming: (value: unknown) => Static<S>;
  /**
   * The producer's check before it publishes: as `incoming`, and no property outside the schema
   * (a field the contract does not document never leaves the process). Throws ContractViolation.
   */
  readonly outgoing: (value: unknown) => Static<S>;
}

export function defineContract<S extends TSchema>(name: string, schema: S): Contract<S> {
  return {
    name,
    schema,
    incoming: validatorOf<Static<S>>(readers, name, schema),
    outgoing: validatorOf<Static<S>>(writers, name, closedSchema(schema)),
  };
}
