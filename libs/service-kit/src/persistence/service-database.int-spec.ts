import type { MigrationInterface, QueryRunner } from 'typeorm';
import { infraEnv, uniqueName } from '@voltlane/testing';
import { openServiceDatabase } from './service-database';

class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE widget (id int PRIMARY KEY)');
    await runner.query('INSERT INTO widget VALUES (1)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE widget');
  }
}

describe('openServiceDatabase', () => {
  const env = infraEnv();

  it('lets replicas that start together on a new schema take turns: one migrates, all open', async () => {
    const schema = uniqueName('race');
    const open = () => openServiceDatabase({ url: env.databaseUrl, schema, entities: [], migrations: [CreateWidgets1700000000000], poolSize: 2 });
    const sources = await Promise.all([open(), open(), open(), open()]);
    try {
      const [{ count }] = await sources[0].query<{ count: number }[]>('SELECT count(*)::int AS count FROM migrations');
      expect(count).toBe(1);
      expect(await sources[3].query('SELECT id FROM widget')).toEqual([{ id: 1 }]);
    } finally {
      await Promise.all(sources.map((s) => s.destroy()));
    }
  });
});
