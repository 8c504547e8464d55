import { processKeyedBatch, type KeyedRecord } from './keyed-batch-processor';

const rec = (offset: number, key: string): KeyedRecord => ({ key, offset: String(offset) });
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** A handler whose every call waits until the test releases it. */
function gated() {
  const waiting = new Map<string, () => void>();
  const started: string[] = [];
  const finished: string[] = [];
  const handle = (r: KeyedRecord) =>
    new Promise<void>((resolve) => {
      started.push(r.offset);
      waiting.set(r.offset, () => {
        finished.push(r.offset);
        resolve();
      });
    });
  const release = async (offset: number) => {
    const go = waiting.get(String(offset));
    if (!go) throw new Error(`record ${offset} is not running`);
    waiting.delete(String(offset));
    go();
    await tick();
  };
  return { handle, release, started, finished };
}

describe('processKeyedBatch', () => {
  it('runs different keys concurrently and the records of one key strictly one after another', async () => {
    const records = [rec(10, 'a'), rec(11, 'b'), rec(12, 'a'), rec(13, 'c'), rec(14, 'b'), rec(15, 'a')];
    const g = gated();
    const done: string[] = [];
    const run = processKeyedBatch(records, g.handle, { maxConcurrency: 8, onDone: (o) => void done.push(o) });
    await tick();
    expect(g.started).toEqual(['10', '11', '13']); // the first record of every key, nothing else of a
    await g.release(10); // a: 10 done, so 12 starts
    expect(g.started).toEqual(['10', '11', '13', '12']);
    await g.release(13);
    await g.release(11);
    expect(g.started).toEqual(['10', '11', '13', '12', '14']);
    await g.release(12);
    await g.release(14);
    await g.release(15);
    await run;
    const byKey = (k: string) => g.finished.filter((o) => records.find((r) => r.offset === o)!.key === k);
    expect(byKey('a')).toEqual(['10', '12', '15']);
    expect(byKey('b')).toEqual(['11', '14']);
    expect(done.at(-1)).toBe('15');
  });

  it('reports an offset done only when every record before it is done', async () => {
    const records = [rec(0, 'slow'), rec(1, 'x'), rec(2, 'y'), rec(3, 'x')];
    const g = gated();
    const done: string[] = [];
    const run = processKeyedBatch(records, g.handle, { maxConcurrency: 8, onDone: (o) => void done.push(o) });
    await tick();
    await g.release(1);
    await g.release(2);
    await g.release(3);
    expect(done).toEqual([]); // 0 is still running: nothing may be committed past it
    await g.release(0);
    await run;
    expect(done).toEqual(['3']);
  });

  it('reports the done prefix in offset order as it grows', async () => {
    const records = [rec(0, 'a'), rec(1, 'b'), rec(2, 'c')];
    const g = gated();
    const done: string[] = [];
    const run = processKeyedBatch(records, g.handle, { maxConcurrency: 8, onDone: (o) => void done.push(o) });
    await tick();
    await g.release(0);
    expect(done).toEqual(['0']);
    await g.release(2);
    expect(done).toEqual(['0']);
    await g.release(1);
    await run;
    expect(done).toEqual(['0', '2']);
  });

  it('never runs more keys at once than maxConcurrency', async () => {
    const records = Array.from({ length: 40 }, (_, i) => rec(i, `k${i % 10}`));
    let running = 0;
    let peak = 0;
    const seen = new Map<string, number[]>();
    await processKeyedBatch(
      records,
      async (r) => {
        running++;
        peak = Math.max(peak, running);
        await tick(Math.random() * 3);
        seen.set(r.key, [...(seen.get(r.key) ?? []), Number(r.offset)]);
        running--;
      },
      { maxConcurrency: 3, onDone: () => undefined },
    );
    expect(peak).toBe(3);
    for (const [key, offsets] of seen) expect(offsets).toEqual(records.filter((r) => r.key === key).map((r) => Number(r.offset)));
  });

  it('on a failure: starts nothing new, awaits the running records, reports only the done prefix and throws', async () => {
    const records = [rec(0, 'a'), rec(1, 'b'), rec(2, 'a'), rec(3, 'c'), rec(4, 'b')];
    const started: string[] = [];
    const done: string[] = [];
    let cFinished = false;
    const run = processKeyedBatch(
      records,
      async (r) => {
        started.push(r.offset);
        if (r.offset === '1') throw new Error('database down');
        if (r.offset === '3') {
          await tick(20);
          cFinished = true;
        }
      },
      { maxConcurrency: 8, onDone: (o) => void done.push(o) },
    );
    await expect(run).rejects.toThrow('database down');
    expect(cFinished).toBe(true); // the running record of key c was awaited
    expect(started).not.toContain('4'); // b's next record never starts after b failed
    expect(done.at(-1)).toBe('0'); // 1 failed: the commit stops before it even though 2 and 3 may be done
  });

  it('stops taking records when the consumer stops (rebalance) and reports only what is done', async () => {
    const records = [rec(0, 'a'), rec(1, 'a'), rec(2, 'a')];
    let running = true;
    const done: string[] = [];
    const handled: string[] = [];
    await processKeyedBatch(
      records,
      async (r) => {
        handled.push(r.offset);
        running = false;
      },
      { maxConcurrency: 8, shouldContinue: () => running, onDone: (o) => void done.push(o) },
    );
    expect(handled).toEqual(['0']);
    expect(done).toEqual(['0']);
  });

  it('a report that fails (a heartbeat refused in a rebalance) rejects the batch, without an unhandled rejection, and starts nothing new', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const records = [rec(0, 'a'), rec(1, 'a'), rec(2, 'a'), rec(3, 'a')];
      const handled: string[] = [];
      const reported: string[] = [];
      const rebalancing = new Error('The group is rebalancing, so a rejoin is needed');
      const batch = processKeyedBatch(
        records,
        async (r) => {
          handled.push(r.offset);
          // Let the report of this record run (and fail) before the next record is taken.
          await new Promise((resolve) => setTimeout(resolve, 5));
        },
        {
          maxConcurrency: 8,
          onDone: async (offset) => {
            reported.push(offset);
            throw rebalancing;
          },
        },
      );
      await expect(batch).rejects.toBe(rebalancing);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      expect(reported).toEqual(['0']);
      expect(handled.length).toBeLessThan(records.length);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
