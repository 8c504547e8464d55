import { ConfigError, type EnvReader } from '@voltlane/config';

/** How a service asks OCSP responders (the same variables in every service that does). */
export interface OcspConfig {
  /** One request, connect to last byte. */
  timeoutMs: number;
  /** 0 = no cache. */
  cacheMaxEntries: number;
  /** Host names (or host:port) the responder URL may name; undefined = any host. */
  allowedHosts: string[] | undefined;
}

/** OCSP_TIMEOUT_MS, OCSP_CACHE_MAX_ENTRIES, OCSP_ALLOWED_HOSTS. */
export function loadOcspConfig(env: EnvReader): OcspConfig {
  const allowed = env.optionalString('OCSP_ALLOWED_HOSTS', {
    doc: 'Comma-separated host names (or `host:port`) an OCSP responder URL may name. The URL comes from the station (hash data) or the presented certificate, so this restricts where the CSMS sends requests.',
    defaultText: 'unset (any host)',
  });
  const allowedHosts =
    allowed === undefined
      ? undefined
      : allowed
          .split(',')
          .map((h) => h.trim().toLowerCase())
          .filter((h) => h.length > 0);
  if (allowedHosts && allowedHosts.length === 0) throw new ConfigError('OCSP_ALLOWED_HOSTS', 'must list at least one host name when set');
  return {
    timeoutMs: env.int('OCSP_TIMEOUT_MS', 3_000, { min: 100, max: 30_000 }, 'Time-out of one OCSP request, connect to last byte.'),
    cacheMaxEntries: env.int(
      'OCSP_CACHE_MAX_ENTRIES',
      10_000,
      { min: 0, max: 1_000_000 },
      'OCSP answers cached per process, each until its `nextUpdate` (0: no cache).',
    ),
    allowedHosts,
  };
}
