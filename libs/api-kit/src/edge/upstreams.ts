import { ConfigError } from '@voltlane/config';

/** A service behind the edge: its name (the owner of its operations) and its API's base URL. */
export interface Upstream {
  name: string;
  url: URL;
}

/** The upstream's URL without a trailing slash: paths (`/api/v1/…`) are appended to it. */
export const baseOf = (upstream: Upstream): string => `${upstream.url.origin}${upstream.url.pathname.replace(/\/+$/, '')}`;

const NAME = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Parses `name=url,name=url,…` (API_EDGE_UPSTREAMS). The order matters: an operation that
 * several services serve (dead letters) is routed to the first of them listed.
 */
export function parseUpstreams(value: string, variable = 'API_EDGE_UPSTREAMS'): Upstream[] {
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  if (entries.length === 0)
    throw new ConfigError(variable, `must list at least one service as name=url (e.g. station=http://station-service:8080)`);
  const seen = new Set<string>();
  return entries.map((entry) => {
    const eq = entry.indexOf('=');
    const name = eq > 0 ? entry.slice(0, eq).trim() : '';
    const raw = eq > 0 ? entry.slice(eq + 1).trim() : '';
    if (!NAME.test(name)) throw new ConfigError(variable, `"${entry}" is not name=url with a lower-case name (letters, digits, dashes)`);
    if (seen.has(name)) throw new ConfigError(variable, `service "${name}" is listed twice`);
    seen.add(name);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ConfigError(variable, `"${raw}" (service ${name}) is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new ConfigError(variable, `the URL of ${name} must be http: or https:, got ${url.protocol}`);
    if (url.search || url.hash || url.username || url.password)
      throw new ConfigError(variable, `the URL of ${name} must not carry a query, fragment or credentials`);
    return { name, url: new URL(url.origin + url.pathname.replace(/\/+$/, '')) };
  });
}
