import type { Pool } from 'pg';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { gaugeFromReadings } from '@voltlane/telemetry';

/** A PostgreSQL connection pool of the process, by the name its metrics carry (`pool` label). */
export interface NamedDataSource {
  name: string;
  dataSource: DataSource;
}

type Reading = [Record<string, string>, number];

/**
 * Connection-pool metrics of the process's PostgreSQL pools, read on scrape from the counts `pg`
 * keeps: connections in use and idle, the pool's limit, and queries waiting for a connection (a
 * pool at its limit with queries waiting is exhausted).
 */
export function bindDatabasePoolMetrics(registry: Registry, pools: () => readonly NamedDataSource[]): void {
  const each = (read: (pool: Pool) => Reading[]): Reading[] =>
    pools().flatMap(({ name, dataSource }) => {
      const pool = poolOf(dataSource);
      return pool ? read(pool).map(([labels, n]): Reading => [{ pool: name, ...labels }, n]) : [];
    });
  gaugeFromReadings(
    registry,
    'voltlane_db_pool_connections',
    'Open PostgreSQL connections of the pool, by state (used, idle)',
    ['pool', 'state'],
    () =>
      each((p) => [
        [{ state: 'used' }, p.totalCount - p.idleCount],
        [{ state: 'idle' }, p.idleCount],
      ]),
  );
  gaugeFromReadings(registry, 'voltlane_db_pool_max_connections', 'The most connections the PostgreSQL pool opens', ['pool'], () =>
    each((p) => [[{}, p.options.max ?? 10]]),
  );
  gaugeFromReadings(
    registry,
    'voltlane_db_pool_waiting_requests',
    'Queries waiting for a free PostgreSQL connection of the pool',
    ['pool'],
    () => each((p) => [[{}, p.waitingCount]]),
  );
}

/** The `pg` pool behind a TypeORM data source (none before it is initialized or after it is destroyed). */
export function poolOf(dataSource: DataSource): Pool | undefined {
  if (!dataSource.isInitialized) return undefined;
  const master = (dataSource.driver as { master?: unknown }).master;
  return master && typeof master === 'object' && 'totalCount' in master ? (master as Pool) : undefined;
}
