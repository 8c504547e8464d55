type Json = Record<string, unknown>;

/**
 * A JSON schema (draft-06/07, as the OCPP schemas are) as an OpenAPI 3.0 schema object: local
 * `#/definitions/*` references inlined, `$schema`/`$id`/`javaType`/`comment` dropped, `const` as a
 * one-value enum.
 */
export function toOpenApiSchema(schema: Json): Json {
  const definitions = (schema.definitions ?? {}) as Record<string, Json>;
  const convert = (node: unknown, depth: number): unknown => {
    if (Array.isArray(node)) return node.map((n) => convert(n, depth));
    if (!node || typeof node !== 'object') return node;
    const object = node as Json;
    if (typeof object.$ref === 'string' && object.$ref.startsWith('#/definitions/')) {
      if (depth > 24) return { type: 'object' };
      return convert(definitions[object.$ref.slice('#/definitions/'.length)] ?? {}, depth + 1);
    }
    const out: Json = {};
    for (const [key, value] of Object.entries(object)) {
      if (['$schema', '$id', 'id', 'definitions', 'javaType', 'comment', 'tsEnumNames'].includes(key) && typeof value !== 'object') continue;
      if (key === 'definitions') continue;
      if (key === 'const') {
        out.enum = [value];
        continue;
      }
      out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, convert(v, depth)])) : convert(value, depth);
    }
    return out;
  };
  return convert(schema, 0) as Json;
}
