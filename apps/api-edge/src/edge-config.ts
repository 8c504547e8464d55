import { EnvReader, type Env } from '@voltlane/config';
import { parseUpstreams, readApiAddress, readConsoleLocation, type ConsoleLocation, type Upstream } from '@voltlane/api-kit';
import { readTrustedProxies, type TrustedProxies } from '@voltlane/security';

export interface EdgeConfig {
  port: number;
  host: string;
  upstreams: Upstream[];
  serverUrl: string;
  refreshMs: number;
  timeoutMs: number;
  /** Proxies in front of the edge (ingress, load balancer) whose X-Forwarded-For names the client. */
  trustedProxies: TrustedProxies;
  /** The built operator console served at / (CONSOLE_DIR); undefined: none. */
  console?: ConsoleLocation;
}

/** The API edge's configuration (API_EDGE_*, API_PORT, API_HOST); throws a ConfigError naming every bad variable. */
export function loadEdgeConfig(env: Env = process.env): EdgeConfig {
  const reader = new EnvReader(env);
  const { port, host } = readApiAddress(reader, { port: 8080, host: '0.0.0.0' });
  const rawUpstreams = reader.string(
    'API_EDGE_UPSTREAMS',
    undefined,
    '`name=url,…` of the services whose APIs the edge serves, e.g. `station=http://voltlane-station-service:8080,session=http://voltlane-session-service:8080`.',
  );
  const serverUrl = reader.string('API_EDGE_PUBLIC_URL', '/', '`servers[0].url` of the merged OpenAPI document (`/`: the edge itself).');
  const refreshMs =
    reader.int('API_EDGE_REFRESH_S', 30, { min: 1, max: 3_600 }, "How often the services' OpenAPI documents are read again.") * 1_000;
  const timeoutMs = reader.int(
    'API_EDGE_TIMEOUT_MS',
    120_000,
    { min: 1_000, max: 600_000 },
    "The longest wait for a service's answer (station commands wait up to their own time-out).",
  );
  const trustedProxies = readTrustedProxies(reader);
  const consoleLocation = readConsoleLocation(reader);
  reader.done();
  return {
    port,
    host,
    upstreams: parseUpstreams(rawUpstreams),
    serverUrl,
    refreshMs,
    timeoutMs,
    trustedProxies,
    ...(consoleLocation ? { console: consoleLocation } : {}),
  };
}
