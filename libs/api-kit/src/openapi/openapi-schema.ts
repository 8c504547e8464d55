type Json = Record<string, unknown>;

/** The keywords of an OpenAPI 3.0 Schema Object (besides `x-*` extensions); anything else is not allowed there. */
const OPENAPI_30_KEYWORDS = new Set([
  '$ref',
  'title',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'enum',
  'type',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
  'items',
  'properties',
  'additionalProperties',
  'description',
  'format',
  'default',
  'nullable',
  'discriminator',
  'readOnly',
  'writeOnly',
  'xml',
  'externalDocs',
  'example',
  'deprecated',
]);

/** Deeper than this, a recursive `#/definitions` reference is cut off as `{type: object}`. */
const MAX_INLINE_DEPTH = 24;

/**
 * A JSON schema (draft-04 to 2020-12; the OCPP schemas are draft-07) as a valid OpenAPI 3.0 schema object:
 * - local `#/definitions/*` and `#/$defs/*` references inlined (recursion cut off at depth 24);
 * - `const` as a one-value `enum`; a type array as one type plus `nullable` (several types: an
 *   `allOf: [{anyOf}]` of one schema per type); an `enum` listing `null` gets `nullable`;
 * - numeric `exclusiveMinimum`/`exclusiveMaximum` (draft-06+) as the boolean form of OpenAPI 3.0;
 * - tuple `items` (an array of schemas) as `items: {anyOf}` with the tuple's length as min/maxItems;
 * - `examples` as `example` (the first);
 * - every keyword OpenAPI 3.0 does not allow dropped: `$schema`, `$id`, `id`, `definitions`, `$defs`,
 *   `additionalItems`, `$comment`, `comment`, `javaType`, `tsEnumNames`, `if`/`then`/`else`,
 *   `dependencies`, `patternProperties`, `propertyNames`, `contains`, …; `x-*` extensions are kept;
 * - an empty `required` dropped (OpenAPI 3.0 wants at least one name).
 */
export function toOpenApiSchema(schema: Json): Json {
  const definitions: Json = { ...((schema.$defs as Json | undefined) ?? {}), ...((schema.definitions as Json | undefined) ?? {}) };
  const resolve = (ref: string): Json | undefined => {
    const match = /^#\/(?:definitions|\$defs)\/(.+)$/.exec(ref);
    if (!match) return undefined;
    const name = decodeURIComponent(match[1]).replace(/~1/g, '/').replace(/~0/g, '~');
    return (definitions[name] as Json | undefined) ?? {};
  };

  const convert = (node: unknown, depth: number): unknown => {
    if (typeof node === 'boolean') return node ? {} : { not: {} };
    if (!node || typeof node !== 'object' || Array.isArray(node)) return {};
    const object = node as Json;
    if (typeof object.$ref === 'string') {
      const target = resolve(object.$ref);
      if (target !== undefined) return depth > MAX_INLINE_DEPTH ? { type: 'object' } : convert(target, depth + 1);
      return { $ref: object.$ref };
    }
    const out: Json = {};
    for (const [key, value] of Object.entries(object)) {
      if (key.startsWith('x-')) out[key] = value;
      else if (key === 'properties' && value && typeof value === 'object') {
        out.properties = Object.fromEntries(Object.entries(value as Json).map(([name, property]) => [name, convert(property, depth)]));
      } else if (key === 'additionalProperties') out.additionalProperties = typeof value === 'boolean' ? value : convert(value, depth);
      else if (key === 'items')
        Object.assign(
          out,
          convertItems(value, object, (s) => convert(s, depth)),
        );
      else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
        if (Array.isArray(value) && value.length > 0) out[key] = value.map((s) => convert(s, depth));
      } else if (key === 'not') out.not = convert(value, depth);
      else if (key === 'const') out.enum = [value];
      else if (key === 'examples') {
        if (Array.isArray(value) && value.length > 0 && !('example' in object)) out.example = value[0];
      } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
        const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
        if (typeof value === 'number') {
          // draft-06+: the bound itself; the stricter of it and a plain minimum/maximum wins.
          const plain = object[bound];
          const stricter = typeof plain !== 'number' || (bound === 'minimum' ? value >= plain : value <= plain);
          if (stricter) {
            out[bound] = value;
            out[key] = true;
          }
        } else if (value === true) out[key] = true;
      } else if (key === 'minimum' || key === 'maximum') {
        const exclusive = object[key === 'minimum' ? 'exclusiveMinimum' : 'exclusiveMaximum'];
        const overridden =
          typeof exclusive === 'number' && (key === 'minimum' ? exclusive >= (value as number) : exclusive <= (value as number));
        if (!overridden) out[key] = value;
      } else if (key === 'required') {
        if (Array.isArray(value) && value.length > 0) out.required = [...new Set(value)];
      } else if (key === 'enum') {
        if (Array.isArray(value) && value.length > 0) out.enum = value;
      } else if (key === 'type') applyType(value, out);
      else if (OPENAPI_30_KEYWORDS.has(key)) out[key] = value;
    }
    const alternatives = typeAlternatives(object.type);
    if (alternatives) out.allOf = [...((out.allOf as Json[] | undefined) ?? []), { anyOf: alternatives }];
    collapseNullAlternative(out);
    // OpenAPI 3.0.3: null is valid only with `nullable: true`, and then only if `enum` lists it.
    if (Array.isArray(out.enum) && out.enum.includes(null)) out.nullable = true;
    return out;
  };
  return convert(schema, 0) as Json;
}

/** The converted `{ type: 'null' }`. */
const isNullSchema = (schema: unknown): boolean => {
  const s = schema as Json;
  return Object.keys(s).length === 2 && s.nullable === true && Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null;
};

/**
 * `anyOf`/`oneOf` of one schema and null (TypeBox's `Union([X, Null()])`) as X with `nullable`:
 * OpenAPI 3.0 ignores `nullable` without a `type` beside it.
 */
function collapseNullAlternative(out: Json): void {
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = out[key];
    if (!Array.isArray(list) || list.length !== 2 || list.filter(isNullSchema).length !== 1) continue;
    const other = list.find((s) => !isNullSchema(s)) as Json;
    if ('$ref' in other || 'anyOf' in other || 'oneOf' in other || 'allOf' in other) continue;
    delete out[key];
    const own = { ...out };
    Object.assign(out, other, own, { nullable: true });
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  }
}

const typesOf = (type: unknown): string[] =>
  Array.isArray(type) ? [...new Set(type.filter((t): t is string => typeof t === 'string'))] : typeof type === 'string' ? [type] : [];

/** `type` as OpenAPI 3.0 wants it: one string, `null` as `nullable` (only null: `enum: [null]`). */
function applyType(type: unknown, out: Json): void {
  const types = typesOf(type);
  const nonNull = types.filter((t) => t !== 'null');
  if (types.includes('null')) {
    out.nullable = true;
    if (nonNull.length === 0) out.enum = [null];
  }
  if (nonNull.length === 1) out.type = nonNull[0];
}

/** Several non-null types: an `anyOf` of one schema per type (OpenAPI 3.0 has no type arrays). */
function typeAlternatives(type: unknown): Json[] | undefined {
  const nonNull = typesOf(type).filter((t) => t !== 'null');
  return nonNull.length > 1 ? nonNull.map((t) => ({ type: t })) : undefined;
}

/** `items` (and, for a tuple, its length): OpenAPI 3.0 allows one schema only, never an array of them. */
function convertItems(items: unknown, schema: Json, convert: (s: unknown) => unknown): Json {
  if (!Array.isArray(items)) return { items: convert(items) };
  if (items.length === 0) return {};
  const converted = items.map(convert);
  const unique = [...new Map(converted.map((s) => [JSON.stringify(s), s])).values()];
  const out: Json = { items: unique.length === 1 ? unique[0] : { anyOf: unique } };
  if (schema.additionalItems === false && typeof schema.maxItems !== 'number') out.maxItems = items.length;
  return out;
}
