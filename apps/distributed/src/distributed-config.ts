import { resolve } from 'node:path';
import { EnvReader, type Env } from '@voltlane/config';

/** The eight services, in the order the api-edge lists them (a shared operation goes to the first). */
export const SERVICES = ['station', 'customer', 'session', 'metering', 'billing', 'report', 'energy', 'ocpi'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Default port of each service's own API, `/health/*` and `/metrics`. */
export const DEFAULT_SERVICE_PORTS: Readonly<Record<ServiceName, number>> = {
  station: 8081,
  customer: 8082,
  session: 8083,
  metering: 8084,
  billing: 8085,
  report: 8086,
  energy: 8087,
  ocpi: 8088,
};

/** What `npm run start:distributed` itself reads (the apps read the rest of the environment). */
export interface DistributedConfig {
  servicePorts: Record<ServiceName, number>;
  /** Where the launcher keeps its state: the admin API key, the station-service's files. */
  stateDir: string;
  readyTimeoutMs: number;
  stopTimeoutMs: number;
}

/** The variable of a service's port, e.g. `VOLTLANE_STATION_SERVICE_PORT`. */
export function servicePortVariable(service: ServiceName): string {
  return `VOLTLANE_${service.toUpperCase()}_SERVICE_PORT`;
}

/** The launcher's own variables; throws a ConfigError naming every bad one. */
export function loadDistributedConfig(source: Env = process.env): DistributedConfig {
  const env = new EnvReader(source);
  const servicePorts = Object.fromEntries(
    SERVICES.map((service) => [
      service,
      env.int(
        servicePortVariable(service),
        DEFAULT_SERVICE_PORTS[service],
        { min: 1, max: 65535 },
        `\`npm run start:distributed\`: the ${service}-service's \`API_PORT\` (its own operator API, \`/health/*\` and \`/metrics\`, on 127.0.0.1).`,
      ),
    ]),
  ) as Record<ServiceName, number>;
  const config: DistributedConfig = {
    servicePorts,
    stateDir: resolve(
      env.string(
        'VOLTLANE_DISTRIBUTED_DIR',
        '.voltlane/distributed',
        "`npm run start:distributed`'s state: the admin API key it made (`admin-api-key`) and the station-service's files (relative to the working directory).",
      ),
    ),
    readyTimeoutMs:
      env.int(
        'VOLTLANE_DISTRIBUTED_READY_TIMEOUT_S',
        120,
        { min: 1, max: 3_600 },
        '`npm run start:distributed`: how long every app may take to answer `/health/ready` before the start is given up.',
      ) * 1_000,
    stopTimeoutMs:
      env.int(
        'VOLTLANE_DISTRIBUTED_STOP_TIMEOUT_S',
        30,
        { min: 1, max: 3_600 },
        '`npm run start:distributed`: how long an app may take to stop after SIGTERM before it is killed.',
      ) * 1_000,
  };
  env.done();
  return config;
}
