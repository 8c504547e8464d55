import { type ErrorObject } from 'ajv';
import { describeAjvError, rpcErrorForKeyword } from './ajv-error-mapping';

function ajvError(partial: Partial<ErrorObject>): ErrorObject {
  return { keyword: 'type', instancePath: '', schemaPath: '#', params: {}, message: 'must be string', ...partial };
}

describe('ajv error mapping', () => {
  it.each([
    ['type', 'TypeConstraintViolation'],
    ['required', 'OccurrenceConstraintViolation'],
    ['minItems', 'OccurrenceConstraintViolation'],
    ['maxItems', 'OccurrenceConstraintViolation'],
    ['additionalProperties', 'OccurrenceConstraintViolation'],
    ['enum', 'PropertyConstraintViolation'],
    ['const', 'PropertyConstraintViolation'],
    ['maxLength', 'PropertyConstraintViolation'],
    ['minLength', 'PropertyConstraintViolation'],
    ['pattern', 'PropertyConstraintViolation'],
    ['format', 'PropertyConstraintViolation'],
    ['minimum', 'PropertyConstraintViolation'],
    ['maximum', 'PropertyConstraintViolation'],
    ['multipleOf', 'PropertyConstraintViolation'],
    ['oneOf', 'FormatViolation'],
    ['if', 'FormatViolation'],
    ['toString', 'FormatViolation'],
  ])('%s -> %s', (keyword, name) => {
    expect(rpcErrorForKeyword(keyword)).toBe(name);
  });

  it.each([
    [ajvError({ instancePath: '/idTag' }), '/idTag must be string'],
    [ajvError({ keyword: 'required', message: "must have required property 'idTag'" }), "(root) must have required property 'idTag'"],
    [
      ajvError({
        keyword: 'additionalProperties',
        message: 'must NOT have additional properties',
        params: { additionalProperty: 'foo' },
      }),
      "(root) must NOT have additional properties ('foo')",
    ],
    [
      ajvError({
        keyword: 'enum',
        instancePath: '/status',
        message: 'must be equal to one of the allowed values',
        params: { allowedValues: ['A', 'B'] },
      }),
      '/status must be equal to one of the allowed values: A, B',
    ],
  ])('describes %j as %s', (error, text) => {
    expect(describeAjvError(error)).toBe(text);
  });

  it('keeps the description within 255 characters', () => {
    const allowedValues = Array.from({ length: 100 }, (_, i) => `Value${i}`);
    const text = describeAjvError(ajvError({ keyword: 'enum', instancePath: '/x', params: { allowedValues } }));
    expect(text).toHaveLength(255);
  });
});
