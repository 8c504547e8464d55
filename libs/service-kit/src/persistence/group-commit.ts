import type { DataSource, EntityManager } from 'typeorm';
import { Batcher, type BatcherOptions } from './batcher';

type Work = (manager: EntityManager) => Promise<unknown>;

/** Runs units one after another in `manager`'s transaction. */
async function runUnits(manager: EntityManager, units: readonly Work[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const work of units) out.push(await work(manager));
  return out;
}

/**
 * Group commit: units of work submitted while a transaction of this group is running, or in the
 * same turn of the event loop, share the next transaction — one BEGIN, one COMMIT (one WAL flush)
 * for all of them instead of one each. The frames of different stations a consumer handles
 * concurrently thereby become one transaction, and each frame is still answered on its own,
 * only after the transaction holding its effects has committed.
 *
 * A batch is equivalent to running its units one after another: they run in submission order on
 * one connection and each sees the writes of those before it. A unit must only touch the
 * database through the manager it is given (no nested `dataSource.transaction`, no awaiting
 * anything outside the database) and must not catch a database error and carry on, since a
 * failed statement aborts the whole PostgreSQL transaction.
 *
 * A batch that fails is rolled back as a whole and its units are run again one transaction each
 * (Batcher), so a unit that fails (a permanent failure: a constraint, a bound) fails alone and the
 * others commit; a transient failure (the database away) fails every unit it reaches, for the
 * caller's failure policy to retry. Under light load every unit runs alone, as before.
 *
 * `concurrency` (transactions of the group in flight at once) stays 1, the default, when units
 * lock rows: two batches locking the same rows in different orders would deadlock, where two
 * single-row transactions could not.
 */
export class GroupCommit {
  private readonly batcher: Batcher<Work, unknown>;

  constructor(dataSource: DataSource, options: BatcherOptions = {}) {
    this.batcher = new Batcher<Work, unknown>(
      (units) => dataSource.transaction((manager) => runUnits(manager, units)),
      (work) => dataSource.transaction(work),
      options,
    );
  }

  /** Transactions committed, units in them, batches re-run unit by unit. */
  get stats(): { transactions: number; units: number; fallbacks: number } {
    const { batches, items, fallbacks } = this.batcher.stats;
    return { transactions: batches, units: items, fallbacks };
  }

  /** Runs `work` in a transaction shared with other units; resolves with its result once committed. */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.batcher.submit(work) as Promise<T>;
  }
}
