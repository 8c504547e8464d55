import type { Partner } from '../application/partners';
import type { OcpiCall } from './ocpi/ocpi-endpoint';
import { OcpiError } from '../domain/ocpi-status';
import { callerParties, ocpiListQuery } from './ocpi-list-query';

function refusal(query: Record<string, unknown>): OcpiError {
  try {
    ocpiListQuery(query);
  } catch (error) {
    if (error instanceof OcpiError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('the paging parameters of an OCPI list', () => {
  it('default to the first 100 objects of any time', () => {
    expect(ocpiListQuery({})).toEqual({ offset: 0, limit: 100 });
  });

  it('read RFC 3339 date-times (without a zone: UTC), offset and limit; a larger limit is cut to 100', () => {
    expect(
      ocpiListQuery({ date_from: '2026-01-28T12:00:00', date_to: '2026-01-29T13:00:00.5+01:00', offset: '50', limit: '1000' }),
    ).toEqual({
      from: new Date('2026-01-28T12:00:00Z'),
      to: new Date('2026-01-29T12:00:00.500Z'),
      offset: 50,
      limit: 100,
    });
  });

  it('refuse malformed ones with 2001, naming each', () => {
    const error = refusal({ date_from: 'yesterday', date_to: '2026-02-30T00:00:00Z', offset: '-1', limit: '0' });
    expect([error.statusCode, error.httpStatus]).toEqual([2001, 400]);
    for (const name of ['date_from', 'date_to', 'offset', 'limit']) expect(error.message).toContain(name);
    expect(refusal({ limit: ['1', '2'] }).message).toBe('limit must be given once');
  });
});

describe('the parties a partner pulls for', () => {
  const partner = {
    roles: [
      { role: 'HUB', countryCode: 'DE', partyId: 'HUB' },
      { role: 'EMSP', countryCode: 'NL', partyId: 'TNM' },
    ],
  } as Partner;
  const call = (from?: { countryCode: string; partyId: string }): OcpiCall => ({
    partner,
    token: 't',
    requestId: 'r',
    correlationId: 'c',
    ...(from ? { from } : {}),
  });

  it('are all of its credentials’ parties, or the one its OCPI-from headers name when that is one of them', () => {
    expect(callerParties(call())).toEqual([
      { countryCode: 'DE', partyId: 'HUB' },
      { countryCode: 'NL', partyId: 'TNM' },
    ]);
    expect(callerParties(call({ countryCode: 'nl', partyId: 'tnm' }))).toEqual([{ countryCode: 'NL', partyId: 'TNM' }]);
    expect(callerParties(call({ countryCode: 'FR', partyId: 'XXX' }))).toHaveLength(2);
  });
});
