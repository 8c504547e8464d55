import { ConfigError, type EnvReader } from '@voltlane/config';

/** How a service asks OCSP responders (the same variables in every service that does). */
export interface OcspConfig {
  /** OCSP_TIMEOUT_MS (100–30000, default 3000): one request, connect to last byte. */
  timeoutMs: number;
  /** OCSP_CACHE_MAX_ENTRIES (0–1000000, default 10000; 0 = no cache). */
  cacheMaxEntries: number;
  /**
   * OCSP_ALLOWED_HOSTS: comma-separated host names (or host:port) the responder URL may name; unset =
   * any host. The URL comes from the station (hash data) or the presented certificate, so a
   * deployment can restrict where the CSMS sends requests.
   */
  allowedHosts: string[] | undefined;
}

export function loadOcspConfig(env: EnvReader): OcspConfig {
  const allowed = env.optionalString('OCSP_ALLOWED_HOSTS');
  const allowedHosts = allowed === undefined ? undefined : allowed.split(',').map((h) => h.trim().toLowerCase()).filter((h) => h.length > 0);
  if (allowedHosts && allowedHosts.length === 0) throw new ConfigError('OCSP_ALLOWED_HOSTS', 'must list at least one host name when set');
  return {
    timeoutMs: env.int('OCSP_TIMEOUT_MS', 3_000, { min: 100, max: 30_000 }),
    cacheMaxEntries: env.int('OCSP_CACHE_MAX_ENTRIES', 10_000, { min: 0, max: 1_000_000 }),
    allowedHosts,
  };
}
