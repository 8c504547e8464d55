import type { DataSource } from 'typeorm';
import { openServiceDatabase } from '@voltlane/service-kit';
import { createLogger } from '@voltlane/telemetry';
import { infraEnv, sqlMigration, uniqueName } from '@voltlane/testing';
import { LastSeenTracker } from './last-seen-tracker';

const CreateStation1700000000000 = sqlMigration(
  'CreateStation1700000000000',
  ['CREATE TABLE station (id text PRIMARY KEY, last_seen_at timestamptz NULL)'],
  'DROP TABLE station',
);

describe('LastSeenTracker (real PostgreSQL)', () => {
  let db: DataSource;

  beforeAll(async () => {
    db = await openServiceDatabase({
      url: infraEnv().databaseUrl,
      schema: uniqueName('lastseen'),
      entities: [],
      migrations: [CreateStation1700000000000],
      poolSize: 4,
    });
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const lastSeen = async (id: string): Promise<string | null> => {
    const rows = await db.query<{ at: Date | null }[]>('SELECT last_seen_at AS at FROM station WHERE id = $1', [id]);
    return rows[0]?.at?.toISOString() ?? null;
  };

  it('creates rows it has not seen, never moves a time back, and leaves a row another transaction holds for the next interval', async () => {
    const tracker = new LastSeenTracker(db, 60_000, createLogger('spec', 'silent'));
    await db.query(`INSERT INTO station (id, last_seen_at) VALUES ('held', '2026-01-01T00:00:00Z'), ('later', '2026-06-01T00:00:00Z')`);
    tracker.seen('new', new Date('2026-03-01T00:00:00Z'));
    tracker.seen('held', new Date('2026-03-01T00:00:00Z'));
    tracker.seen('later', new Date('2026-03-01T00:00:00Z'));

    const runner = db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(`SELECT 1 FROM station WHERE id = 'held' FOR UPDATE`);
    try {
      // The interval's write does not wait for the held row.
      await tracker.flush({ skipLocked: true });
      expect(await lastSeen('new')).toBe('2026-03-01T00:00:00.000Z');
      expect(await lastSeen('later')).toBe('2026-06-01T00:00:00.000Z');
      expect(await lastSeen('held')).toBe('2026-01-01T00:00:00.000Z');
    } finally {
      await runner.commitTransaction();
      await runner.release();
    }
    // The next write catches up.
    await tracker.flush({ skipLocked: true });
    expect(await lastSeen('held')).toBe('2026-03-01T00:00:00.000Z');
  });

  it('an explicit flush waits for held rows and writes everything', async () => {
    const tracker = new LastSeenTracker(db, 60_000, createLogger('spec', 'silent'));
    await db.query(`INSERT INTO station (id) VALUES ('busy')`);
    tracker.seen('busy', new Date('2026-04-01T00:00:00Z'));
    const runner = db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(`SELECT 1 FROM station WHERE id = 'busy' FOR UPDATE`);
    const flushed = tracker.flush();
    await new Promise((r) => setTimeout(r, 100));
    expect(await lastSeen('busy')).toBeNull();
    await runner.commitTransaction();
    await runner.release();
    await flushed;
    expect(await lastSeen('busy')).toBe('2026-04-01T00:00:00.000Z');
  });
});
