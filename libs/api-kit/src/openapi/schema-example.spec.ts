import { OCPP_VERSIONS, actionsOf, schemaFor } from '@voltlane/ocpp';
import { OpenApiSchemaValidator } from './openapi-ajv';
import { toOpenApiSchema } from './openapi-schema';
import { problemSchema } from './problem-schema';
import { exampleFor, sampleOf } from './schema-example';

type Json = Record<string, unknown>;

const validator = new OpenApiSchemaValidator({
  schemas: { Problem: problemSchema, Money: { type: 'string', pattern: '^(0|[1-9][0-9]{0,11})(\\.[0-9]{1,6})?$' } },
});
const resolve = (ref: string): Json | undefined =>
  ref === '#/components/schemas/Money'
    ? { type: 'string', pattern: '^(0|[1-9][0-9]{0,11})(\\.[0-9]{1,6})?$' }
    : ref === '#/components/schemas/Problem'
      ? (problemSchema as Json)
      : undefined;

describe('exampleFor: a valid example from an OpenAPI 3.0 schema', () => {
  it.each<[string, Json, unknown]>([
    ['date-time', { type: 'string', format: 'date-time' }, '2026-01-31T12:00:00.000Z'],
    ['uri', { type: 'string', format: 'uri' }, 'https://example.com/resource'],
    ['uuid', { type: 'string', format: 'uuid' }, '3fa85f64-5717-4562-b3fc-2c963f66afa6'],
    ['email', { type: 'string', format: 'email' }, 'operator@example.com'],
    ['the first enum value', { type: 'string', enum: ['Hard', 'Soft'] }, 'Hard'],
    ['the schema example first', { type: 'integer', example: 7, default: 3 }, 7],
    ['then the default', { type: 'integer', default: 3 }, 3],
    ['an integer at its minimum', { type: 'integer', minimum: 1000, maximum: 120_000 }, 1000],
    ['an integer above an exclusive minimum', { type: 'integer', minimum: 0, exclusiveMinimum: true }, 1],
    ['a negative maximum', { type: 'integer', maximum: -5 }, -5],
    ['a multipleOf', { type: 'number', minimum: 0.3, multipleOf: 0.25 }, 0.5],
    ['a string at its minLength', { type: 'string', minLength: 16 }, 'stringxxxxxxxxxx'],
    ['a string cut to its maxLength', { type: 'string', maxLength: 3 }, 'str'],
    ['a string matching a pattern', { type: 'string', pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' }, '00:00'],
    ['a money pattern', { type: 'string', pattern: '^(0|[1-9][0-9]{0,11})(\\.[0-9]{1,6})?$' }, '0'],
    ['an unanchored URL pattern', { type: 'string', format: 'uri', pattern: '^wss?://' }, 'ws://example.com'],
    [
      'a currency',
      { type: 'object', required: ['currency'], properties: { currency: { type: 'string', pattern: '^[A-Z]{3}$' } } },
      { currency: 'EUR' },
    ],
    [
      'only the required properties',
      { type: 'object', required: ['a'], properties: { a: { type: 'boolean' }, b: { type: 'string' } } },
      { a: true },
    ],
    [
      'every property when none is required',
      { type: 'object', properties: { a: { type: 'boolean' }, b: { type: 'string', nullable: true } } },
      { a: true, b: 'string' },
    ],
    ['an array with one item', { type: 'array', items: { type: 'integer', minimum: 2 } }, [2]],
    [
      'an array with minItems unique items',
      { type: 'array', minItems: 2, uniqueItems: true, items: { type: 'string' } },
      ['string0', 'string1'],
    ],
    ['an empty array when maxItems is 0', { type: 'array', maxItems: 0, items: { type: 'string' } }, []],
    ['a map', { type: 'object', additionalProperties: { type: 'integer' } }, { key: 1 }],
    [
      'oneOf: its first alternative',
      { oneOf: [{ type: 'string', format: 'uuid' }, { type: 'integer' }] },
      '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    ],
    [
      'allOf: the parts merged',
      {
        allOf: [
          { type: 'object', required: ['a'], properties: { a: { type: 'integer' } } },
          { type: 'object', required: ['b'], properties: { b: { type: 'boolean' } } },
        ],
      },
      { a: 1, b: true },
    ],
    ['a $ref', { type: 'object', required: ['price'], properties: { price: { $ref: '#/components/schemas/Money' } } }, { price: '0' }],
    ['nullable without a type: null', { nullable: true }, null],
  ])('%s', (_name, schema, expected) => {
    const example = exampleFor(schema, resolve);
    expect(example).toEqual(expected);
    expect(validator.errors(schema, example)).toEqual([]);
  });

  it('gives Problem its own example', () => {
    expect(
      validator.errors({ $ref: '#/components/schemas/Problem' }, exampleFor({ $ref: '#/components/schemas/Problem' }, resolve)),
    ).toEqual([]);
  });

  it('stops in a recursive schema', () => {
    const tree = { type: 'object', properties: { child: { $ref: '#/components/schemas/Tree' } } };
    expect(exampleFor(tree, (ref) => (ref === '#/components/schemas/Tree' ? tree : undefined))).toEqual({ child: { child: {} } });
  });

  it.each(OCPP_VERSIONS)('is valid for every official %s request and response schema', (version) => {
    const failures = actionsOf(version).flatMap(({ action }) =>
      (['request', 'response'] as const).flatMap((kind) => {
        const official = schemaFor(version, action, kind);
        if (!official) return [];
        const schema = toOpenApiSchema(official);
        const errors = validator.errors(schema, exampleFor(schema));
        return errors.length ? [`${action} ${kind}: ${errors.join('; ')}`] : [];
      }),
    );
    expect(failures).toEqual([]);
  });
});

describe('sampleOf: the shortest match of a simple pattern', () => {
  it.each<[string, string | undefined]>([
    ['^[A-Z]{3}$', 'AAA'],
    ['^[A-Za-z0-9._:@*+|-]{1,48}$', 'a'],
    ['^(100(\\.0{1,4})?|[1-9]?[0-9](\\.[0-9]{1,4})?)$', '100'],
    ['^[^\\u0000]*$', ''],
    ['^\\d+-\\w$', '0-a'],
    ['^wss?://', 'ws://'],
    ['^(?=x)', undefined],
  ])('%s → %s', (pattern, expected) => {
    const sample = sampleOf(pattern);
    expect(sample).toBe(expected);
    if (sample !== undefined) expect(new RegExp(pattern, 'u').test(sample)).toBe(true);
  });
});
