import { EnvReader, type Env } from '@voltlane/config';
import { parseUpstreams, type Upstream } from '@voltlane/api-kit';

export interface EdgeConfig {
  port: number;
  host: string;
  upstreams: Upstream[];
  serverUrl: string;
  refreshMs: number;
  timeoutMs: number;
}

/**
 * API_EDGE_UPSTREAMS (required): `name=url,…` of the services whose APIs the edge serves, e.g.
 * `station=http://voltlane-station-service:8080,session=http://voltlane-session-service:8080`.
 * API_EDGE_PUBLIC_URL: `servers[0].url` of the merged document (default `/`, the edge itself).
 * API_EDGE_REFRESH_S: how often the documents are re-read (30). API_EDGE_TIMEOUT_MS: the longest
 * wait for a service's answer (120,000: station commands wait up to their own time-out).
 */
export function loadEdgeConfig(env: Env = process.env): EdgeConfig {
  const reader = new EnvReader(env);
  const port = reader.int('API_PORT', 8080, { min: 0, max: 65_535 });
  const host = reader.string('API_HOST', '0.0.0.0');
  const rawUpstreams = reader.string('API_EDGE_UPSTREAMS');
  const serverUrl = reader.string('API_EDGE_PUBLIC_URL', '/');
  const refreshMs = reader.int('API_EDGE_REFRESH_S', 30, { min: 1, max: 3_600 }) * 1_000;
  const timeoutMs = reader.int('API_EDGE_TIMEOUT_MS', 120_000, { min: 1_000, max: 600_000 });
  reader.done();
  return { port, host, upstreams: parseUpstreams(rawUpstreams), serverUrl, refreshMs, timeoutMs };
}
