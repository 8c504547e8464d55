/** A value one CSV cell shows; null and undefined are an empty cell. */
export type CsvCell = string | number | boolean | null | undefined;

/** One column of a CSV export: its header and how a row's cell is read. */
export type CsvColumn<T> = readonly [header: string, read: (row: T) => CsvCell];

/**
 * What makes a spreadsheet (Excel, LibreOffice Calc, Google Sheets) read a cell as a formula when
 * it comes first: `=`, `+`, `-`, `@`, tab and carriage return (OWASP, CSV Injection).
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number such as `-0.10`: a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * One CSV field. Text that would start a formula gets a leading apostrophe, which the spreadsheet
 * takes as "this is text" (OWASP CSV injection); numbers, booleans and strings that hold a plain
 * decimal number stay as they are. Then RFC 4180: quoted when it holds a quote, comma or line break.
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record: the fields joined by commas, ended by CRLF (RFC 4180). */
export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map((cell) => csvField(cell)).join(',')}\r\n`;
}

/** The header record of the columns. */
export function csvHeader<T>(columns: readonly CsvColumn<T>[]): string {
  return csvLine(columns.map(([header]) => header));
}

/** The record of one row under the columns. */
export function csvRow<T>(columns: readonly CsvColumn<T>[], row: T): string {
  return csvLine(columns.map(([, read]) => read(row)));
}

/** A whole CSV document: the header, then one record per row. */
export function csvTable<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  return csvHeader(columns) + rows.map((row) => csvRow(columns, row)).join('');
}
