/** A 1.6 transactionId as the stored reference; 0 and negative ids (-1: Start never got through) mean none. */
export function transactionRef16(transactionId: number | undefined): string | null {
  return transactionId !== undefined && Number.isInteger(transactionId) && transactionId > 0 ? String(transactionId) : null;
}
