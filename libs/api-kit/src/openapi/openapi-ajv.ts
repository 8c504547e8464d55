import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

/**
 * Validates values against OpenAPI 3.0 schema objects of one document (its `#/components/schemas`
 * references resolved) with ajv: `nullable` as OpenAPI means it, formats of ajv-formats, and the
 * OpenAPI-only keywords (example, discriminator, xml, …) ignored.
 */
export class OpenApiSchemaValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });

  constructor(components: Json | undefined) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi:components', components: rebase(components ?? {}) });
  }

  compile(schema: unknown): ValidateFunction {
    return this.ajv.compile({ $id: `openapi:schema:${(this.count += 1)}`, allOf: [rebase(schema)] });
  }

  /** Where `value` does not fit `schema` (ajv's messages), or [] when it does. */
  errors(schema: unknown, value: unknown): string[] {
    const validate = this.compile(schema);
    return validate(value)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
  }

  private count = 0;
}

/**
 * The schema in the JSON-schema terms ajv knows: `#/components/…` references pointed at the
 * document's components (registered under their own id), OpenAPI 3.0's boolean
 * exclusiveMinimum/exclusiveMaximum as draft-07 numbers, `nullable` without a `type` dropped
 * (such a schema allows null anyway). Values (example, default, enum) are left as they are.
 */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema as Json)) {
    if (k === 'properties' && v && typeof v === 'object')
      out[k] = Object.fromEntries(Object.entries(v as Json).map(([name, property]) => [name, rebase(property)]));
    else if (k === 'example' || k === 'default' || k === 'enum') out[k] = v;
    else if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/')) out[k] = `openapi:components${v}`;
    else out[k] = rebase(v);
  }
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[exclusive] !== 'boolean') continue;
    if (out[exclusive] === true && typeof out[bound] === 'number') {
      out[exclusive] = out[bound];
      delete out[bound];
    } else delete out[exclusive];
  }
  if ('nullable' in out && out.type === undefined) delete out.nullable;
  return out;
}
