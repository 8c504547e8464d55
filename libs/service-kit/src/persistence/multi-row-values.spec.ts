import { multiRowValues } from './multi-row-values';

describe('multiRowValues', () => {
  it('numbers the placeholders row after row and casts by column', () => {
    expect(
      multiRowValues(
        [
          ['a', 1, '{}'],
          ['b', 2, null],
        ],
        [undefined, undefined, 'jsonb'],
      ),
    ).toEqual({ sql: '($1, $2, $3::jsonb), ($4, $5, $6::jsonb)', params: ['a', 1, '{}', 'b', 2, null] });
  });

  it('refuses no rows and ragged rows', () => {
    expect(() => multiRowValues([])).toThrow(RangeError);
    expect(() => multiRowValues([[1], [1, 2]])).toThrow(/rows of 1 and 2/);
  });
});
