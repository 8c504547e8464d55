import { isDelivered, pushUrl, refusalOf, responseOf } from './push-delivery';

const partner = {
  endpoints: [
    { identifier: 'locations', role: 'RECEIVER' as const, url: 'https://emsp.example/ocpi/emsp/2.2.1/locations/' },
    { identifier: 'tariffs', role: 'SENDER' as const, url: 'https://emsp.example/ocpi/emsp/2.2.1/tariffs' },
    { identifier: 'cdrs', role: 'RECEIVER' as const, url: 'https://emsp.example/ocpi/emsp/2.2.1/cdrs' },
  ],
};

describe('pushUrl', () => {
  it('appends the path to the module’s RECEIVER URL (one slash between)', () => {
    expect(pushUrl(partner, { module: 'locations', path: '/NL/VLT/LOC1/CS-1-1', url: null })).toBe(
      'https://emsp.example/ocpi/emsp/2.2.1/locations/NL/VLT/LOC1/CS-1-1',
    );
    expect(pushUrl(partner, { module: 'cdrs', path: '', url: null })).toBe('https://emsp.example/ocpi/emsp/2.2.1/cdrs');
  });

  it('uses an absolute url as it is, and has none for a module the partner does not receive', () => {
    expect(pushUrl(partner, { module: 'commands', path: null, url: 'https://emsp.example/cb/1' })).toBe('https://emsp.example/cb/1');
    expect(pushUrl(partner, { module: 'tariffs', path: '/NL/VLT/T1', url: null })).toBeUndefined();
  });
});

describe('answers', () => {
  const answer = (httpStatus: number, statusCode?: number, statusMessage?: string, headers: Record<string, string> = {}) => ({
    httpStatus,
    statusCode,
    statusMessage,
    data: undefined,
    headers,
  });

  it('is delivered only with HTTP 2xx and an OCPI success status', () => {
    expect(isDelivered(answer(200, 1000))).toBe(true);
    expect(isDelivered(answer(201, 1000))).toBe(true);
    expect(isDelivered(answer(200, 2001))).toBe(false);
    expect(isDelivered(answer(200))).toBe(false);
    expect(isDelivered(answer(503, 1000))).toBe(false);
    expect(isDelivered(answer(404, 2003))).toBe(false);
  });

  it('keeps the statuses and the Location header, and says why a refusal is one', () => {
    expect(responseOf(answer(201, 1000, 'Created', { location: 'https://emsp.example/cdrs/9' }))).toEqual({
      httpStatus: 201,
      statusCode: 1000,
      statusMessage: 'Created',
      location: 'https://emsp.example/cdrs/9',
    });
    expect(responseOf(answer(503))).toEqual({ httpStatus: 503 });
    expect(refusalOf(answer(200, 2001, 'missing last_updated'))).toBe('HTTP 200, status_code 2001: missing last_updated');
    expect(refusalOf(answer(502))).toBe('HTTP 502, no OCPI status_code (not an OCPI envelope)');
  });
});
