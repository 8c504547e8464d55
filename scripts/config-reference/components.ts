// The processes of Voltlane and the configuration loaders each runs at start-up: the configuration
// reference (docs/configuration.md) is built by running these with an empty environment while
// EnvReader records every read. A new loader, or a process that reads more, is added here.
import { EnvReader, type Env } from '@voltlane/config';
import { loadServiceHttpConfig, readApiKeysSchema } from '../../libs/api-kit/src/http/service-http-config';
import { loadApiKeyCliConfig } from '../../libs/api-kit/src/cli/api-key-cli';
import { readBootstrapAdminKey } from '../../libs/api-kit/src/keys/bootstrap-admin-key';
import { loadTracingConfig, logLevelFromEnv } from '../../libs/telemetry/src/telemetry-config';
import { loadAllInOneConfig } from '../../apps/allinone/src/allinone-config';
import { LAB_DEFAULTS } from '../../apps/distributed/src/app-plan';
import { loadDistributedConfig } from '../../apps/distributed/src/distributed-config';
import { loadEdgeConfig } from '../../apps/api-edge/src/edge-config';
import { loadBillingServiceConfig } from '../../apps/billing-service/src/config/billing-service-config';
import { loadCustomerServiceConfig } from '../../apps/customer-service/src/config/customer-service-config';
import { loadEnergyServiceConfig } from '../../apps/energy-service/src/config/energy-service-config';
import { loadMeteringConfig } from '../../apps/metering-service/src/config/metering-config';
import { loadGatewayConfig } from '../../apps/ocpp-gateway/src/config/gateway-config';
import { loadOcpiServiceConfig } from '../../apps/ocpi-service/src/config/ocpi-service-config';
import { loadReportServiceConfig } from '../../apps/report-service/src/config/report-service-config';
import { loadSessionConfig } from '../../apps/session-service/src/config/session-config';
import { loadStationServiceConfig } from '../../apps/station-service/src/config/station-service-config';

export type Loader = (env: Env) => unknown;

export interface Component {
  /** Short name, as in "read by". */
  id: string;
  /** Heading of its section. */
  title: string;
  /** What the process is and where its settings come from (markdown). */
  intro: string;
  /** Every loader the process runs, in start-up order. */
  loaders: readonly Loader[];
  /** One of the eight services (the reference says "every service" for all eight). */
  service?: boolean;
}

/** What every distributed service process reads besides its own loader (runServiceProcess). */
function serviceProcess(name: string, load: Loader): Loader[] {
  return [load, loadServiceHttpConfig, readBootstrapAdminKey, (env) => logLevelFromEnv(env), (env) => loadTracingConfig(name, env)];
}

export const COMPONENTS: readonly Component[] = [
  {
    id: 'gateway',
    title: 'OCPP gateway',
    intro: "`apps/ocpp-gateway`: the stations' WebSocket endpoint. `OCPP_*` configure its station listener, `GATEWAY_*` the rest.",
    loaders: [loadGatewayConfig, (env) => logLevelFromEnv(env), (env) => loadTracingConfig('ocpp-gateway', env)],
  },
  {
    id: 'api-edge',
    title: 'API edge',
    intro: "`apps/api-edge`: one operator API in front of the services' own (`API_EDGE_*`).",
    loaders: [loadEdgeConfig, (env) => logLevelFromEnv(env), (env) => loadTracingConfig('api-edge', env)],
  },
  {
    id: 'station-service',
    title: 'station-service',
    intro: 'Stations, boot policy, credentials, faults and offline detection, files, certificates, Plug & Charge.',
    service: true,
    loaders: serviceProcess('station-service', loadStationServiceConfig),
  },
  {
    id: 'session-service',
    title: 'session-service',
    intro: 'Transactions and sessions, reservations, charging profiles.',
    service: true,
    loaders: serviceProcess('session-service', loadSessionConfig),
  },
  {
    id: 'metering-service',
    title: 'metering-service',
    intro: 'Meter values.',
    service: true,
    loaders: serviceProcess('metering-service', loadMeteringConfig),
  },
  {
    id: 'customer-service',
    title: 'customer-service',
    intro: 'Tokens, Authorize, local lists, contract certificates.',
    service: true,
    loaders: serviceProcess('customer-service', loadCustomerServiceConfig),
  },
  {
    id: 'billing-service',
    title: 'billing-service',
    intro: 'Tariffs, costs, CDRs, cost to the station.',
    service: true,
    loaders: serviceProcess('billing-service', loadBillingServiceConfig),
  },
  {
    id: 'report-service',
    title: 'report-service',
    intro: 'Reports over sessions and energy.',
    service: true,
    loaders: serviceProcess('report-service', loadReportServiceConfig),
  },
  {
    id: 'energy-service',
    title: 'energy-service',
    intro: 'Load management: sites and their electrical trees, limits, allocations and the charging profiles that enforce them.',
    service: true,
    loaders: serviceProcess('energy-service', loadEnergyServiceConfig),
  },
  {
    id: 'ocpi-service',
    title: 'ocpi-service',
    intro:
      'Roaming: OCPI 2.2.1 in the CPO role. Partners (eMSPs, hubs) register with it and receive locations, tariffs, sessions and CDRs; their tokens and commands come in. ' +
      'The all-in-one and `npm run start:distributed` point `OCPI_SERVICE_PUBLIC_URL` at their operator API (the api-edge) unless it is set.',
    service: true,
    loaders: serviceProcess('ocpi-service', loadOcpiServiceConfig),
  },
  {
    id: 'all-in-one',
    title: 'All-in-one',
    intro:
      '`npm start` (`apps/allinone`): the gateway and every service in one process, on an embedded PostgreSQL and an in-process bus. ' +
      'It reads every variable of the gateway and the services as well, with the defaults below changed. ' +
      'Unless `STATION_SERVICE_CA_CERT_*`/`_KEY_*` are set it generates a CA on its first start into `<VOLTLANE_DATA_DIR>/ca/`, ' +
      'and unless `STATION_SERVICE_PNC_PROVIDER` is set it uses the built-in test PKI, stored in `<VOLTLANE_DATA_DIR>/pki/test-pki.json`.',
    loaders: [loadAllInOneConfig, (env) => readApiKeysSchema(new EnvReader(env)), readBootstrapAdminKey, (env) => logLevelFromEnv(env)],
  },
  {
    id: 'start:distributed',
    title: 'start:distributed',
    intro:
      '`npm run start:distributed` (`apps/distributed`): the gateway, the eight services and the api-edge, each its own process, on the servers named by ' +
      '`KAFKA_BROKERS`, `REDIS_URL` and `DATABASE_URL` (when all three are set) or else those `deploy/local/infra.sh up` starts. ' +
      'Every app gets this environment, with these defaults changed: ' +
      Object.entries(LAB_DEFAULTS)
        .map(([name, value]) => `\`${name}=${value}\``)
        .join(', ') +
      '; the gateway listens on `OCPP_PORT` (9000) with its ops port on `GATEWAY_OPS_PORT` (9100), the api-edge on `API_PORT` (8080), each service on the port below. ' +
      'Unless `API_BOOTSTRAP_ADMIN_KEY` is set, it makes an admin key on its first start into `<VOLTLANE_DISTRIBUTED_DIR>/admin-api-key` and gives it to the services as that variable.',
    loaders: [loadDistributedConfig, readBootstrapAdminKey],
  },
  {
    id: 'apikey CLI',
    title: 'apikey CLI',
    intro: '`npm run apikey -- <command>`: creates, lists and revokes operator API keys in the database.',
    loaders: [loadApiKeyCliConfig],
  },
];

/**
 * The defaults the all-in-one gives the apps it runs (the variables you set win), its data directory
 * shown as `<VOLTLANE_DATA_DIR>`. OCPP_PORT and OCPP_HOST are left out: it reads them itself.
 */
export function allInOneAppDefaults(): Record<string, string> {
  const config = loadAllInOneConfig({});
  const own = new Set(['OCPP_PORT', 'OCPP_HOST']);
  return Object.fromEntries(
    Object.entries(config.appEnv)
      .filter(([name]) => !own.has(name))
      .map(([name, value]) => [name, value.split(config.dataDir).join('<VOLTLANE_DATA_DIR>')]),
  );
}
