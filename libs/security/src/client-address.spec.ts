import { ConfigError, EnvReader } from '@voltlane/config';
import { TrustedProxies, forwardedForHops, normalizeAddress, readTrustedProxies, resolveClientAddress } from './client-address';

describe('TrustedProxies', () => {
  const proxies = new TrustedProxies(['10.0.0.0/8', '192.0.2.7', 'fd00::/8', '2001:db8::1']);

  it.each([
    ['10.1.2.3', true],
    ['::ffff:10.1.2.3', true],
    ['192.0.2.7', true],
    ['192.0.2.8', false],
    ['fd12:3456::1', true],
    ['FD12::1', true],
    ['2001:db8::1', true],
    ['[2001:db8::1]', true],
    ['2001:db8::2', false],
    ['11.0.0.1', false],
    ['not-an-address', false],
    [undefined, false],
  ])('%p trusted: %p', (address, expected) => {
    expect(proxies.trusts(address)).toBe(expected);
  });

  it('knows the named ranges, and trusts nobody by default', () => {
    const named = new TrustedProxies(['loopback', 'private']);
    expect(['127.0.0.1', '::1', '172.20.1.1', '192.168.5.5', 'fc00::5'].every((a) => named.trusts(a))).toBe(true);
    expect(named.trusts('8.8.8.8')).toBe(false);
    expect(TrustedProxies.none.any).toBe(false);
    expect(TrustedProxies.none.trusts('127.0.0.1')).toBe(false);
  });

  it.each(['10.0.0.0/33', 'fd00::/129', '10.0.0.0/x', '10.0.0.300', 'proxy.example', '10.0.0.0/8/1', 'public'])('refuses %p', (entry) => {
    expect(() => new TrustedProxies([entry])).toThrow(entry);
  });
});

describe('resolveClientAddress', () => {
  const proxies = new TrustedProxies(['10.0.0.0/8', 'fd00::/8']);

  it.each([
    ['an untrusted peer: its X-Forwarded-For is ignored', '203.0.113.9', '198.51.100.1', undefined, '203.0.113.9'],
    ['a trusted proxy without the header: the proxy', '10.0.0.5', undefined, undefined, '10.0.0.5'],
    ['one proxy: the right-most hop', '10.0.0.5', '198.51.100.1', 'x-forwarded-for', '198.51.100.1'],
    ['a spoofed left part is not believed', '10.0.0.5', '1.1.1.1, 198.51.100.1', 'x-forwarded-for', '198.51.100.1'],
    ['two trusted proxies', '10.0.0.5', '198.51.100.1, 10.2.2.2', 'x-forwarded-for', '198.51.100.1'],
    ['IPv6 hops with a port, IPv4-mapped peer', '::ffff:10.0.0.5', '[2001:db8::7]:443, fd00::2', 'x-forwarded-for', '2001:db8::7'],
    ['an IPv4 hop with a port', '10.0.0.5', '198.51.100.1:5566', 'x-forwarded-for', '198.51.100.1'],
    ['a hop that is no address stops at the proxy that added it', '10.0.0.5', '198.51.100.1, unknown', undefined, '10.0.0.5'],
    ['every hop trusted: the left-most', '10.0.0.5', '10.9.9.9, 10.8.8.8', 'x-forwarded-for', '10.9.9.9'],
  ])('%s', (_name, peer, header, via, expected) => {
    const resolved = resolveClientAddress(peer, header, proxies);
    expect(resolved.address).toBe(expected);
    expect(resolved.peer).toBe(normalizeAddress(peer));
    expect(resolved.via).toBe(via);
  });

  it('reads every X-Forwarded-For header in order', () => {
    expect(resolveClientAddress('10.0.0.5', ['198.51.100.1', '10.3.3.3'], proxies).address).toBe('198.51.100.1');
  });

  it('starts from the PROXY protocol source when a trusted proxy gave one', () => {
    expect(resolveClientAddress('10.0.0.5', undefined, proxies, '198.51.100.4')).toEqual({
      address: '198.51.100.4',
      peer: '10.0.0.5',
      via: 'proxy-protocol',
    });
    // The PROXY source is itself a trusted proxy (an ingress behind a TCP balancer): its X-Forwarded-For counts.
    expect(resolveClientAddress('10.0.0.5', '198.51.100.4', proxies, '10.7.7.7').address).toBe('198.51.100.4');
  });

  it('an unknown peer stays unknown', () => {
    expect(resolveClientAddress(undefined, '198.51.100.1', proxies)).toEqual({ address: 'unknown', peer: 'unknown' });
  });
});

describe('forwardedForHops', () => {
  it('keeps the position of entries that are no address', () => {
    expect(forwardedForHops(' 198.51.100.1 ,_hidden, 2001:DB8::1 ,')).toEqual(['198.51.100.1', undefined, '2001:db8::1']);
  });
});

describe('readTrustedProxies', () => {
  it('reads a list of addresses and ranges; none by default', () => {
    expect(readTrustedProxies(new EnvReader({ TRUSTED_PROXIES: '10.0.0.0/8, ::1' })).entries).toEqual(['10.0.0.0/8', '::1']);
    expect(readTrustedProxies(new EnvReader({})).any).toBe(false);
  });

  it('fails naming the variable and the bad entries', () => {
    const env = new EnvReader({ TRUSTED_PROXIES: '10.0.0.0/8,lb.internal,10.0.0.0/40' });
    readTrustedProxies(env);
    expect(() => env.done()).toThrow(ConfigError);
    expect(() => env.done()).toThrow(/TRUSTED_PROXIES .*lb\.internal, 10\.0\.0\.0\/40/);
  });
});
