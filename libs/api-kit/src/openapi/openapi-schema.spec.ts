import { OCPP_VERSIONS, actionsOf, schemaFor } from '@voltlane/ocpp';
import { toOpenApiSchema } from './openapi-schema';

type Json = Record<string, unknown>;

/** Keywords an OpenAPI 3.0 Schema Object may hold (besides x-* extensions). */
const ALLOWED = new Set([
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

/** Paths (e.g. `/properties/a/items`) of every keyword OpenAPI 3.0 does not allow, and of every type that is not one string. */
function violations(schema: unknown, at = ''): string[] {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return [`${at}: not a schema object`];
  const s = schema as Json;
  const out: string[] = [];
  for (const [key, value] of Object.entries(s)) {
    if (key.startsWith('x-')) continue;
    if (!ALLOWED.has(key)) out.push(`${at}/${key}`);
    if (key === 'type' && typeof value !== 'string') out.push(`${at}/type: ${JSON.stringify(value)}`);
    if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value !== 'boolean')
      out.push(`${at}/${key}: ${JSON.stringify(value)}`);
    if (key === 'required' && (!Array.isArray(value) || value.length === 0)) out.push(`${at}/required: empty`);
    if (key === '$ref' && typeof value === 'string' && !value.startsWith('#/components/')) out.push(`${at}/$ref: ${value}`);
    if (key === 'properties')
      for (const [name, property] of Object.entries(value as Json)) out.push(...violations(property, `${at}/properties/${name}`));
    if (key === 'items' || key === 'not' || (key === 'additionalProperties' && typeof value === 'object'))
      out.push(...violations(value, `${at}/${key}`));
    if (key === 'allOf' || key === 'anyOf' || key === 'oneOf')
      (value as unknown[]).forEach((part, i) => out.push(...violations(part, `${at}/${key}/${i}`)));
  }
  return out;
}

describe('toOpenApiSchema: a JSON schema as a valid OpenAPI 3.0 schema object', () => {
  it.each<[string, Json, Json]>([
    [
      'drops $schema, $id, id, $comment, comment, javaType, tsEnumNames',
      {
        $schema: 'http://json-schema.org/draft-07/schema',
        $id: 'urn:X.req',
        id: 'urn:x',
        $comment: 'c',
        comment: 'c',
        javaType: 'X',
        tsEnumNames: ['A'],
        type: 'string',
      },
      { type: 'string' },
    ],
    [
      'drops additionalItems next to a single items schema',
      { type: 'array', items: { type: 'integer' }, additionalItems: false, minItems: 1 },
      { type: 'array', items: { type: 'integer' }, minItems: 1 },
    ],
    [
      'turns a tuple into items.anyOf with its length',
      { type: 'array', items: [{ type: 'integer' }, { type: 'string' }], additionalItems: false },
      { type: 'array', items: { anyOf: [{ type: 'integer' }, { type: 'string' }] }, maxItems: 2 },
    ],
    [
      'keeps one item schema for a tuple of equal items',
      { type: 'array', items: [{ type: 'integer' }, { type: 'integer' }] },
      { type: 'array', items: { type: 'integer' } },
    ],
    ['const → a one-value enum', { const: 'Accepted' }, { enum: ['Accepted'] }],
    [
      'type [string, null] → string, nullable',
      { type: ['string', 'null'], maxLength: 5 },
      { type: 'string', nullable: true, maxLength: 5 },
    ],
    ['type [string, integer] → anyOf', { type: ['string', 'integer'] }, { allOf: [{ anyOf: [{ type: 'string' }, { type: 'integer' }] }] }],
    ['type null → nullable enum [null]', { type: 'null' }, { nullable: true, enum: [null] }],
    [
      'anyOf of one schema and null → that schema, nullable (its own description kept)',
      { description: 'maybe', anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] },
      { description: 'maybe', type: 'integer', minimum: 0, nullable: true },
    ],
    [
      'anyOf of an enum and null → the enum with null, nullable',
      { anyOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'null' }] },
      { type: 'string', enum: ['a', 'b', null], nullable: true },
    ],
    [
      'anyOf of two schemas and null stays an anyOf',
      { anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] },
      { anyOf: [{ type: 'string' }, { type: 'integer' }, { nullable: true, enum: [null] }] },
    ],
    ['an enum listing null gets nullable', { type: 'string', enum: ['a', null] }, { type: 'string', enum: ['a', null], nullable: true }],
    [
      'numeric exclusiveMinimum/Maximum → boolean form',
      { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 10 },
      { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: true },
    ],
    [
      'the stricter of minimum and exclusiveMinimum wins',
      { type: 'integer', minimum: 5, exclusiveMinimum: 2 },
      { type: 'integer', minimum: 5 },
    ],
    [
      'draft-04 boolean exclusiveMinimum is kept',
      { type: 'integer', minimum: 0, exclusiveMinimum: true },
      { type: 'integer', minimum: 0, exclusiveMinimum: true },
    ],
    ['examples → example', { type: 'string', examples: ['x', 'y'] }, { type: 'string', example: 'x' }],
    [
      'drops if/then/else, dependencies, patternProperties, propertyNames, contains',
      {
        type: 'object',
        if: { required: ['a'] },
        then: { required: ['b'] },
        else: {},
        dependencies: { a: ['b'] },
        patternProperties: { '^x': {} },
        propertyNames: { maxLength: 3 },
        contains: {},
      },
      { type: 'object' },
    ],
    [
      'drops an empty required, de-duplicates one',
      { type: 'object', required: [], properties: { a: { type: 'object', required: ['b', 'b'] } } },
      { type: 'object', properties: { a: { type: 'object', required: ['b'] } } },
    ],
    [
      'keeps x-* extensions and components refs',
      { 'x-unit': 'Wh', $ref: '#/components/schemas/Problem' },
      { $ref: '#/components/schemas/Problem' },
    ],
    [
      'boolean schemas',
      { type: 'object', properties: { any: true, none: false }, additionalProperties: false },
      { type: 'object', properties: { any: {}, none: { not: {} } }, additionalProperties: false },
    ],
  ])('%s', (_name, input, expected) => {
    expect(toOpenApiSchema(input)).toEqual(expected);
    expect(violations(toOpenApiSchema(input))).toEqual([]);
  });

  it('inlines #/definitions and #/$defs references, a recursive one cut off', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema',
      definitions: {
        StatusEnumType: { type: 'string', enum: ['Accepted', 'Rejected'], javaType: 'StatusEnum' },
        Node: { type: 'object', properties: { child: { $ref: '#/definitions/Node' } } },
      },
      $defs: { Id: { type: 'integer', minimum: 0 } },
      type: 'object',
      properties: { status: { $ref: '#/definitions/StatusEnumType' }, id: { $ref: '#/$defs/Id' }, tree: { $ref: '#/definitions/Node' } },
      required: ['status'],
    };
    const converted = toOpenApiSchema(schema);
    expect(converted).toMatchObject({
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ['Accepted', 'Rejected'] }, id: { type: 'integer', minimum: 0 } },
    });
    expect(JSON.stringify(converted)).not.toMatch(/definitions|\$defs|javaType|\$schema/);
    let depth = 0;
    for (
      let node = (converted.properties as Json).tree as Json;
      (node.properties as Json | undefined)?.child;
      node = (node.properties as Json).child as Json
    )
      depth++;
    expect(depth).toBeGreaterThan(20);
    expect(violations(converted)).toEqual([]);
  });

  it.each(OCPP_VERSIONS)('gives a valid OpenAPI 3.0 schema for every official %s request and response schema', (version) => {
    const schemas = actionsOf(version).flatMap(({ action }) =>
      (['request', 'response'] as const).map((kind) => [`${action} ${kind}`, schemaFor(version, action, kind)] as const),
    );
    const problems = schemas.flatMap(([name, schema]) =>
      schema ? violations(toOpenApiSchema(schema as Json)).map((v) => `${name}${v}`) : [],
    );
    expect(problems).toEqual([]);
    expect(schemas.filter(([, schema]) => schema).length).toBeGreaterThanOrEqual(78);
  });
});
