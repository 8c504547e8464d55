import { csvField, csvHeader, csvLine, csvRow, csvTable, type CsvColumn } from './csv';

describe('CSV field (RFC 4180, OWASP CSV injection)', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+cmd', "'+cmd"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
    ['-', "'-"],
    // Almost a number is still text to a spreadsheet, and may be a formula.
    ['-1.5e3', "'-1.5e3"],
    ['-0.10;x', "'-0.10;x"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])('defuses a leading formula character: %j → %j', (value, expected) => expect(csvField(value)).toBe(expected));

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('quotes only where RFC 4180 needs it: %j → %j', (value, expected) => expect(csvField(value)).toBe(expected));

  it.each([
    ['-0.10', '-0.10'],
    ['+3', '+3'],
    ['-12', '-12'],
  ])('leaves a plain decimal number as a number: %j → %j', (value, expected) => expect(csvField(value)).toBe(expected));

  it('writes numbers and booleans as they are, null and undefined as an empty cell', () => {
    expect(csvField(-5)).toBe('-5');
    expect(csvField(12.346)).toBe('12.346');
    expect(csvField(true)).toBe('true');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });
});

describe('CSV records', () => {
  interface Row {
    id: string;
    amount: string;
    note: string | null;
  }
  const columns: CsvColumn<Row>[] = [
    ['id', (r) => r.id],
    ['amount', (r) => r.amount],
    ['note', (r) => r.note],
  ];

  it('ends every record with CRLF and joins fields with commas', () => {
    expect(csvLine(['a', 1, null, '=x'])).toBe("a,1,,'=x\r\n");
    expect(csvHeader(columns)).toBe('id,amount,note\r\n');
    expect(csvRow(columns, { id: 'CS,1', amount: '-0.10', note: '-cmd' })).toBe(`"CS,1",-0.10,'-cmd\r\n`);
  });

  it('writes a table: the header, then one record per row (only the header when there is none)', () => {
    expect(csvTable(columns, [])).toBe('id,amount,note\r\n');
    expect(
      csvTable(columns, [
        { id: 'a', amount: '1', note: null },
        { id: 'b', amount: '2', note: '@x' },
      ]).split('\r\n'),
    ).toEqual(['id,amount,note', 'a,1,', "b,2,'@x", '']);
  });
});
