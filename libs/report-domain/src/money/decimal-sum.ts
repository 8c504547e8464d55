const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * The exact sum of decimal strings ("12.50" + "0.125" = "12.625"), without floating point: each
 * amount is scaled to the largest number of decimals and added as a bigint. Keeps at least
 * `minScale` decimals (the currency's minor units) in the result.
 */
export function sumDecimals(amounts: string[], minScale = 2): string {
  const parsed = amounts.map((amount) => {
    const match = DECIMAL.exec(amount);
    if (!match) throw new RangeError(`not a decimal amount: "${amount}"`);
    return { negative: match[1] === '-', whole: match[2], fraction: match[3] ?? '' };
  });
  const scale = Math.max(minScale, ...parsed.map((p) => p.fraction.length));
  let total = 0n;
  for (const p of parsed) {
    const units = BigInt(p.whole + p.fraction.padEnd(scale, '0'));
    total += p.negative ? -units : units;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}
