import { BlockList, isIP } from 'node:net';
import type { EnvReader } from '@voltlane/config';

/** Named ranges a TRUSTED_PROXIES entry may use instead of writing them out. */
const RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'],
};

/**
 * The proxies (load balancers, ingress controllers, the API edge) whose word about the client's
 * address is taken: their `X-Forwarded-For`, and at the gateway their PROXY protocol header.
 * Everyone else's is ignored (anybody can send the header). Entries are IPv4 or IPv6 addresses
 * or CIDR ranges, or `loopback` / `private`.
 */
export class TrustedProxies {
  static readonly none = new TrustedProxies([]);
  private readonly list = new BlockList();

  /** Throws on an entry that is no address, range or name (see `invalidProxyEntries`). */
  constructor(readonly entries: readonly string[]) {
    const invalid = invalidProxyEntries(entries);
    if (invalid.length > 0) throw new Error(`not an IP address, CIDR range, "loopback" or "private": ${invalid.join(', ')}`);
    for (const entry of entries.flatMap((e) => RANGES[e] ?? [e])) {
      const [address, prefix] = entry.split('/');
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) this.list.addAddress(address, family);
      else this.list.addSubnet(address, Number(prefix), family);
    }
  }

  /** Whether any proxy is trusted at all. */
  get any(): boolean {
    return this.entries.length > 0;
  }

  trusts(address: string | undefined): boolean {
    if (!address || this.entries.length === 0) return false;
    const normal = normalizeAddress(address);
    const family = isIP(normal);
    return family !== 0 && this.list.check(normal, family === 6 ? 'ipv6' : 'ipv4');
  }
}

/** The entries of a TRUSTED_PROXIES list that are not an address, a CIDR range or a named range. */
export function invalidProxyEntries(entries: readonly string[]): string[] {
  return entries.filter((entry) => {
    if (RANGES[entry]) return false;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return true;
    if (prefix === undefined) return false;
    return !/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 6 ? 128 : 32);
  });
}

/** An address as logs and counters should key it: IPv4-mapped IPv6 as IPv4, IPv6 in lower case without brackets. */
export function normalizeAddress(address: string): string {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const lower = bare.toLowerCase();
  return lower.startsWith('::ffff:') && isIP(lower.slice(7)) === 4 ? lower.slice(7) : lower;
}

/**
 * The hops of `X-Forwarded-For` (every header of that name, in order), each as an address when it
 * is one, with a port some proxies add (`1.2.3.4:5678`, `[2001:db8::1]:443`) dropped; `undefined`
 * for an entry that is no address.
 */
export function forwardedForHops(header: string | readonly string[] | undefined): (string | undefined)[] {
  if (header === undefined) return [];
  const joined = typeof header === 'string' ? header : header.join(',');
  return joined
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop.length > 0)
    .map((hop) => {
      const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
      const withPort = /^([^:]+):\d+$/.exec(hop);
      const candidate = bracketed?.[1] ?? withPort?.[1] ?? hop;
      return isIP(candidate) ? normalizeAddress(candidate) : undefined;
    });
}

export interface ClientAddress {
  /** The client's address: the peer's, or the one a trusted proxy vouched for. */
  address: string;
  /** The address of the TCP peer (the proxy, when there is one). */
  peer: string;
  /** Where `address` came from, when not from the peer itself. */
  via?: 'x-forwarded-for' | 'proxy-protocol';
}

/**
 * The client's address behind trusted proxies: starting at the peer, walk `X-Forwarded-For` from
 * the right while the hop we stand on is a trusted proxy; the first untrusted address is the
 * client (the hops left of it are whatever the client wrote, so they are never believed). An
 * entry that is no address stops the walk at the proxy that added it.
 *
 * `connection` is the address the connection came from when a trusted proxy said so with the
 * PROXY protocol (the gateway); `peer` is the TCP peer.
 */
export function resolveClientAddress(
  peer: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trusted: TrustedProxies,
  connection?: string,
): ClientAddress {
  const peerAddress = peer ? normalizeAddress(peer) : 'unknown';
  let address = connection ? normalizeAddress(connection) : peerAddress;
  let via: ClientAddress['via'] = connection && address !== peerAddress ? 'proxy-protocol' : undefined;
  const hops = forwardedForHops(forwardedFor);
  for (let i = hops.length - 1; i >= 0 && trusted.trusts(address); i--) {
    const hop = hops[i];
    if (hop === undefined) break;
    address = hop;
    via = 'x-forwarded-for';
  }
  return { address, peer: peerAddress, ...(via ? { via } : {}) };
}

/** TRUSTED_PROXIES, read and checked: a bad entry fails the start naming the variable. */
export function readTrustedProxies(env: EnvReader): TrustedProxies {
  const entries = env.list(
    'TRUSTED_PROXIES',
    [],
    undefined,
    'Proxies in front of this process whose `X-Forwarded-For` (and, at the gateway, PROXY protocol header) name the client: IPv4/IPv6 addresses and CIDR ranges, comma-separated, or `loopback`, `private`; the client address is the right-most hop that is not one of them. Unset: no proxy is trusted and the client address is the TCP peer.',
  );
  const invalid = invalidProxyEntries(entries);
  if (invalid.length === 0) return new TrustedProxies(entries);
  env.invalid('TRUSTED_PROXIES', `has entries that are no IP address, CIDR range, "loopback" or "private": ${invalid.join(', ')}`);
  return TrustedProxies.none;
}
