import { Registry } from 'prom-client';
import type { DataSource, QueryRunner } from 'typeorm';
import { infraEnv, parseExposition, sampleValue, uniqueName, waitFor } from '@voltlane/testing';
import { bindDatabasePoolMetrics } from './pool-metrics';
import { openServiceDatabase } from './service-database';

describe('PostgreSQL pool metrics, on the real server', () => {
  const env = infraEnv();
  const schema = uniqueName('pool');
  const registry = new Registry();
  let dataSource: DataSource;
  const held: QueryRunner[] = [];
  const scrape = async () => parseExposition(await registry.metrics());
  const value = async (name: string, labels: Record<string, string> = {}) => sampleValue(await scrape(), name, { pool: 'spec', ...labels });

  beforeAll(async () => {
    dataSource = await openServiceDatabase({ url: env.databaseUrl, schema, entities: [], migrations: [], poolSize: 2 });
    bindDatabasePoolMetrics(registry, () => [{ name: 'spec', dataSource }]);
  });
  afterAll(async () => {
    await Promise.all(held.map((r) => r.release()));
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  async function hold(): Promise<QueryRunner> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.query('SELECT 1');
    held.push(runner);
    return runner;
  }

  it('reflects held connections, the limit, and a query waiting on an exhausted pool', async () => {
    expect(await value('voltlane_db_pool_max_connections')).toBe(2);
    const first = await hold();
    expect(await value('voltlane_db_pool_connections', { state: 'used' })).toBe(1);
    await hold();
    expect(await value('voltlane_db_pool_connections', { state: 'used' })).toBe(2);
    expect(await value('voltlane_db_pool_connections', { state: 'idle' })).toBe(0);
    expect(await value('voltlane_db_pool_waiting_requests')).toBe(0);

    // Both connections are held: the next query waits for one.
    const waiting = dataSource.query('SELECT 42 AS answer');
    await waitFor(async () => (await value('voltlane_db_pool_waiting_requests')) === 1, { message: 'a query waiting' });
    await first.release();
    held.splice(held.indexOf(first), 1);
    expect(await waiting).toEqual([{ answer: 42 }]);
    expect(await value('voltlane_db_pool_waiting_requests')).toBe(0);
    expect(await value('voltlane_db_pool_connections', { state: 'idle' })).toBe(1);
    expect(await value('voltlane_db_pool_connections', { state: 'used' })).toBe(1);
  });

  it('exports nothing for a pool that is closed', async () => {
    const closed = await openServiceDatabase({ url: env.databaseUrl, schema, entities: [], migrations: [], poolSize: 1 });
    await closed.destroy();
    const other = new Registry();
    bindDatabasePoolMetrics(other, () => [{ name: 'closed', dataSource: closed }]);
    expect(sampleValue(parseExposition(await other.metrics()), 'voltlane_db_pool_max_connections')).toBeUndefined();
  });
});
