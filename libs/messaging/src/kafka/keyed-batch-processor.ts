/** The part of a record the keyed processor needs: its key (the station id) and offset. */
export interface KeyedRecord {
  key: string;
  offset: string;
}

export interface KeyedBatchOptions<T extends KeyedRecord> {
  /** Keys processed at the same time (records of one key always one after another). */
  maxConcurrency: number;
  /**
   * Called with the offset of the last record of the done prefix each time that prefix grows:
   * every record up to and including it has been handled, so it may be committed.
   */
  onDone: (offset: string, record: T) => void | Promise<void>;
  /** Checked before each record is started; false stops taking new records (rebalance, stop). */
  shouldContinue?: () => boolean;
}

/**
 * Handles the records of one partition batch: different keys concurrently (up to
 * `maxConcurrency`), the records of one key strictly in their order. Offsets are reported done
 * only as a contiguous prefix, so a committed offset never passes a record that is still running
 * or failed. When a handler fails, no further record is started; the ones running are awaited,
 * the done prefix is reported and the first error is thrown, so the consumer re-delivers from
 * the first record that is not done (at least once; records of other keys after it that already
 * ran are delivered again).
 */
export async function processKeyedBatch<T extends KeyedRecord>(
  records: readonly T[],
  handle: (record: T) => Promise<void>,
  options: KeyedBatchOptions<T>,
): Promise<void> {
  if (records.length === 0) return;
  const queues = new Map<string, number[]>();
  records.forEach((record, index) => {
    const queue = queues.get(record.key);
    if (queue) queue.push(index);
    else queues.set(record.key, [index]);
  });
  const keys = [...queues.values()];
  const done = new Array<boolean>(records.length).fill(false);
  let next = 0; // first record of the batch that is not done
  let nextKey = 0;
  let failure: { error: unknown } | undefined;
  let reporting: Promise<void> = Promise.resolve();
  /** A report that failed (e.g. a heartbeat refused during a rebalance): no later report is made. */
  let reportFailure: { error: unknown } | undefined;
  const shouldContinue = options.shouldContinue ?? (() => true);

  const complete = (index: number): void => {
    done[index] = true;
    if (index !== next) return;
    while (next < records.length && done[next]) next++;
    const record = records[next - 1];
    // Reports are chained so they reach the consumer in offset order. A failed report is caught
    // here, not left as a rejected promise while the workers run (an unhandled rejection), and
    // stops the batch like a failed record.
    reporting = reporting
      .then(() => (reportFailure ? undefined : options.onDone(record.offset, record)))
      .catch((error: unknown) => {
        reportFailure ??= { error };
        failure ??= { error };
      });
  };

  const worker = async (): Promise<void> => {
    while (!failure && nextKey < keys.length) {
      const queue = keys[nextKey++];
      for (const index of queue) {
        if (failure || !shouldContinue()) return;
        try {
          await handle(records[index]);
        } catch (error) {
          failure ??= { error };
          return;
        }
        complete(index);
      }
    }
  };

  const workers = Math.max(1, Math.min(options.maxConcurrency, keys.length));
  await Promise.all(Array.from({ length: workers }, () => worker()));
  await reporting;
  if (reportFailure) throw reportFailure.error;
  if (failure) throw failure.error;
}
