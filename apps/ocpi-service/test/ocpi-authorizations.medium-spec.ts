// Real-time authorization of roaming tokens over real HTTP on a real PostgreSQL schema: the
// operator API's POST /authorizations asks the token's eMSP (a real HTTP server, OcpiTestPeer) with
// POST {tokens}/{uid}/authorize and the station's LocationReferences, or each hub in turn for a uid
// not stored; the answer is stored and published on ocpi.tokens.v1; when the eMSP cannot be asked
// the offline policy decides.
import { parseOcpiTokenEvent, type OcpiTokenEvent } from '@voltlane/contracts';
import { TestSession } from './ocpi-sessions.builders';
import { OcpiTestApi } from './ocpi-test-api';
import { OcpiTestPeer, peerRole, type PeerReply, type PeerRole, type ReceivedRequest } from './ocpi-test-peer';
import { depot } from './push-fixtures';
import { exampleToken } from './token-fixtures';

// A real-time authorization waits this long for an eMSP that answers: far above any stall of a loaded
// machine (the peer runs in this process), so its answer is never taken for a timeout.
const ANSWER_TIMEOUT_MS = 5_000;
// The describe about an eMSP that does not answer in time waits only this long (its peer never answers).
const SHORT_TIMEOUT_MS = 500;
const CACHE_S = 600;
const AUTHORIZE = /^\/ocpi\/emsp\/2\.2\.1\/tokens\/([^/]+)\/authorize$/;

/** The specification's example token, for party cc*pid. */
const token = (uid: string, overrides: Record<string, unknown> = {}, cc = 'NL', pid = 'TNM'): Record<string, unknown> =>
  exampleToken({ country_code: cc, party_id: pid, uid, contract_id: `${cc}8ACC12E46L89`, ...overrides });

/** A peer answering real-time authorizations from `answers` (uid → reply); an unknown uid: 2004. */
function answering(peer: OcpiTestPeer, answers: Map<string, PeerReply>): void {
  peer.reply = (request) => {
    const match = request.method === 'POST' ? AUTHORIZE.exec(request.path) : null;
    if (!match) return undefined;
    return answers.get(decodeURIComponent(match[1])) ?? { status: 404, statusCode: 2004, message: 'Unknown Token' };
  };
}

const info = (allowed: string, tokenObject: Record<string, unknown>, reference?: string): PeerReply => ({
  status: 200,
  statusCode: 1000,
  data: { allowed, token: tokenObject, ...(reference ? { authorization_reference: reference } : {}) },
});

async function registered(api: OcpiTestApi, name: string, roles: PeerRole[]): Promise<OcpiTestPeer> {
  const peer = await OcpiTestPeer.start({ roles });
  const created = await api.call('POST', '/partners', { name });
  expect(created.status).toBe(201);
  const answer = await peer.registerWith(created.body.versionsUrl, created.body.tokenA);
  expect([answer.status, answer.body.status_code]).toEqual([200, 1000]);
  return peer;
}

async function pushToken(api: OcpiTestApi, peer: OcpiTestPeer, body: Record<string, unknown>): Promise<void> {
  const path = `/cpo/2.2.1/tokens/${String(body.country_code)}/${String(body.party_id)}/${String(body.uid)}?type=${String(body.type)}`;
  const put = await api.ocpi('PUT', path, peer.cpoToken, body);
  expect([put.status, put.body.status_code]).toEqual([201, 1000]);
}

const authorizeAt = (peer: OcpiTestPeer, uid: string): ReceivedRequest[] =>
  peer.requestsTo('POST', `/ocpi/emsp/2.2.1/tokens/${uid}/authorize`);

describe('with the default offline policy (cached)', () => {
  let api: OcpiTestApi;
  let emsp: OcpiTestPeer;
  const answers = new Map<string, PeerReply>();

  const authorize = (body: Record<string, unknown>) => api.call('POST', '/authorizations', body);
  const published = (key: string): OcpiTokenEvent[] =>
    api.harness
      .records('OcpiTokens')
      .filter((m) => m.key === key)
      .map((m) => parseOcpiTokenEvent(JSON.parse(m.value)));

  beforeAll(async () => {
    api = await OcpiTestApi.start({
      OCPI_SERVICE_AUTHORIZATION_TIMEOUT_MS: String(ANSWER_TIMEOUT_MS),
      OCPI_SERVICE_AUTHORIZATION_CACHE_S: String(CACHE_S),
    });
    emsp = await registered(api, 'TNM', [peerRole('EMSP', 'NL', 'TNM')]);
    answering(emsp, answers);
  });

  afterAll(async () => {
    await emsp?.stop();
    await api?.stop();
  });

  it('asks the eMSP about a NEVER token, answers Accepted, stores and publishes it authorized for the cache time', async () => {
    await pushToken(api, emsp, token('never-1', { whitelist: 'NEVER' }));
    answers.set('never-1', info('ALLOWED', token('never-1', { whitelist: 'NEVER', last_updated: '2026-01-01T00:00:00Z' }), 'REF-1'));
    const before = Date.now();
    const answer = await authorize({ idToken: 'NEVER-1', type: 'ISO14443', stationId: 'CS-RT-1', evseId: 1 });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: 'Accepted',
      source: 'emsp',
      countryCode: 'NL',
      partyId: 'TNM',
      authorizationReference: 'REF-1',
    });
    const expires = Date.parse(answer.body.cacheExpiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + CACHE_S * 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + CACHE_S * 1000);

    const [asked] = authorizeAt(emsp, 'never-1');
    expect(asked.query).toBe('type=RFID');
    expect(asked.body).toEqual({ location_id: 'CS-RT-1', evse_uids: ['CS-RT-1-1'] });
    expect(asked.token).toBe(emsp.issuedToken);
    expect([asked.headers['ocpi-to-country-code'], asked.headers['ocpi-to-party-id']]).toEqual(['NL', 'TNM']);

    const [row] = await api.harness.query<{ uid: string; authorized_until: Date; last_updated: Date }>(
      `SELECT uid, authorized_until, last_updated FROM tokens WHERE upper(uid) = 'NEVER-1'`,
    );
    expect(row.uid).toBe('never-1');
    expect(row.authorized_until.getTime()).toBe(expires);
    expect(row.last_updated.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(published('NEVER-1').at(-1)).toMatchObject({ whitelist: 'NEVER', valid: true, authorizedUntil: answer.body.cacheExpiresAt });
    expect(await api.harness.query(`SELECT station_id, authorization_reference FROM token_authorizations WHERE uid = 'never-1'`)).toEqual([
      { station_id: 'CS-RT-1', authorization_reference: 'REF-1' },
    ]);
  });

  it('pushes the session that follows with auth_method AUTH_REQUEST and the eMSP’s authorization_reference', async () => {
    const session = new TestSession('CS-RT-1', 'ISO14443:NEVER-1', { evseId: 1 });
    const now = new Date().toISOString();
    await api.harness.publish('SessionLifecycle', session.stationId, session.event('Started', 0, 0, { startedAt: now, occurredAt: now }));
    await api.harness.settle();
    expect(
      await api.harness.query(
        `SELECT body->>'auth_method' AS method, body->>'authorization_reference' AS reference FROM sessions WHERE session_id = $1`,
        [session.sessionId],
      ),
    ).toEqual([{ method: 'AUTH_REQUEST', reference: 'REF-1' }]);
  });

  it('sends the location of a placed station and its EVSE; none when the EVSE is not said', async () => {
    expect((await api.call('PUT', '/locations/LOC-RT', depot([{ stationId: 'CS-RT-2', evseCount: 2 }]))).status).toBe(201);
    await pushToken(api, emsp, token('placed-1', { whitelist: 'NEVER' }));
    answers.set('placed-1', info('ALLOWED', token('placed-1', { whitelist: 'NEVER' })));
    expect((await authorize({ idToken: 'placed-1', stationId: 'CS-RT-2', evseId: 2 })).body.status).toBe('Accepted');
    expect((await authorize({ idToken: 'placed-1', stationId: 'CS-RT-2' })).body.status).toBe('Accepted');
    expect(authorizeAt(emsp, 'placed-1').map((r): unknown => r.body)).toEqual([
      { location_id: 'LOC-RT', evse_uids: ['CS-RT-2-2'] },
      { location_id: 'LOC-RT' },
    ]);
  });

  it('answers BLOCKED as Blocked, without a cache time, and publishes the token as the eMSP gave it', async () => {
    await pushToken(api, emsp, token('blocked-1', { whitelist: 'NEVER' }));
    answers.set(
      'blocked-1',
      info('BLOCKED', token('blocked-1', { whitelist: 'NEVER', valid: false, last_updated: '2026-02-01T00:00:00Z' })),
    );
    const answer = await authorize({ idToken: 'blocked-1', stationId: 'CS-RT-1' });
    expect(answer.body).toEqual({ status: 'Blocked', source: 'emsp', countryCode: 'NL', partyId: 'TNM' });
    expect(published('BLOCKED-1').at(-1)).toMatchObject({ valid: false });
    expect(published('BLOCKED-1').at(-1)).not.toHaveProperty('authorizedUntil');
    expect(authorizeAt(emsp, 'blocked-1')[0].body).toEqual({ location_id: 'CS-RT-1' });
  });

  it.each([
    ['EXPIRED', 'Expired'],
    ['NO_CREDIT', 'NoCredit'],
    ['NOT_ALLOWED', 'NotAllowedTypeEVSE'],
  ])('answers %s as %s', async (allowed, status) => {
    const uid = `status-${allowed.toLowerCase()}`;
    await pushToken(api, emsp, token(uid, { whitelist: 'NEVER' }));
    answers.set(uid, info(allowed, token(uid, { whitelist: 'NEVER' })));
    expect((await authorize({ idToken: uid, stationId: 'CS-RT-1' })).body).toMatchObject({ status, source: 'emsp' });
  });

  it('answers Unknown when the eMSP does not know the token (2004), and when no partner could be asked', async () => {
    await pushToken(api, emsp, token('forgotten-1', { whitelist: 'NEVER' }));
    expect((await authorize({ idToken: 'forgotten-1', stationId: 'CS-RT-1' })).body).toMatchObject({ status: 'Unknown', source: 'emsp' });
    const nobody = await authorize({ idToken: 'nobody-knows', stationId: 'CS-RT-1' });
    expect(nobody.body).toMatchObject({ status: 'Unknown', source: 'policy' });
    expect(authorizeAt(emsp, 'nobody-knows')).toEqual([]);
  });

  it('decides by the policy on HTTP 5xx and on status 3xxx', async () => {
    await pushToken(api, emsp, token('broken-1', { whitelist: 'ALLOWED_OFFLINE' }));
    answers.set('broken-1', { status: 500, statusCode: 3000, message: 'down' });
    expect((await authorize({ idToken: 'broken-1', stationId: 'CS-RT-1' })).body).toMatchObject({ status: 'Accepted', source: 'policy' });
    answers.set('broken-1', { status: 200, statusCode: 3001, message: 'cannot reach the backend' });
    const answer = await authorize({ idToken: 'broken-1', stationId: 'CS-RT-1' });
    expect(answer.body).toMatchObject({ status: 'Accepted', source: 'policy' });
    expect(answer.body.info).toContain('status_code 3001');
  });

  it('refuses a bad body with a problem naming the field, and a read key', async () => {
    const missing = await authorize({ stationId: 'CS-RT-1' });
    expect([missing.status, missing.contentType]).toEqual([400, expect.stringContaining('application/problem+json')]);
    expect(missing.body.detail).toContain('idToken');
    const negative = await authorize({ idToken: 'x', stationId: 'CS-RT-1', evseId: -1 });
    expect([negative.status, negative.body.detail]).toEqual([400, expect.stringContaining('evseId')]);
    const long = await authorize({ idToken: 'x'.repeat(37), stationId: 'CS-RT-1' });
    expect([long.status, long.body.detail]).toEqual([400, expect.stringContaining('idToken')]);
    expect((await api.call('POST', '/authorizations', { idToken: 'x', stationId: 'CS-RT-1' }, 'read')).status).toBe(403);
  });

  describe('a uid not stored, through hubs', () => {
    let hubA: OcpiTestPeer;
    let hubB: OcpiTestPeer;

    beforeAll(async () => {
      hubA = await registered(api, 'Hub A', [peerRole('HUB', 'DE', 'HBA'), peerRole('EMSP', 'DE', 'AAA')]);
      hubB = await registered(api, 'Hub B', [peerRole('HUB', 'BE', 'HBB'), peerRole('EMSP', 'BE', 'XYZ')]);
      answering(hubA, new Map([['roam-2', info('BLOCKED', token('roam-2', { whitelist: 'NEVER', valid: false }, 'DE', 'AAA'))]]));
      answering(hubB, new Map([['roam-1', info('ALLOWED', token('roam-1', { whitelist: 'NEVER' }, 'BE', 'XYZ'), 'HUB-REF')]]));
    });

    afterAll(async () => {
      await Promise.all([hubA?.stop(), hubB?.stop()]);
    });

    it('asks each hub (addressed to its own party) until one answers ALLOWED, and stores the token for that hub', async () => {
      const answer = await authorize({ idToken: 'roam-1', type: 'Central', stationId: 'CS-RT-1' });
      expect(answer.body).toMatchObject({
        status: 'Accepted',
        source: 'emsp',
        countryCode: 'BE',
        partyId: 'XYZ',
        authorizationReference: 'HUB-REF',
      });
      const [atB] = authorizeAt(hubB, 'roam-1');
      expect(atB.query).toBe('type=APP_USER');
      expect([atB.headers['ocpi-to-country-code'], atB.headers['ocpi-to-party-id']]).toEqual(['BE', 'HBB']);
      const rows = await api.harness.query<{ country_code: string; party_id: string; partner_id: string }>(
        `SELECT country_code, party_id, partner_id FROM tokens WHERE uid = 'roam-1'`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ country_code: 'BE', party_id: 'XYZ' });
      const partners = await api.call('GET', '/partners');
      const hubBId = partners.body.items.find((p: { name: string }) => p.name === 'Hub B').partnerId;
      expect(rows[0].partner_id).toBe(hubBId);
      expect(published('ROAM-1').at(-1)).toMatchObject({ countryCode: 'BE', partyId: 'XYZ', authorizedUntil: answer.body.cacheExpiresAt });
      // The direct eMSP has no hub role: it is not asked about a uid it has not pushed.
      expect(authorizeAt(emsp, 'roam-1')).toEqual([]);
    });

    it('answers a hub’s refusal when no hub allows, and Unknown when none knows the uid', async () => {
      expect((await authorize({ idToken: 'roam-2', stationId: 'CS-RT-1' })).body).toMatchObject({
        status: 'Blocked',
        source: 'emsp',
        countryCode: 'DE',
        partyId: 'AAA',
      });
      expect(authorizeAt(hubB, 'roam-2')).toHaveLength(1);
      expect((await authorize({ idToken: 'roam-3', stationId: 'CS-RT-1' })).body).toMatchObject({ status: 'Unknown', source: 'emsp' });
      expect([authorizeAt(hubA, 'roam-3').length, authorizeAt(hubB, 'roam-3').length]).toEqual([1, 1]);
    });
  });
});

describe('when the eMSP does not answer in time (default offline policy, cached)', () => {
  let api: OcpiTestApi;
  let emsp: OcpiTestPeer;
  const answers = new Map<string, PeerReply>();

  beforeAll(async () => {
    api = await OcpiTestApi.start({ OCPI_SERVICE_AUTHORIZATION_TIMEOUT_MS: String(SHORT_TIMEOUT_MS) });
    emsp = await registered(api, 'TNM', [peerRole('EMSP', 'NL', 'TNM')]);
    answering(emsp, answers);
  });

  afterAll(async () => {
    // Closes the authorizations it still holds open.
    await emsp?.stop();
    await api?.stop();
  });

  it('decides by the cached token: ALWAYS Accepted, NEVER Invalid, without waiting for the eMSP', async () => {
    await pushToken(api, emsp, token('slow-always', { whitelist: 'ALWAYS' }));
    await pushToken(api, emsp, token('slow-never', { whitelist: 'NEVER' }));
    // What it would answer (the opposite of the policy's decision) if it answered at all.
    answers.set('slow-always', info('BLOCKED', token('slow-always')));
    answers.set('slow-never', info('ALLOWED', token('slow-never', { whitelist: 'NEVER' })));
    emsp.hanging = true;
    const started = Date.now();
    const always = await api.call('POST', '/authorizations', { idToken: 'slow-always', stationId: 'CS-RT-1' });
    const never = await api.call('POST', '/authorizations', { idToken: 'slow-never', stationId: 'CS-RT-1' });
    // The eMSP never answers: both answers came from the policy after the service's own timeout, not the eMSP.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(always.body).toMatchObject({ status: 'Accepted', source: 'policy', countryCode: 'NL', partyId: 'TNM' });
    expect(always.body.info).toContain(`no answer within ${SHORT_TIMEOUT_MS} ms`);
    expect(never.body).toMatchObject({ status: 'Invalid', source: 'policy' });
    expect(never.body.info).toContain(`no answer within ${SHORT_TIMEOUT_MS} ms`);
    expect(authorizeAt(emsp, 'slow-always')).toHaveLength(1);
    expect(authorizeAt(emsp, 'slow-never')).toHaveLength(1);
  });
});

describe.each([
  ['accept', 'Accepted'],
  ['reject', 'Invalid'],
])('with the offline policy %s', (policy, status) => {
  let api: OcpiTestApi;
  let emsp: OcpiTestPeer;

  beforeAll(async () => {
    api = await OcpiTestApi.start({
      // The eMSP is stopped (connection refused): no timeout is involved.
      OCPI_SERVICE_AUTHORIZATION_TIMEOUT_MS: String(SHORT_TIMEOUT_MS),
      OCPI_SERVICE_OFFLINE_AUTHORIZATION: policy,
    });
    emsp = await registered(api, 'TNM', [peerRole('EMSP', 'NL', 'TNM')]);
  });

  afterAll(async () => {
    await api?.stop();
  });

  it(`answers ${status} for every token when the eMSP is unreachable`, async () => {
    await pushToken(api, emsp, token('offline-always', { whitelist: 'ALWAYS' }));
    await pushToken(api, emsp, token('offline-never', { whitelist: 'NEVER' }));
    await emsp.stop();
    for (const idToken of ['offline-always', 'offline-never']) {
      const answer = await api.call('POST', '/authorizations', { idToken, stationId: 'CS-RT-9' });
      expect(answer.body).toMatchObject({ status, source: 'policy', countryCode: 'NL', partyId: 'TNM' });
      expect(answer.body.info).toContain(`offline policy ${policy}`);
    }
  });
});
