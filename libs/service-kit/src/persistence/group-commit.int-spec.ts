import type { DataSource, EntityManager } from 'typeorm';
import { infraEnv, sqlMigration, uniqueName } from '@voltlane/testing';
import { classifyFailure } from '../consuming/failure-class';
import { GroupCommit } from './group-commit';
import { openServiceDatabase } from './service-database';

const CreateCounters1700000000000 = sqlMigration(
  'CreateCounters1700000000000',
  ['CREATE TABLE counter (id text PRIMARY KEY, n integer NOT NULL CHECK (n >= 0))'],
  'DROP TABLE counter',
);

describe('GroupCommit (real PostgreSQL)', () => {
  const env = infraEnv();
  let db: DataSource;

  beforeAll(async () => {
    db = await openServiceDatabase({
      url: env.databaseUrl,
      schema: uniqueName('groupcommit'),
      entities: [],
      migrations: [CreateCounters1700000000000],
      poolSize: 4,
    });
  });
  afterAll(async () => {
    await db?.destroy();
  });

  /** A unit: bump a counter, return the transaction it ran in. */
  const bump =
    (id: string, by = 1) =>
    async (m: EntityManager) => {
      await m.query('INSERT INTO counter (id, n) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET n = counter.n + $2', [id, by]);
      const [{ xid }] = await m.query<{ xid: string }[]>('SELECT txid_current()::text AS xid');
      return xid;
    };

  it('runs the units submitted together in one transaction, in order, each seeing the writes before it, and resolves each after the commit', async () => {
    const group = new GroupCommit(db, { maxItems: 100 });
    const seen: number[] = [];
    const units = Array.from({ length: 20 }, (_, i) =>
      group.run(async (m) => {
        const xid = await bump('shared')(m);
        const [{ n }] = await m.query<{ n: number }[]>('SELECT n FROM counter WHERE id = $1', ['shared']);
        seen.push(n);
        return { i, xid };
      }),
    );
    const results = await Promise.all(units);
    expect(results.map((r) => r.i)).toEqual([...Array(20).keys()]);
    expect(new Set(results.map((r) => r.xid)).size).toBe(1);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Committed: another connection sees every bump.
    const [{ n }] = await db.query<{ n: number }[]>('SELECT n FROM counter WHERE id = $1', ['shared']);
    expect(n).toBe(20);
    expect(group.stats).toEqual({ transactions: 1, units: 20, fallbacks: 0 });
  });

  it('keeps at most maxUnits in a transaction and runs later submissions in the next one', async () => {
    const group = new GroupCommit(db, { maxItems: 4 });
    const xids = await Promise.all(Array.from({ length: 10 }, (_, i) => group.run(bump(`m${i}`))));
    expect(new Set(xids).size).toBe(3);
    expect(group.stats.transactions).toBe(3);
  });

  it('a unit that fails fails alone: the batch is rolled back and re-run unit by unit, the others commit once', async () => {
    const group = new GroupCommit(db);
    const outcomes = await Promise.allSettled([
      group.run(bump('f1')),
      group.run(bump('f-bad', -5)),
      group.run(bump('f2')),
      group.run(bump('f2')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const failure = classifyFailure((outcomes[1] as PromiseRejectedResult).reason);
    expect(failure.kind).toBe('permanent');
    const rows = await db.query<{ id: string; n: number }[]>(`SELECT id, n FROM counter WHERE id LIKE 'f%' ORDER BY id`);
    expect(rows).toEqual([
      { id: 'f1', n: 1 },
      { id: 'f2', n: 2 },
    ]);
    expect(group.stats.fallbacks).toBe(1);
  });

  it('a unit alone under light load runs in its own transaction at once', async () => {
    const group = new GroupCommit(db);
    const first = await group.run(bump('alone'));
    const second = await group.run(bump('alone'));
    expect(first).not.toBe(second);
    expect(group.stats).toEqual({ transactions: 2, units: 2, fallbacks: 0 });
  });

  it('runs up to `concurrency` transactions at once on separate connections', async () => {
    const group = new GroupCommit(db, { concurrency: 2, maxItems: 1 });
    let inside = 0;
    let most = 0;
    const connections = new Set<number>();
    let together: number[] = [];
    // Units wait inside their transaction at a gate, so that the two a limit of 2 lets in meet there
    // however slowly each one gets in. The gate opens a grace period after two are inside (time for
    // a third to join if the limit let one in), at once when a third does, and after a fallback
    // when no two ever meet (a limit of 1), so that the test fails instead of hanging.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const fallback = setTimeout(() => open(), 10_000);
    let grace: NodeJS.Timeout | undefined;
    const unit = () =>
      group.run(async (m) => {
        const [{ pid }] = await m.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
        inside++;
        connections.add(pid);
        most = Math.max(most, inside);
        if (inside === 2 && !grace) {
          together = [...connections];
          grace = setTimeout(() => open(), 250);
        }
        if (inside > 2) open();
        await gate;
        connections.delete(pid);
        inside--;
      });
    try {
      await Promise.all([unit(), unit(), unit(), unit()]);
    } finally {
      clearTimeout(fallback);
      clearTimeout(grace);
    }
    expect(most).toBe(2);
    expect(together).toHaveLength(2); // two backends, i.e. two connections
  });
});
