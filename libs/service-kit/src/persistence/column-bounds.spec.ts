import { Column, DataSource, Entity, PrimaryColumn, type ColumnType } from 'typeorm';
import { ValueOutOfBounds } from '../consuming/permanent-failure';
import { assertColumnBounds, checkFor, columnBoundsOf, declareColumnBounds, type ColumnShape } from './column-bounds';

/** A column as the tables below write it: the type as plain text. */
type Shape = Omit<Partial<ColumnShape>, 'type'> & { type: string };
const column = (shape: Shape): ColumnShape => ({ propertyName: 'value', databaseName: 'value', ...shape, type: shape.type as ColumnType });
const reasonOf = (shape: Shape, value: unknown): string | undefined => {
  const check = checkFor(column(shape));
  if (!check) throw new Error('no check for this type');
  return check(value);
};

describe('column bounds: integers', () => {
  it.each([
    ['int4', 2147483647, true],
    ['int4', 2147483648, false],
    ['int4', -2147483648, true],
    ['int4', -2147483649, false],
    ['integer', -1, true],
    ['integer', 1.5, false],
    ['integer', Number.NaN, false],
    ['integer', Infinity, false],
    ['integer', '2147483647', true],
    ['integer', '2147483648', false],
    ['integer', 'abc', false],
    ['integer', 2147483647n, true],
    ['integer', 2147483648n, false],
    ['int', 99999999999, false],
    ['smallint', 32767, true],
    ['smallint', 32768, false],
    ['int2', -32768, true],
    ['int2', -32769, false],
    ['bigint', '9223372036854775807', true],
    ['bigint', '9223372036854775808', false],
    ['int8', '-9223372036854775808', true],
    ['int8', '-9223372036854775809', false],
    ['bigint', 1e30, false],
    ['bigint', Number.MAX_SAFE_INTEGER, true],
    ['integer', true, false],
  ])('%s accepts %p: %p', (type, value, ok) => {
    expect(reasonOf({ type }, value) === undefined).toBe(ok);
  });

  it('says which range was left', () => {
    expect(reasonOf({ type: 'integer' }, 2147483648)).toBe('2147483648 is outside int4 (-2147483648..2147483647)');
  });
});

describe('column bounds: numeric', () => {
  it.each([
    // numeric(20,3): at most 17 digits before the point after rounding to 3 places
    [20, 3, '99999999999999999', true], // beyond 2^53: as text
    [20, 3, '100000000000000000', false],
    [20, 3, 9007199254740991, true],
    [20, 3, '99999999999999999.999', true],
    [20, 3, '99999999999999999.9994', true], // rounds down to .999
    [20, 3, '99999999999999999.9995', false], // rounds up into an 18th digit
    [20, 3, '-99999999999999999.999', true],
    [20, 3, '-100000000000000000', false],
    [20, 3, 1e300, false],
    [20, 3, 1e30, false],
    [20, 3, 1.23456789, true], // more scale than declared: PostgreSQL rounds
    [20, 3, 0.0001, true],
    [20, 3, '1e17', false],
    [20, 3, '1e16', true],
    [20, 3, '0.0000000001e27', false], // 1e17 written otherwise: 18 digits
    [20, 3, '0.0000000001e26', true],
    [5, 2, 999.99, true],
    [5, 2, 999.995, false],
    [5, 2, 999.994, true],
    [5, 2, 1000, false],
    [5, 2, '00999.99', true],
    [4, 4, 0.9999, true],
    [4, 4, 1, false],
    [5, 2, Number.NaN, false],
    [5, 2, Infinity, false],
    [5, 2, -Infinity, false],
    [5, 2, 'NaN', false],
    [5, 2, '12abc', false],
    [5, 2, 0, true],
    [5, 2, '0', true],
    [5, 2, 12345678901234567890n, false],
  ])('numeric(%p,%p) accepts %p: %p', (precision, scale, value, ok) => {
    expect(reasonOf({ type: 'numeric', precision, scale }, value) === undefined).toBe(ok);
  });

  it('numeric(p) without a scale has scale 0', () => {
    expect(reasonOf({ type: 'decimal', precision: 3 }, 999)).toBeUndefined();
    expect(reasonOf({ type: 'decimal', precision: 3 }, 999.4)).toBeUndefined();
    expect(reasonOf({ type: 'decimal', precision: 3 }, 999.5)).toBe('999.5 does not fit decimal(3,0) (at most 3 digits before the point)');
  });

  it('numeric without a precision refuses only what is not finite or beyond PostgreSQL', () => {
    expect(reasonOf({ type: 'numeric' }, 1e300)).toBeUndefined();
    expect(reasonOf({ type: 'numeric' }, Infinity)).toBe('Infinity is not a finite number (numeric)');
    expect(reasonOf({ type: 'numeric' }, '1e131072')).toBeDefined();
  });
});

describe('column bounds: floats', () => {
  it.each([
    ['real', 3.4028235e38, true],
    ['real', 3.5e38, false],
    ['float4', -3.5e38, false],
    ['double precision', Number.MAX_VALUE, true],
    ['float8', Infinity, false],
    ['float', Number.NaN, false],
    ['double precision', '1.5', true],
    ['double precision', 'x', false],
  ])('%s accepts %p: %p', (type, value, ok) => {
    expect(reasonOf({ type }, value) === undefined).toBe(ok);
  });
});

describe('column bounds: text', () => {
  it.each([
    [{ type: 'varchar', length: '5' }, 'abcde', true],
    [{ type: 'varchar', length: '5' }, 'abcdef', false],
    [{ type: 'character varying', length: 5 }, '😀😀😀😀😀', true], // 5 code points, 10 UTF-16 units
    [{ type: 'character varying', length: 5 }, '😀😀😀😀😀😀', false],
    [{ type: 'varchar' }, 'x'.repeat(100_000), true],
    [{ type: 'varchar', length: '5' }, 'a\u0000b', false],
    [{ type: 'text' }, 'meter\u0000serial', false],
    [{ type: 'text' }, '\u0000', false],
    [{ type: 'text' }, 'fine', true],
    [{ type: 'text' }, '\\u0000', true], // a backslash and "u0000": text, not NUL
  ])('%p accepts %p: %p', (shape: Shape, value, ok) => {
    expect(reasonOf(shape, value) === undefined).toBe(ok);
  });

  it('names the limit', () => {
    expect(reasonOf({ type: 'varchar', length: '3' }, 'abcd')).toBe('is 4 characters, longer than varchar(3)');
    expect(reasonOf({ type: 'text' }, 'a\u0000')).toBe('contains U+0000 (NUL), which PostgreSQL cannot store in text');
  });
});

describe('column bounds: jsonb', () => {
  it.each([
    [{ a: [{ b: 'x' }] }, true],
    [{ a: [{ b: 'x\u0000' }] }, false],
    [{ ['k\u0000']: 1 }, false],
    [['\u0000'], false],
    ['{"a":"\\u0000"}', false], // JSON text for $1::jsonb
    ['{"a":"\\\\u0000"}', true], // an escaped backslash then "u0000"
    ['{"a":"\\\\\\u0000"}', false],
    [{ at: new Date(0), n: 1e300 }, true],
  ])('accepts %p: %p', (value, ok) => {
    expect(reasonOf({ type: 'jsonb' }, value) === undefined).toBe(ok);
  });

  it('points at the string', () => {
    expect(reasonOf({ type: 'jsonb' }, { data: [{ info: 'a\u0000' }] })).toBe(
      'contains U+0000 (NUL) at .data[0].info, which jsonb cannot store',
    );
  });
});

describe('column bounds: timestamps', () => {
  it.each([
    ['timestamptz', new Date('2024-01-01T00:00:00Z'), true],
    ['timestamptz', new Date('x'), false],
    ['timestamp', new Date(Date.UTC(-4713, 10, 24)), true],
    ['timestamp', new Date(Date.UTC(-4713, 10, 23)), false],
    ['date', new Date(8.64e15), true],
    ['timestamptz', '2024-01-01T00:00:00Z', true],
    ['timestamptz', 'infinity', true],
    ['timestamptz', '2024\u0000', false],
  ])('%s accepts %p: %p', (type, value, ok) => {
    expect(reasonOf({ type }, value) === undefined).toBe(ok);
  });
});

describe('column bounds: types without bounds', () => {
  it.each(['boolean', 'uuid', 'enum', 'bytea'])('%s has no check', (type) => {
    expect(checkFor(column({ type }))).toBeUndefined();
  });
});

@Entity({ name: 'widget' })
class WidgetEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'integer', name: 'connector_id' }) connectorId!: number;
  @Column({
    type: 'numeric',
    precision: 20,
    scale: 3,
    name: 'meter_wh',
    transformer: { to: (v: number | null) => (v === null ? null : v * 1000), from: (v: string) => Number(v) / 1000 },
  })
  meterKwh!: number | null;
  @Column({ type: 'varchar', length: 20 }) vendor!: string;
  @Column({ type: 'jsonb' }) data!: object;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}

describe('column bounds of an entity', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', entities: [WidgetEntity] });
    // Metadata only: no connection is opened.
    await dataSource['buildMetadatas']();
  });

  const valid = (): WidgetEntity => ({
    id: '6a0f7d06-4f6d-4b8e-9a55-3a4f4a0c4b1e',
    connectorId: 1,
    meterKwh: 1.5,
    vendor: 'ACME',
    data: { a: 'b' },
    updatedAt: new Date(),
  });

  it('accepts a valid entity and a partial one (an UPDATE’s SET), skipping raw SQL functions', () => {
    const bounds = columnBoundsOf(dataSource.getMetadata(WidgetEntity));
    expect(() => bounds.assertEntity(valid())).not.toThrow();
    expect(() => bounds.assertEntity({ vendor: 'x', updatedAt: () => 'now()' })).not.toThrow();
  });

  it('is built once per entity', () => {
    expect(columnBoundsOf(dataSource.getMetadata(WidgetEntity))).toBe(columnBoundsOf(dataSource.getMetadata(WidgetEntity)));
  });

  it.each([
    [{ connectorId: 2147483648 }, 'widget.connector_id', '2147483648 is outside int4 (-2147483648..2147483647)'],
    [{ vendor: 'A\u0000' }, 'widget.vendor', 'contains U+0000 (NUL), which PostgreSQL cannot store in text'],
    [{ vendor: 'x'.repeat(21) }, 'widget.vendor', 'is 21 characters, longer than varchar(20)'],
    [{ data: { info: '\u0000' } }, 'widget.data', 'contains U+0000 (NUL) at .info, which jsonb cannot store'],
    [{ updatedAt: new Date('nope') }, 'widget.updated_at', 'is not a valid timestamptz (Invalid Date)'],
    // the transformer's output is what reaches the column: 1e15 kWh is 1e18 Wh
    [{ meterKwh: 1e15 }, 'widget.meter_wh', '1000000000000000000 does not fit numeric(20,3) (at most 17 digits before the point)'],
  ])('refuses %p as %s', (values, field, detail) => {
    const bounds = columnBoundsOf(dataSource.getMetadata(WidgetEntity));
    for (const run of [() => bounds.assertEntity({ ...valid(), ...values }), () => assertColumnBounds(dataSource, WidgetEntity, values)]) {
      let error: unknown;
      try {
        run();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValueOutOfBounds);
      expect(error).toMatchObject({ field, detail, code: 'ValueOutOfBounds' });
    }
  });

  it('accepts any value of a column whose type has no bounds (uuid) but refuses a property that is no column (a typo is a bug, not a station value)', () => {
    expect(() => assertColumnBounds(dataSource, WidgetEntity, { id: 'not checked' })).not.toThrow();
    expect(() => assertColumnBounds(dataSource, WidgetEntity, { connector: 1 } as never)).toThrow(
      'widget has no column for property "connector"',
    );
  });
});

describe('declared column bounds (a table without an entity)', () => {
  const bounds = declareColumnBounds('local_list_entries', {
    id_tag: { type: 'varchar', length: 20, propertyName: 'idTag' },
    version: { type: 'integer' },
  });

  it('checks by property name and names the column', () => {
    expect(() => bounds.assert({ idTag: 'ok', version: 3 })).not.toThrow();
    expect(() => bounds.assert({ version: -2147483649 })).toThrow(
      new ValueOutOfBounds('local_list_entries.version', '-2147483649 is outside int4 (-2147483648..2147483647)'),
    );
  });
});

describe('column bounds: arrays (int4[] and the like)', () => {
  it.each([
    [[0, 1, 2], undefined],
    [[], undefined],
    [[0, null, 2], undefined],
    ['{0,1}', undefined],
    [[0, 2147483648], '[1] 2147483648 is outside int4 (-2147483648..2147483647)'],
    [[1.5], '[0] 1.5 is not an integer (int4)'],
    [{ seqNo: 1 }, 'is not an array'],
  ])('int4[] %j → %s', (value, reason) => {
    const problem = reasonOf({ type: 'integer', isArray: true }, value);
    if (reason === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(reason);
  });

  it('checks text[] elements for NUL', () => {
    expect(reasonOf({ type: 'text', isArray: true }, ['a', 'b\u0000'])).toMatch(/^\[1\] /);
  });
});
