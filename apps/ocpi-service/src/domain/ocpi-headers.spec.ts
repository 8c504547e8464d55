import { encodeToken, routingHeaders, tokenCandidates, traceIds } from './ocpi-headers';

describe('tokenCandidates (Authorization: Token …)', () => {
  it('decodes the base64 token of 2.2.1 first and keeps the raw value as the 2.1.1 fallback', () => {
    expect(tokenCandidates(`Token ${encodeToken('example-token')}`)).toEqual(['example-token', 'ZXhhbXBsZS10b2tlbg==']);
    expect(encodeToken('example-token')).toBe('ZXhhbXBsZS10b2tlbg==');
  });

  it('takes a plain (not base64) token as it is', () => {
    expect(tokenCandidates('Token ebf3b399-779f-4497-9b9d-ac6ad3cc44d2')).toEqual(['ebf3b399-779f-4497-9b9d-ac6ad3cc44d2']);
  });

  it('decodes base64url and unpadded base64 too', () => {
    const token = 'a~b?c>d';
    const url = Buffer.from(token).toString('base64url');
    expect(url).not.toMatch(/=/);
    expect(tokenCandidates(`Token ${url}`)[0]).toBe(token);
  });

  it('does not take bytes that are not printable ASCII for a decoded token', () => {
    // "AAAA" decodes to NUL bytes: only the raw value remains a candidate.
    expect(tokenCandidates('Token AAAA')).toEqual(['AAAA']);
    // A token of our own form (base64url of random bytes) usually decodes to binary: the raw form.
    const ours = Buffer.from([0xff, 0xfe, 0x01, 0x80, 0x90, 0xa0]).toString('base64url');
    expect(tokenCandidates(`Token ${ours}`)).toEqual([ours]);
  });

  it('is case-insensitive about the literal and tolerates surrounding spaces', () => {
    expect(tokenCandidates(`  token   ${encodeToken('abc-def')}  `)[0]).toBe('abc-def');
  });

  it.each([undefined, '', 'Token', 'Token ', 'Bearer abc', 'Basic dXNlcjpwYXNz', 'Token a b'])('finds no token in %p', (header) => {
    expect(tokenCandidates(header)).toEqual([]);
  });
});

describe('routingHeaders (OCPI-from/to-*)', () => {
  it('reads both pairs, upper-cased', () => {
    expect(
      routingHeaders({
        'ocpi-from-country-code': 'de',
        'ocpi-from-party-id': 'abc',
        'ocpi-to-country-code': 'NL',
        'ocpi-to-party-id': 'VLT',
      }),
    ).toEqual({ from: { countryCode: 'DE', partyId: 'ABC' }, to: { countryCode: 'NL', partyId: 'VLT' }, problems: [] });
  });

  it('is empty without the headers', () => {
    expect(routingHeaders({})).toEqual({ problems: [] });
  });

  it('reports a half pair and malformed values, keeping the good pair', () => {
    const parsed = routingHeaders({ 'ocpi-from-country-code': 'DE', 'ocpi-to-country-code': 'NLD', 'ocpi-to-party-id': 'VL' });
    expect(parsed.from).toBeUndefined();
    expect(parsed.to).toBeUndefined();
    expect(parsed.problems).toEqual([
      'OCPI-from-country-code and OCPI-from-party-id must be sent together',
      "OCPI-to-country-code must be an ISO 3166-1 alpha-2 code, got 'NLD'",
      "OCPI-to-party-id must be 3 letters or digits, got 'VL'",
    ]);
    expect(
      routingHeaders({ 'ocpi-from-country-code': 'XX', 'ocpi-from-party-id': '1', 'ocpi-to-country-code': 'NL', 'ocpi-to-party-id': 'VLT' })
        .to,
    ).toEqual({
      countryCode: 'NL',
      partyId: 'VLT',
    });
  });
});

describe('traceIds (X-Request-ID, X-Correlation-ID)', () => {
  it('keeps the ids the caller sent', () => {
    expect(traceIds({ 'x-request-id': 'req-1', 'x-correlation-id': 'corr-1' })).toEqual({ requestId: 'req-1', correlationId: 'corr-1' });
  });

  it('makes up UUIDs for missing or unusable ones', () => {
    const ids = traceIds({ 'x-request-id': 'with space', 'x-correlation-id': 'x'.repeat(300) });
    expect(ids.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids.requestId).not.toBe(ids.correlationId);
  });
});
