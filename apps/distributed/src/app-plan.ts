/**
 * What `npm run start:distributed` runs: each app's compiled entry, its environment, and the ports
 * it serves. The apps' own configuration loaders read the composed environment, so a bad setting
 * fails here, naming the variable, before anything starts, and the ports shown are the ones the
 * apps will use.
 */
import { join } from 'node:path';
import { loadServiceHttpConfig } from '@voltlane/api-kit';
import { loadEdgeConfig } from '@voltlane/api-edge';
import { ConfigError, type Env } from '@voltlane/config';
import { loadGatewayConfig } from '@voltlane/ocpp-gateway';
import { SERVICES, servicePortVariable, type DistributedConfig, type ServiceName } from './distributed-config';

export type ServiceAppName = `${ServiceName}-service`;
export type AppName = 'ocpp-gateway' | ServiceAppName | 'api-edge';

/** Every app, in start order: the gateway and the services together, then the api-edge. */
export const APP_NAMES: readonly AppName[] = ['ocpp-gateway', ...SERVICES.map((s): ServiceAppName => `${s}-service`), 'api-edge'];

/** Ports a caller sets instead of the environment's (a test passes free ports). */
export interface PortOverrides {
  /** The gateway's station listener (else `OCPP_PORT`, 9000). */
  ocpp?: number;
  /** The gateway's `/metrics` and `/health/*` (else `GATEWAY_OPS_PORT`, 9100). */
  gatewayOps?: number;
  /** The api-edge, the operator API's one entry point (else `API_PORT`, 8080). */
  api?: number;
  /** Each service's own API, `/metrics` and `/health/*` (else `VOLTLANE_<SERVICE>_SERVICE_PORT`, 8081–8088). */
  services?: Partial<Record<ServiceName, number>>;
}

export interface AppPlan {
  name: AppName;
  /** The compiled entry, relative to the build directory. */
  main: string;
  /** The service's migrate command, relative to the build directory (services only). */
  migrate?: string;
  env: Record<string, string>;
  /** Base URL of its `/health/live`, `/health/ready` and `/metrics`. */
  opsUrl: string;
}

export interface StackPlan {
  /** In start order (APP_NAMES). */
  apps: AppPlan[];
  /** `ws://host:port/ocpp`: a station connects to `<gatewayUrl>/<station-id>`. */
  gatewayUrl: string;
  securityProfiles: number[];
  /** The api-edge: `<apiUrl>/api/v1/...`, `<apiUrl>/docs`. */
  apiUrl: string;
}

export interface PlanInput {
  /** The environment every app starts from (the caller's over the servers'); wins over LAB_DEFAULTS. */
  env: Env;
  config: DistributedConfig;
  ports?: PortOverrides;
  /** Extra environment per app, over everything else. */
  appEnv?: Partial<Record<AppName, Env>>;
  /** The services' API_BOOTSTRAP_ADMIN_KEY. */
  adminKey: string;
}

/**
 * The launcher's defaults for every app, as the all-in-one's: loopback only, unknown stations
 * accepted on security profile 0, a short gateway drain (Ctrl-C should not wait 10 s), and the
 * topics made by the launcher before the apps start (as a deployment manages them).
 */
export const LAB_DEFAULTS: Readonly<Record<string, string>> = {
  OCPP_HOST: '127.0.0.1',
  GATEWAY_OPS_HOST: '127.0.0.1',
  API_HOST: '127.0.0.1',
  OCPP_SECURITY_PROFILE: '0',
  OCPP_ALLOW_UNKNOWN_STATIONS: 'true',
  STATION_SERVICE_UNKNOWN_STATIONS: 'accept',
  GATEWAY_DRAIN_WINDOW_MS: '1000',
  GATEWAY_DRAIN_REPLY_GRACE_MS: '1000',
  KAFKA_CREATE_TOPICS: 'false',
};

const LOOPBACK = '127.0.0.1';

function defined(env: Env | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).filter((e): e is [string, string] => e[1] !== undefined));
}

function portString(port: number | undefined, variable: string): Record<string, string> {
  return port === undefined ? {} : { [variable]: String(port) };
}

/** A URL host for a bind address (a wildcard is reached on loopback). */
function reachable(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return LOOPBACK;
  return host.includes(':') ? `[${host}]` : host;
}

function fixedPort(port: number, variable: string): number {
  if (port <= 0) throw new ConfigError(variable, `must be a fixed port (1–65535) for npm run start:distributed, got ${port}`);
  return port;
}

export function planStack(input: PlanInput): StackPlan {
  const servicePorts = { ...input.config.servicePorts, ...input.ports?.services };
  const base: Record<string, string> = {
    ...LAB_DEFAULTS,
    FILES_LOCAL_DIR: join(input.config.stateDir, 'files'),
    // Station uploads and firmware downloads: the station-service serves /files (as the Helm chart routes it).
    FILES_PUBLIC_URL: `http://${LOOPBACK}:${servicePorts.station}`,
    ...defined(input.env),
  };
  const used: [string, number][] = [];
  const services = SERVICES.map((service): AppPlan => {
    const name: ServiceAppName = `${service}-service`;
    const env = {
      ...base,
      API_PORT: String(servicePorts[service]),
      API_BOOTSTRAP_ADMIN_KEY: input.adminKey,
      ...defined(input.appEnv?.[name]),
    };
    const http = loadServiceHttpConfig(env);
    const variable = input.appEnv?.[name]?.API_PORT ? `API_PORT of ${name}` : servicePortVariable(service);
    const port = fixedPort(http.port, variable);
    used.push([variable, port]);
    return {
      name,
      main: `apps/${name}/src/main.js`,
      migrate: `apps/${name}/src/migrate.js`,
      env,
      opsUrl: `http://${reachable(http.host)}:${port}`,
    };
  });

  const gatewayEnv = {
    ...base,
    ...portString(input.ports?.ocpp, 'OCPP_PORT'),
    ...portString(input.ports?.gatewayOps, 'GATEWAY_OPS_PORT'),
    ...defined(input.appEnv?.['ocpp-gateway']),
  };
  const gateway = loadGatewayConfig(gatewayEnv);
  const listener = gateway.listeners[0];
  const tls = listener.securityProfiles.some((p) => p >= 2);
  const gatewayUrl = `${tls ? 'wss' : 'ws'}://${reachable(listener.host)}:${fixedPort(listener.port, 'OCPP_PORT')}${gateway.pathPrefixes[0]}`;
  const gatewayOps = fixedPort(gateway.ops.port, 'GATEWAY_OPS_PORT');

  const edgeEnv = {
    ...base,
    API_EDGE_UPSTREAMS: services.map((s) => `${s.name.replace(/-service$/, '')}=${s.opsUrl}`).join(','),
    ...portString(input.ports?.api, 'API_PORT'),
    ...defined(input.appEnv?.['api-edge']),
  };
  const edge = loadEdgeConfig(edgeEnv);
  const apiUrl = `http://${reachable(edge.host)}:${fixedPort(edge.port, 'API_PORT')}`;
  // OCPI partners reach /ocpi/... through the api-edge (it routes every operation the
  // ocpi-service's document declares), unless the environment names another URL.
  const ocpi = services.find((s) => s.name === 'ocpi-service');
  if (ocpi && !ocpi.env.OCPI_SERVICE_PUBLIC_URL) ocpi.env.OCPI_SERVICE_PUBLIC_URL = apiUrl;
  // The customer-service asks the ocpi-service about roaming tokens it has not cached (real-time
  // authorization), with the launcher's admin key, unless the environment names another URL.
  const customer = services.find((s) => s.name === 'customer-service');
  if (ocpi && customer && !customer.env.CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_URL) {
    customer.env.CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_URL = ocpi.opsUrl;
    customer.env.CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_API_KEY ??= input.adminKey;
  }

  const apps: AppPlan[] = [
    {
      name: 'ocpp-gateway',
      main: 'apps/ocpp-gateway/src/main.js',
      env: gatewayEnv,
      opsUrl: `http://${reachable(gateway.ops.host)}:${gatewayOps}`,
    },
    ...services,
    { name: 'api-edge', main: 'apps/api-edge/src/main.js', env: edgeEnv, opsUrl: apiUrl },
  ];
  checkDistinctPorts([['OCPP_PORT', listener.port], ['GATEWAY_OPS_PORT', gatewayOps], ['API_PORT', edge.port], ...used]);
  return { apps, gatewayUrl, securityProfiles: listener.securityProfiles, apiUrl };
}

/** Two apps on one port: the second could not listen. */
function checkDistinctPorts(ports: [string, number][]): void {
  const seen = new Map<number, string>();
  for (const [variable, port] of ports) {
    const other = seen.get(port);
    if (other) throw new ConfigError(variable, `is ${port}, the port of ${other} as well`);
    seen.set(port, variable);
  }
}
