/** A CSV field: quoted when it holds a separator, a quote or a line break (RFC 4180); formula-like text defused. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  // numbers and booleans read the same as JSON; objects as their JSON
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  // Spreadsheets run a cell that starts with = + - @ as a formula: keep it text.
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV with a header line, CRLF line ends. */
export function toCsv<T>(rows: readonly T[], columns: ReadonlyArray<{ header: string; value(row: T): unknown }>): string {
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Offers `text` as a file download. */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
