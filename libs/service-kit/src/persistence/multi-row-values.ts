/**
 * The VALUES list of a multi-row INSERT and its parameters: rows of equal length become
 * `($1, $2), ($3, $4)`; `casts` (by column, e.g. 'jsonb') are appended to each placeholder.
 */
export function multiRowValues(
  rows: readonly (readonly unknown[])[],
  casts: readonly (string | undefined)[] = [],
): { sql: string; params: unknown[] } {
  if (rows.length === 0) throw new RangeError('multiRowValues: no rows');
  const width = rows[0].length;
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    if (row.length !== width) throw new RangeError(`multiRowValues: rows of ${width} and ${row.length} values`);
    const placeholders = row.map((value, i) => {
      params.push(value);
      return casts[i] ? `$${params.length}::${casts[i]}` : `$${params.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  return { sql: tuples.join(', '), params };
}
