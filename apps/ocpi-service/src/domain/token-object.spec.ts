import { ocpiTokenContract } from '@voltlane/contracts';
import { normalizeDateTime } from './token-fields';
import { exampleToken } from '../../test/token-fixtures';
import { applyTokenPatch, parsePutToken, tokenEvent, tokenTypeParam, type OcpiToken, type TokenAddress } from './token-object';

const example = exampleToken();
const address: TokenAddress = { countryCode: 'NL', partyId: 'TNM', uid: '012345678', type: 'RFID' };

function put(body: unknown, at: TokenAddress = address): OcpiToken {
  const parsed = parsePutToken(body, at);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

function problem(result: { ok: boolean; message?: string }): string {
  if (result.ok) throw new Error('expected a problem');
  return result.message ?? '';
}

describe('OCPI Token (mod_tokens)', () => {
  it('reads the specification’s example and normalizes last_updated to UTC milliseconds', () => {
    expect(put(example)).toEqual({ ...example, last_updated: '2015-06-29T22:39:09.000Z' });
  });

  it('takes ids case-insensitively (CiString) and stores the country and party upper-case', () => {
    const token = put({ ...example, country_code: 'nl', party_id: 'tnm', uid: '012345678' }, { ...address, countryCode: 'nl' });
    expect(token).toMatchObject({ country_code: 'NL', party_id: 'TNM' });
  });

  it('names every problem of an invalid token in one message', () => {
    const message = problem(
      parsePutToken(
        { ...example, uid: 'x'.repeat(37), whitelist: 'SOMETIMES', valid: 'yes', issuer: undefined, last_updated: '29-06-2015' },
        address,
      ),
    );
    expect(message).toContain('uid must be at most 36 characters');
    expect(message).toContain('whitelist must be one of ALWAYS, ALLOWED, ALLOWED_OFFLINE, NEVER');
    expect(message).toContain('valid must be true or false');
    expect(message).toContain('issuer is required');
    expect(message).toContain('last_updated must be an OCPI DateTime');
  });

  it('refuses a body whose ids are not the URL’s (uid, party, type; type RFID when the URL has none)', () => {
    expect(problem(parsePutToken(example, { ...address, uid: 'OTHER' }))).toContain("uid must be the URL's token_uid OTHER");
    expect(problem(parsePutToken(example, { ...address, partyId: 'ABC' }))).toContain("party_id must be the URL's party_id ABC");
    expect(problem(parsePutToken({ ...example, type: 'APP_USER' }, address))).toContain("type must be the URL's type RFID");
    expect(problem(parsePutToken('not an object', address))).toContain('body must be a Token object');
  });

  it('refuses control characters in a CiString and an energy contract without supplier', () => {
    expect(problem(parsePutToken({ ...example, contract_id: 'NL\u0000X' }, address))).toContain('contract_id must be printable ASCII');
    expect(problem(parsePutToken({ ...example, energy_contract: { contract_id: 'x' } }, address))).toContain(
      'energy_contract.supplier_name is required',
    );
  });

  it('applies a PATCH over the stored token; last_updated is required and the ids cannot change', () => {
    const stored = put(example);
    const patched = applyTokenPatch(stored, { valid: false, last_updated: '2019-06-19T02:11:11Z' });
    expect(patched).toEqual({ ok: true, value: { ...stored, valid: false, last_updated: '2019-06-19T02:11:11.000Z' } });
    expect(problem(applyTokenPatch(stored, { valid: false }))).toContain('last_updated is required in a PATCH');
    expect(problem(applyTokenPatch(stored, { uid: 'OTHER', last_updated: '2019-06-19T02:11:11Z' }))).toContain(
      "uid must be the URL's token_uid",
    );
    expect(problem(applyTokenPatch(stored, { whitelist: 'NOPE', last_updated: '2019-06-19T02:11:11Z' }))).toContain(
      'whitelist must be one of',
    );
  });

  it('maps the ?type parameter (default RFID)', () => {
    expect(tokenTypeParam(undefined)).toBe('RFID');
    expect(tokenTypeParam('APP_USER')).toBe('APP_USER');
    expect(tokenTypeParam('rfid')).toBeUndefined();
  });

  it('publishes a stored token as a valid ocpi.tokens.v1 record', () => {
    const until = new Date('2026-03-02T17:15:00.000Z');
    const event = tokenEvent(put(example), until);
    expect(ocpiTokenContract.outgoing(event)).toEqual({
      countryCode: 'NL',
      partyId: 'TNM',
      uid: '012345678',
      type: 'RFID',
      contractId: 'NL8ACC12E46L89',
      valid: true,
      whitelist: 'ALWAYS',
      groupId: 'DF000-2001-8999',
      authorizedUntil: '2026-03-02T17:15:00.000Z',
      lastUpdated: '2015-06-29T22:39:09.000Z',
    });
    const { group_id: _group, ...withoutGroup } = put(example);
    expect(tokenEvent({ ...withoutGroup, group_id: '' }, null)).not.toHaveProperty('groupId');
  });

  it.each([
    ['2015-06-29T20:39:09Z', '2015-06-29T20:39:09.000Z'],
    ['2015-06-29T20:39:09', '2015-06-29T20:39:09.000Z'],
    ['2016-12-29T17:45:09.2Z', '2016-12-29T17:45:09.200Z'],
    ['2018-01-01T01:08:01.123', '2018-01-01T01:08:01.123Z'],
    ['2015-06-29T20:39:09+00:00', '2015-06-29T20:39:09.000Z'],
    ['2015-06-29T22:39:09+02:00', '2015-06-29T20:39:09.000Z'],
    ['2015-06-29 20:39:09Z', undefined],
    ['2015-13-29T20:39:09Z', undefined],
  ])('DateTime %s → %s', (value, expected) => {
    expect(normalizeDateTime(value)).toBe(expected);
  });
});
