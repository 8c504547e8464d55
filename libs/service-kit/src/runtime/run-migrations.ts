import { ConfigError, EnvReader } from '@voltlane/config';
import { openServiceDatabase, type ServiceDatabaseOptions } from '../persistence/service-database';
import { loadServiceConfig } from './service-config';

/**
 * The migrate command of a service (the Helm chart's pre-install/pre-upgrade Job): applies the
 * service's migrations to its schema and exits — 0 done, 78 bad configuration, 1 failure.
 */
export function runMigrations(
  options: { readonly name: string; readonly defaultSchema: string } & Readonly<Pick<ServiceDatabaseOptions, 'entities' | 'migrations'>>,
): void {
  const run = async (): Promise<void> => {
    const env = new EnvReader(process.env);
    const config = loadServiceConfig(env, options.name, options.defaultSchema);
    env.done();
    const dataSource = await openServiceDatabase({
      url: config.database.url,
      schema: config.database.schema,
      entities: options.entities,
      migrations: options.migrations,
      poolSize: 1,
    });
    const applied = await dataSource.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY id');
    await dataSource.destroy();
    process.stdout.write(
      `${options.name}: schema "${config.database.schema}" is at ${applied.at(-1)?.name ?? 'no migration'} (${applied.length} applied)\n`,
    );
  };
  run().then(
    () => process.exit(0),
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
