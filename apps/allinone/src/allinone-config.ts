import { join, resolve } from 'node:path';
import { readApiAddress, readConsoleLocation, type ConsoleLocation } from '@voltlane/api-kit';
import { EnvReader } from '@voltlane/config';
import { readOcppListenAddress } from '@voltlane/ocpp-gateway';

export interface AllInOneConfig {
  dataDir: string;
  ocppPort: number;
  host: string;
  postgresPort: number;
  /**
   * An external PostgreSQL (VOLTLANE_DATABASE_URL) to use instead of the embedded one, which is
   * then neither started nor stopped. Unset: the embedded database (the default).
   */
  externalDatabaseUrl?: string;
  /** The built operator console served at / (CONSOLE_DIR); undefined: none. */
  console?: ConsoleLocation;
  /** Passed to every app (gateway and services), after the all-in-one defaults. */
  appEnv: Record<string, string>;
}

/**
 * The embedded defaults: everything on this machine, data in `./.voltlane`, unknown stations
 * registered and accepted on security profile 0. Every default can be overridden by the same
 * variables the distributed apps read. VOLTLANE_DATABASE_URL points it at a PostgreSQL server of
 * the operator's instead of the embedded one (schemas as the services' `*_DB_SCHEMA` say);
 * DATABASE_URL is not read for that, as a shell set up for the distributed mode has it too.
 */
export function loadAllInOneConfig(source: NodeJS.ProcessEnv = process.env): AllInOneConfig {
  const env = new EnvReader(source);
  const listen = readOcppListenAddress(env, '127.0.0.1');
  const config: AllInOneConfig = {
    dataDir: resolve(
      env.string(
        'VOLTLANE_DATA_DIR',
        '.voltlane',
        "Directory of the all-in-one's data: the embedded PostgreSQL, files, the generated CA, test PKI and admin key (relative to the working directory).",
      ),
    ),
    ocppPort: listen.port,
    host: listen.host,
    postgresPort: env.int('VOLTLANE_PG_PORT', 54329, { min: 1, max: 65535 }, 'Port of the embedded PostgreSQL (on 127.0.0.1).'),
    appEnv: {},
  };
  const externalDatabaseUrl = env.url('VOLTLANE_DATABASE_URL', '', ['postgres', 'postgresql'], {
    doc: 'A PostgreSQL server of yours to use instead of the embedded one (schemas as the `<SERVICE>_DB_SCHEMA` variables say); `DATABASE_URL` is not read for this.',
    defaultText: 'unset (the embedded PostgreSQL)',
  });
  if (externalDatabaseUrl) config.externalDatabaseUrl = externalDatabaseUrl;
  // Station uploads and firmware images: on disk under the data dir, reached on the API's port.
  const api = readApiAddress(env, { port: 8080, host: '127.0.0.1' });
  const consoleLocation = readConsoleLocation(env);
  if (consoleLocation) config.console = consoleLocation;
  env.done();
  const apiUrl = `http://${['0.0.0.0', '::'].includes(api.host) ? '127.0.0.1' : api.host}:${api.port}`;
  const files: Record<string, string> = {
    FILES_LOCAL_DIR: join(config.dataDir, 'files'),
    // The OCPI endpoints (/ocpi/versions …) are served on the same API port.
    ...(api.port > 0 ? { FILES_PUBLIC_URL: apiUrl, OCPI_SERVICE_PUBLIC_URL: apiUrl } : {}),
  };
  const defaults: Record<string, string> = {
    ...files,
    OCPP_SECURITY_PROFILE: '0',
    OCPP_ALLOW_UNKNOWN_STATIONS: 'true',
    STATION_SERVICE_UNKNOWN_STATIONS: 'accept',
    GATEWAY_INSTANCE_ID: 'allinone',
    API_HOST: '127.0.0.1',
    // Servers are not used in this mode; these keep the shared config readers satisfied.
    KAFKA_BROKERS: 'in-process:0',
    REDIS_URL: 'redis://in-process:0',
  };
  const passed = Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => e[1] !== undefined));
  config.appEnv = { ...defaults, ...passed, OCPP_PORT: String(config.ocppPort), OCPP_HOST: config.host };
  return config;
}
