export interface BatcherOptions {
  /** Items in one batch at most. */
  maxItems?: number;
  /** Batches in flight at once. */
  concurrency?: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Micro-batching for writes: items submitted while a batch of this batcher runs, or in the same
 * turn of the event loop, go out together in the next batch (one statement or one transaction
 * instead of one each); each caller's promise settles with its own item's outcome, only once the
 * batch holding it is done. Under light load every item goes out alone, at once.
 *
 * A batch that fails is retried item by item (`runOne`), so an item that fails fails alone and
 * the others succeed; a failure every item meets (the database away) reaches every caller, whose
 * failure policy retries it.
 */
export class Batcher<I, O> {
  private readonly queue: Pending<I, O>[] = [];
  private running = 0;
  private scheduled = false;
  private readonly maxItems: number;
  private readonly concurrency: number;
  /** Batches done, items in them, batches that fell back to one by one (metrics, tests). */
  readonly stats = { batches: 0, items: 0, fallbacks: 0 };

  constructor(
    private readonly runBatch: (items: I[]) => Promise<O[]>,
    private readonly runOne: (item: I) => Promise<O>,
    options: BatcherOptions = {},
  ) {
    this.maxItems = Math.max(1, options.maxItems ?? 64);
    this.concurrency = Math.max(1, options.concurrency ?? 1);
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.concurrency || this.queue.length === 0) return;
    this.scheduled = true;
    // Gather what this turn of the event loop submits (the concurrent records of a fetched batch).
    setImmediate(() => {
      this.scheduled = false;
      while (this.running < this.concurrency && this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxItems);
        this.running++;
        void this.flush(batch).finally(() => {
          this.running--;
          this.schedule();
        });
      }
    });
  }

  private async flush(batch: Pending<I, O>[]): Promise<void> {
    let results: O[];
    try {
      results = await this.runBatch(batch.map((p) => p.item));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      // Find who failed: each item alone, in order.
      this.stats.fallbacks++;
      for (const pending of batch) {
        try {
          pending.resolve(await this.runOne(pending.item));
          this.count(1);
        } catch (itemError) {
          pending.reject(itemError);
        }
      }
      return;
    }
    this.count(batch.length);
    batch.forEach((pending, i) => pending.resolve(results[i]));
  }

  private count(items: number): void {
    this.stats.batches++;
    this.stats.items += items;
  }
}
