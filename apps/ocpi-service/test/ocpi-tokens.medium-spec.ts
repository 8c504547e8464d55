// The OCPI tokens receiver over real HTTP on a real PostgreSQL schema: eMSP platforms played by a
// real HTTP server (OcpiTestPeer) register, push their tokens (PUT, PATCH) and read them back
// (GET), for their own parties only (a hub for all of its parties); every change is published on
// ocpi.tokens.v1 for the customer-service.
import { parseOcpiTokenEvent, type OcpiTokenEvent } from '@voltlane/contracts';
import { OcpiTestApi } from './ocpi-test-api';
import { OcpiTestPeer, peerRole, type PeerRole } from './ocpi-test-peer';
import { exampleToken } from './token-fixtures';

let api: OcpiTestApi;
let emsp: OcpiTestPeer;
let hub: OcpiTestPeer;

async function registered(name: string, roles: PeerRole[]): Promise<OcpiTestPeer> {
  const peer = await OcpiTestPeer.start({ roles });
  const created = await api.call('POST', '/partners', { name });
  expect(created.status).toBe(201);
  const answer = await peer.registerWith(created.body.versionsUrl, created.body.tokenA);
  expect([answer.status, answer.body.status_code]).toEqual([200, 1000]);
  return peer;
}

beforeAll(async () => {
  api = await OcpiTestApi.start();
  emsp = await registered('TNM', [peerRole('EMSP', 'NL', 'TNM')]);
  hub = await registered('Hub', [peerRole('HUB', 'DE', 'HUB'), peerRole('EMSP', 'DE', 'ABC'), peerRole('EMSP', 'BE', 'XYZ')]);
});

afterAll(async () => {
  await Promise.all([emsp?.stop(), hub?.stop()]);
  await api?.stop();
});

/** The specification's example token, for party cc*pid. */
function token(uid: string, overrides: Record<string, unknown> = {}, cc = 'NL', pid = 'TNM'): Record<string, unknown> {
  return exampleToken({ country_code: cc, party_id: pid, uid, contract_id: `${cc}8ACC12E46L89`, ...overrides });
}

const tokens = (peer: OcpiTestPeer, method: string, path: string, body?: unknown) =>
  api.ocpi(method, `/cpo/2.2.1/tokens${path}`, peer.cpoToken, body);

function published(key: string): OcpiTokenEvent[] {
  return api.harness
    .records('OcpiTokens')
    .filter((m) => m.key === key)
    .map((m) => parseOcpiTokenEvent(JSON.parse(m.value)));
}

describe('PUT, GET and PATCH of a token', () => {
  it('stores a new token (HTTP 201), answers it on GET and publishes it keyed by the uid upper-cased', async () => {
    const put = await tokens(emsp, 'PUT', '/NL/TNM/04a1b2c3', token('04a1b2c3'));
    expect([put.status, put.body.status_code]).toEqual([201, 1000]);
    expect(put.body).not.toHaveProperty('data');
    const get = await tokens(emsp, 'GET', '/NL/TNM/04a1b2c3');
    expect([get.status, get.body.status_code]).toEqual([200, 1000]);
    expect(get.body.data).toEqual(token('04a1b2c3', { last_updated: '2015-06-29T22:39:09.000Z' }));
    expect(published('04A1B2C3')).toEqual([
      {
        countryCode: 'NL',
        partyId: 'TNM',
        uid: '04a1b2c3',
        type: 'RFID',
        contractId: 'NL8ACC12E46L89',
        valid: true,
        whitelist: 'ALWAYS',
        groupId: 'DF000-2001-8999',
        lastUpdated: '2015-06-29T22:39:09.000Z',
      },
    ]);
    const rows = await api.harness.query<{ partner_id: string }>(`SELECT partner_id FROM tokens WHERE uid = '04a1b2c3'`);
    expect(rows).toHaveLength(1);
  });

  it('replaces a token (HTTP 200), one row per uid whatever its spelling (CiString), each change published', async () => {
    expect((await tokens(emsp, 'PUT', '/NL/TNM/case-1', token('case-1'))).status).toBe(201);
    const again = await tokens(
      emsp,
      'PUT',
      '/nl/tnm/CASE-1',
      token('CASE-1', { whitelist: 'ALLOWED', last_updated: '2016-01-01T00:00:00Z' }, 'nl', 'tnm'),
    );
    expect([again.status, again.body.status_code]).toEqual([200, 1000]);
    expect(await api.harness.query(`SELECT uid, whitelist FROM tokens WHERE upper(uid) = 'CASE-1'`)).toEqual([
      { uid: 'case-1', whitelist: 'ALLOWED' },
    ]);
    expect(published('CASE-1').map((e) => [e.uid, e.whitelist])).toEqual([
      ['case-1', 'ALWAYS'],
      ['case-1', 'ALLOWED'],
    ]);
    expect((await tokens(emsp, 'GET', '/NL/TNM/Case-1')).body.data.whitelist).toBe('ALLOWED');
  });

  it('invalidates a token with PATCH (last_updated required) and publishes the whole token', async () => {
    await tokens(emsp, 'PUT', '/NL/TNM/patch-me', token('patch-me'));
    const patch = await tokens(emsp, 'PATCH', '/NL/TNM/patch-me', { valid: false, last_updated: '2019-06-19T02:11:11Z' });
    expect([patch.status, patch.body.status_code]).toEqual([200, 1000]);
    expect((await tokens(emsp, 'GET', '/NL/TNM/patch-me')).body.data).toMatchObject({
      valid: false,
      whitelist: 'ALWAYS',
      issuer: 'TheNewMotion',
    });
    expect(published('PATCH-ME').at(-1)).toMatchObject({ valid: false, whitelist: 'ALWAYS', lastUpdated: '2019-06-19T02:11:11.000Z' });

    const noDate = await tokens(emsp, 'PATCH', '/NL/TNM/patch-me', { valid: true });
    expect([noDate.status, noDate.body.status_code, noDate.body.status_message]).toEqual([
      400,
      2001,
      'Invalid Token patch: last_updated is required in a PATCH',
    ]);
    const unknown = await tokens(emsp, 'PATCH', '/NL/TNM/nobody', { valid: false, last_updated: '2019-06-19T02:11:11Z' });
    expect([unknown.status, unknown.body.status_code]).toEqual([404, 2004]);
    expect(published('PATCH-ME')).toHaveLength(2);
  });

  it('keeps tokens of different types apart (?type=, default RFID)', async () => {
    await tokens(emsp, 'PUT', '/NL/TNM/multi-1?type=APP_USER', token('multi-1', { type: 'APP_USER', whitelist: 'NEVER' }));
    expect((await tokens(emsp, 'GET', '/NL/TNM/multi-1?type=APP_USER')).body.data).toMatchObject({ type: 'APP_USER', whitelist: 'NEVER' });
    const rfid = await tokens(emsp, 'GET', '/NL/TNM/multi-1');
    expect([rfid.status, rfid.body.status_code]).toEqual([404, 2004]);
    const wrongType = await tokens(emsp, 'PUT', '/NL/TNM/multi-1', token('multi-1', { type: 'APP_USER' }));
    expect([wrongType.status, wrongType.body.status_code]).toEqual([400, 2001]);
    expect(wrongType.body.status_message).toContain("type must be the URL's type RFID");
    const badType = await tokens(emsp, 'GET', '/NL/TNM/multi-1?type=CARD');
    expect([badType.status, badType.body.status_code]).toEqual([400, 2001]);
  });
});

describe('what is refused', () => {
  it('answers 2001 naming every problem of an invalid token, and stores and publishes nothing', async () => {
    const bad = await tokens(
      emsp,
      'PUT',
      '/NL/TNM/bad-1',
      token('bad-1', { whitelist: 'SOMETIMES', valid: 'yes', contract_id: undefined }),
    );
    expect([bad.status, bad.body.status_code]).toEqual([400, 2001]);
    expect(bad.body.status_message).toContain('whitelist must be one of ALWAYS, ALLOWED, ALLOWED_OFFLINE, NEVER');
    expect(bad.body.status_message).toContain('valid must be true or false');
    expect(bad.body.status_message).toContain('contract_id is required');
    const otherUid = await tokens(emsp, 'PUT', '/NL/TNM/bad-1', token('bad-2'));
    expect(otherUid.body.status_message).toContain("uid must be the URL's token_uid bad-1");
    expect(await api.harness.query(`SELECT uid FROM tokens WHERE uid LIKE 'bad-%'`)).toEqual([]);
    expect(published('BAD-1')).toEqual([]);
  });

  it('takes and shows tokens of the caller’s parties only', async () => {
    const foreign = await tokens(emsp, 'PUT', '/DE/ABC/foreign-1', token('foreign-1', {}, 'DE', 'ABC'));
    expect([foreign.status, foreign.body.status_code]).toEqual([400, 2001]);
    expect(foreign.body.status_message).toBe('DE*ABC is not one of your parties (NL*TNM)');
    await tokens(emsp, 'PUT', '/NL/TNM/mine-1', token('mine-1'));
    const peek = await tokens(hub, 'GET', '/NL/TNM/mine-1');
    expect([peek.status, peek.body.status_code]).toEqual([400, 2001]);
  });

  it('takes a hub’s tokens for every party it lists', async () => {
    for (const [cc, pid] of [
      ['DE', 'ABC'],
      ['BE', 'XYZ'],
    ] as const) {
      const put = await tokens(hub, 'PUT', `/${cc}/${pid}/hub-card-${pid}`, token(`hub-card-${pid}`, {}, cc, pid));
      expect([put.status, put.body.status_code]).toEqual([201, 1000]);
      expect(published(`HUB-CARD-${pid}`)).toEqual([expect.objectContaining({ countryCode: cc, partyId: pid })]);
    }
  });

  it('refuses a call without a registered partner’s token (HTTP 401)', async () => {
    const anonymous = await api.ocpi('GET', '/cpo/2.2.1/tokens/NL/TNM/04a1b2c3');
    expect([anonymous.status, anonymous.body.status_code]).toEqual([401, 2000]);
    const { tokenA } = (await api.call('POST', '/partners', { name: 'Pending' })).body;
    const pending = await api.ocpi('PUT', '/cpo/2.2.1/tokens/NL/TNM/x', tokenA, token('x'));
    expect([pending.status, pending.body.status_code]).toEqual([401, 2000]);
  });
});
