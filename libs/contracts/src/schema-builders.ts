import { Type, type SchemaOptions, type StringOptions, type TSchema, type TUnion, type TNull, type TUnsafe } from '@sinclair/typebox';

/**
 * Small TypeBox builders shared by the contracts, so that every schema prints as the plain JSON
 * Schema a reader of docs/asyncapi.json expects (`enum`, not TypeBox's `anyOf` of `const`s).
 * Each contract's TypeScript type is `Static<typeof schema>`: one definition, two views.
 */

/**
 * A closed set of values as a JSON Schema `enum`; the static type is the union of the values.
 * v1 consumers refuse a value outside the set (docs/contracts.md), so adding one needs a v2 topic.
 */
export function Enum<const T extends readonly (string | number)[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  const type = values.every((v) => typeof v === 'string') ? 'string' : 'integer';
  return Type.Unsafe<T[number]>({ ...options, type, enum: [...values] });
}

/** `schema` or JSON `null` (printed as `anyOf`). */
export function Nullable<S extends TSchema>(schema: S, options: SchemaOptions = {}): TUnion<[S, TNull]> {
  return Type.Union([schema, Type.Null()], options);
}

/** An ISO 8601 date-time string (RFC 3339, as JSON Schema's `date-time`). */
export function Timestamp(options: StringOptions = {}) {
  return Type.String({ ...options, format: 'date-time' });
}

/** A JSON object whose fields the contract does not describe (an OCPP payload, error details). */
export function OpenObject(options: SchemaOptions = {}): TUnsafe<Record<string, unknown>> {
  return Type.Unsafe<Record<string, unknown>>({ ...options, type: 'object' });
}

/**
 * The OCPP versions of the v1 topics, spelled as on the wire (the same set as @voltlane/ocpp's
 * OCPP_VERSIONS; contract-compatibility.spec.ts fails when a version is added there, since a new
 * value is a change a v1 consumer refuses).
 */
export const V1_PROTOCOLS = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const;

export function Protocol(options: SchemaOptions = {}) {
  return Enum(V1_PROTOCOLS, options);
}

/** A station id as the gateway accepts it (OCPP identity, at most 48 characters). */
export function StationId(options: SchemaOptions = {}) {
  return Type.String({ ...options, minLength: 1, maxLength: 48 });
}

/** The keys of a value → meaning table, in their written order: the values of an `Enum`. */
export function valuesOf<K extends string>(meanings: Readonly<Record<K, string>>): readonly K[] {
  return Object.freeze(Object.keys(meanings) as K[]);
}

/** "`a`: meaning; `b`: meaning." — the meaning of each value, for an `Enum`'s description. */
export function meaningsText(meanings: Readonly<Record<string, string>>): string {
  return Object.entries(meanings)
    .map(([value, meaning]) => `\`${value}\`: ${meaning}`)
    .join('; ');
}
