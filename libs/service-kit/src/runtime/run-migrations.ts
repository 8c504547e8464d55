import { ConfigError, EnvReader, type Env } from '@voltlane/config';
import { openServiceDatabase, type ServiceDatabaseOptions } from '../persistence/service-database';
import { loadServiceConfig } from './service-config';

export type MigratedService = { readonly name: string; readonly defaultSchema: string } & Readonly<
  Pick<ServiceDatabaseOptions, 'entities' | 'migrations'>
>;

/**
 * Applies a service's migrations to its schema (as `env` configures it) and says where the schema
 * stands: `<name>: schema "<schema>" is at <last migration> (<n> applied)`. Throws a ConfigError
 * naming a bad variable.
 */
export async function migrateServiceSchema(options: MigratedService, source: Env = process.env): Promise<string> {
  const env = new EnvReader(source);
  const config = loadServiceConfig(env, options.name, options.defaultSchema);
  env.done();
  const dataSource = await openServiceDatabase({
    url: config.database.url,
    schema: config.database.schema,
    entities: options.entities,
    migrations: options.migrations,
    poolSize: 1,
  });
  try {
    const applied = await dataSource.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY id');
    return `${options.name}: schema "${config.database.schema}" is at ${applied.at(-1)?.name ?? 'no migration'} (${applied.length} applied)`;
  } finally {
    await dataSource.destroy();
  }
}

/**
 * The migrate command of a service (the Helm chart's pre-install/pre-upgrade Job): applies the
 * service's migrations to its schema and exits — 0 done, 78 bad configuration, 1 failure.
 */
export function runMigrations(options: MigratedService): void {
  migrateServiceSchema(options).then(
    (summary) => {
      process.stdout.write(`${summary}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(
        error instanceof ConfigError
          ? `${error.message}\n`
          : `${options.name} migrations failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(error instanceof ConfigError ? 78 : 1);
    },
  );
}
