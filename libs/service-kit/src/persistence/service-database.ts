import { Client } from 'pg';
import { DataSource, type MixedList, type EntitySchema } from 'typeorm';
import { ColumnBoundsSubscriber } from './column-bounds.subscriber';

export interface ServiceDatabaseOptions {
  url: string;
  /** The service's own PostgreSQL schema; created if missing. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens a service's database: its own schema (search_path set on every pooled connection, so
 * migrations use unqualified names), migrations run in order, never `synchronize`. Replicas (and
 * services sharing a schema such as `iam`) that start together take turns: a PostgreSQL advisory
 * lock per schema is held from CREATE SCHEMA to the last migration, so only one of them migrates
 * and the others find the work done. Every insert and update through TypeORM is checked against
 * its columns' bounds first (ColumnBoundsSubscriber): an impossible value is a ValueOutOfBounds.
 */
export async function openServiceDatabase(options: ServiceDatabaseOptions): Promise<DataSource> {
  if (!IDENTIFIER.test(options.schema)) throw new Error(`invalid schema name "${options.schema}"`);
  const admin = new Client({ connectionString: options.url });
  await admin.connect();
  const lockKey = `voltlane:migrations:${options.schema}`;
  try {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    await admin.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    return await openMigrated(options);
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    await admin.end();
  }
}

async function openMigrated(options: ServiceDatabaseOptions): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    subscribers: [ColumnBoundsSubscriber],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: options.poolSize ?? 10, options: `-c search_path=${options.schema}` },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}
