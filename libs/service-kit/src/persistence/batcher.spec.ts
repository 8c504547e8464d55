import { Batcher } from './batcher';

describe('Batcher', () => {
  it('sends what is submitted in one turn of the event loop as one batch, and each caller gets its own result', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>(
      async (items) => (batches.push(items), items.map((n) => n * 10)),
      async (n) => n * 10,
    );
    expect(await Promise.all([1, 2, 3].map((n) => batcher.submit(n)))).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('gathers what comes while a batch runs into the next one, at most maxItems each', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const batcher = new Batcher<number, void>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await first;
        return items.map(() => undefined);
      },
      async () => undefined,
      { maxItems: 2 },
    );
    const all = [batcher.submit(1)];
    await new Promise((r) => setImmediate(r));
    all.push(batcher.submit(2), batcher.submit(3), batcher.submit(4));
    await new Promise((r) => setTimeout(r, 10));
    expect(batches).toEqual([[1]]);
    release();
    await Promise.all(all);
    expect(batches).toEqual([[1], [2, 3], [4]]);
  });

  it('re-runs a failed batch item by item: only the item that fails rejects', async () => {
    const batcher = new Batcher<number, number>(
      async (items) => {
        if (items.includes(13)) throw new Error('batch refused');
        return items;
      },
      async (n) => {
        if (n === 13) throw new Error('13 refused');
        return n;
      },
    );
    const outcomes = await Promise.allSettled([12, 13, 14].map((n) => batcher.submit(n)));
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 12 },
      { status: 'rejected', reason: new Error('13 refused') },
      { status: 'fulfilled', value: 14 },
    ]);
    expect(batcher.stats).toEqual({ batches: 2, items: 2, fallbacks: 1 });
  });

  it('a lone item that fails rejects with the batch error, without a second attempt', async () => {
    let one = 0;
    const batcher = new Batcher<number, number>(
      async () => {
        throw new Error('database away');
      },
      async (n) => (one++, n),
    );
    await expect(batcher.submit(1)).rejects.toThrow('database away');
    expect(one).toBe(0);
  });
});
