import { negotiateProtocol, parseBasicAuth, parseIdentity } from './handshake-request';

describe('parseIdentity', () => {
  const prefixes = ['/ocpp', '/steve/websocket/CentralSystemService'];

  it.each([
    ['/ocpp/CP001', 'CP001'],
    ['/ocpp/RDAM%20123', 'RDAM 123'],
    ['/ocpp/CP001?x=1', 'CP001'],
    ['/steve/websocket/CentralSystemService/CP9', 'CP9'],
    [`/ocpp/${'a'.repeat(48)}`, 'a'.repeat(48)],
  ])('%s → %s', (path, identity) => {
    expect(parseIdentity(path, prefixes)).toEqual({ ok: true, identity });
  });

  it.each([
    ['/other/CP001', /prefix/],
    ['/ocpp/', /<prefix>\/<identity>/],
    ['/ocpp/a/b', /<prefix>\/<identity>/],
    ['/ocppX/CP1', /prefix/],
    [`/ocpp/${'a'.repeat(49)}`, /longer than 48/],
    ['/ocpp/a%3Ab', /must not contain ":"/],
    ['/ocpp/%E0%A4%A', /percent-encoding/],
    ['/ocpp/a%0Ab', /control characters/],
  ])('%s is refused (%s)', (path, reason) => {
    const result = parseIdentity(path, prefixes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('negotiateProtocol', () => {
  it.each([
    ['ocpp1.6', ['ocpp2.1', 'ocpp2.0.1', 'ocpp1.6'], 'ocpp1.6'],
    ['ocpp1.6, ocpp2.0.1', ['ocpp2.1', 'ocpp2.0.1', 'ocpp1.6'], 'ocpp2.0.1'],
    ['ocpp1.6, ocpp2.0.1', ['ocpp1.6', 'ocpp2.0.1'], 'ocpp1.6'],
    ['ocpp2.1,ocpp2.0.1', ['ocpp2.0.1'], 'ocpp2.0.1'],
    ['ocpp1.5', ['ocpp1.6'], undefined],
    [undefined, ['ocpp1.6'], undefined],
    ['', ['ocpp1.6'], undefined],
  ] as const)('client %p, server %p → %p', (header, server, expected) => {
    expect(negotiateProtocol(header, server)).toBe(expected);
  });
});

describe('parseBasicAuth', () => {
  it('keeps the password as bytes and splits at the first colon', () => {
    const raw = Buffer.concat([Buffer.from('CP1:'), Buffer.from([0x00, 0x3a, 0xff])]);
    const parsed = parseBasicAuth(`Basic ${raw.toString('base64')}`);
    expect(parsed?.username).toBe('CP1');
    expect([...(parsed?.password ?? [])]).toEqual([0x00, 0x3a, 0xff]);
  });

  it.each([undefined, 'Bearer x', 'Basic', `Basic ${Buffer.from('nocolon').toString('base64')}`, 'Basic !!!'])('rejects %p', (header) => {
    expect(parseBasicAuth(header)).toBeUndefined();
  });
});
