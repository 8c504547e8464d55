// OCPI registration over real HTTP on a real PostgreSQL schema: the ocpi-service's versions and
// credentials endpoints and its operator API, against partner platforms played by a real HTTP
// server written here (OcpiTestPeer): both handshake directions, update, unregister, a hub with
// many parties, the token rules (401, token A used up, 405) and the X-Request-ID echo.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OcpiTestApi } from './ocpi-test-api';
import { OcpiTestPeer, peerRole, type PeerRole } from './ocpi-test-peer';

let api: OcpiTestApi;
const peers: OcpiTestPeer[] = [];
const peer = async (roles: PeerRole[], options: { versions?: string[] } = {}): Promise<OcpiTestPeer> => {
  const started = await OcpiTestPeer.start({ roles, ...options });
  peers.push(started);
  return started;
};

beforeAll(async () => {
  api = await OcpiTestApi.start({ OCPI_SERVICE_REQUEST_TIMEOUT_MS: '1000', OCPI_SERVICE_COUNTRY_CODE: 'NL', OCPI_SERVICE_PARTY_ID: 'VLT' });
});

afterAll(async () => {
  await Promise.all(peers.map((p) => p.stop()));
  await api?.stop();
});

const createPartner = async (name: string): Promise<{ partnerId: string; tokenA: string; versionsUrl: string }> => {
  const created = await api.call<{ partnerId: string; tokenA: string; versionsUrl: string }>('POST', '/partners', { name });
  expect(created.status).toBe(201);
  return created.body;
};
const credentialsUrl = () => `${api.url}/ocpi/2.2.1/credentials`;

describe('versions and version details', () => {
  it('answers the versions and the 2.2.1 modules to token A, in the envelope, with the request ids echoed', async () => {
    const { tokenA, versionsUrl } = await createPartner('Versions reader');
    expect(versionsUrl).toBe(`${api.url}/ocpi/versions`);
    const versions = await api.ocpi('GET', '/versions', tokenA, undefined, { 'X-Request-ID': 'req-123', 'X-Correlation-ID': 'corr-456' });
    expect(versions.status).toBe(200);
    expect(versions.body).toEqual({
      data: [{ version: '2.2.1', url: `${api.url}/ocpi/2.2.1` }],
      status_code: 1000,
      status_message: 'Success',
      timestamp: expect.any(String),
    });
    expect([versions.headers.get('x-request-id'), versions.headers.get('x-correlation-id')]).toEqual(['req-123', 'corr-456']);
    // Configuration modules are not routed: no OCPI-from/to headers on the answer.
    expect(versions.headers.get('ocpi-from-party-id')).toBeNull();

    const details = await api.ocpi('GET', '/2.2.1', tokenA);
    expect(details.body.status_code).toBe(1000);
    expect(details.body.data.version).toBe('2.2.1');
    expect(details.body.data.endpoints).toEqual(
      expect.arrayContaining([
        { identifier: 'credentials', role: 'SENDER', url: `${api.url}/ocpi/2.2.1/credentials` },
        { identifier: 'locations', role: 'SENDER', url: `${api.url}/ocpi/cpo/2.2.1/locations` },
        { identifier: 'tokens', role: 'RECEIVER', url: `${api.url}/ocpi/cpo/2.2.1/tokens` },
        { identifier: 'commands', role: 'RECEIVER', url: `${api.url}/ocpi/cpo/2.2.1/commands` },
      ]),
    );
    // Ids are made up when the caller sent none.
    expect(details.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(details.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a missing, unknown or non-Token authorization with HTTP 401 in the envelope, ids echoed', async () => {
    const missing = await api.ocpi('GET', '/versions', undefined, undefined, { 'X-Request-ID': 'no-token-1' });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({
      status_code: 2000,
      status_message: expect.stringContaining('Authorization header missing'),
      timestamp: expect.any(String),
    });
    expect(missing.headers.get('x-request-id')).toBe('no-token-1');
    expect(missing.headers.get('www-authenticate')).toBe('Token');
    expect(missing.headers.get('x-correlation-id')).toEqual(expect.any(String));
    const unknown = await api.ocpi('GET', '/versions', 'not-a-token-of-anyone');
    expect([unknown.status, unknown.body.status_code, unknown.body.status_message]).toEqual([401, 2000, 'Unknown credentials token']);
    const bearer = await api.raw('GET', '/ocpi/versions', undefined, { authorization: 'Bearer abc' });
    expect([bearer.status, bearer.body.status_code]).toEqual([401, 2000]);
  });

  it('takes the token unencoded too (2.1.1-style clients)', async () => {
    const { tokenA } = await createPartner('Plain token client');
    const plain = await api.raw('GET', '/ocpi/versions', undefined, { authorization: `Token ${tokenA}` });
    expect([plain.status, plain.body.status_code]).toEqual([200, 1000]);
  });

  it('refuses token A outside versions and credentials (HTTP 401)', async () => {
    const { tokenA } = await createPartner('Too early');
    const early = await api.ocpi('GET', '/cpo/2.2.1/tokens/DE/AAA/TOKEN1', tokenA);
    expect([early.status, early.body.status_code]).toEqual([401, 2000]);
    expect(early.body.status_message).toContain('only opens versions and credentials');
  });
});

describe('a partner registers with us (token A → B → C)', () => {
  let emsp: OcpiTestPeer;
  let partnerId: string;
  let tokenA: string;

  beforeAll(async () => {
    emsp = await peer([peerRole('EMSP', 'DE', 'EMS')]);
    ({ partnerId, tokenA } = await createPartner('eMSP one'));
  });

  it('refuses an invalid credentials object with 2001 naming the field, and the partner stays pending', async () => {
    const bad = await api.ocpi('POST', '/2.2.1/credentials', tokenA, { token: 'x', url: emsp.versionsUrl, roles: [] });
    expect([bad.status, bad.body.status_code]).toEqual([400, 2001]);
    expect(bad.body.status_message).toContain('/roles');
    const notJson = await api.ocpi('POST', '/2.2.1/credentials', tokenA, '{"token": ');
    expect(notJson.status).toBe(400);
    expect((await api.call('GET', `/partners/${partnerId}`, undefined, 'read')).body.status).toBe('PENDING');
  });

  it('answers 3001 (HTTP 200) when it cannot use the partner’s platform, and token A still works', async () => {
    const unreachable = await api.ocpi('POST', '/2.2.1/credentials', tokenA, {
      ...emsp.credentials('some-token'),
      url: 'http://127.0.0.1:1/ocpi/versions',
    });
    expect([unreachable.status, unreachable.body.status_code]).toEqual([200, 3001]);
    expect(unreachable.body.status_message).toContain('http://127.0.0.1:1/ocpi/versions');
    // The token it gave us is not one the peer knows: its versions answer 401.
    const refused = await api.ocpi('POST', '/2.2.1/credentials', tokenA, emsp.credentials('unknown-to-the-peer'));
    expect([refused.status, refused.body.status_code]).toEqual([200, 3001]);
    expect(refused.body.status_message).toContain('refused the token (HTTP 401');
    expect((await api.ocpi('GET', '/versions', tokenA)).status).toBe(200);
  });

  it('registers: reads the partner with its token B, answers our credentials with a new token C', async () => {
    const answer = await emsp.registerWith(`${api.url}/ocpi/versions`, tokenA);
    expect(answer.status).toBe(200);
    expect(answer.body.status_code).toBe(1000);
    expect(answer.body.data).toEqual({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      url: `${api.url}/ocpi/versions`,
      roles: [{ role: 'CPO', business_details: { name: 'Voltlane' }, party_id: 'VLT', country_code: 'NL' }],
    });
    // We read its versions and details with its token B, each request with its own id, no routing headers.
    const reads = [...emsp.requestsTo('GET', '/ocpi/versions'), ...emsp.requestsTo('GET', '/ocpi/2.2.1')].filter(
      (r) => r.token === emsp.issuedToken,
    );
    expect(reads).toHaveLength(2);
    for (const read of reads) {
      expect(read.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(read.headers['x-correlation-id']).toEqual(expect.any(String));
      expect(read.headers['ocpi-from-party-id']).toBeUndefined();
    }
    expect(reads[0].headers['x-request-id']).not.toBe(reads[1].headers['x-request-id']);
    const stored = (await api.call('GET', `/partners/${partnerId}`, undefined, 'read')).body;
    expect(stored).toEqual(
      expect.objectContaining({
        status: 'REGISTERED',
        version: '2.2.1',
        versionsUrl: emsp.versionsUrl,
        roles: [{ role: 'EMSP', countryCode: 'DE', partyId: 'EMS', businessName: 'DE*EMS' }],
        registeredAt: expect.any(String),
      }),
    );
    expect(stored.endpoints).toContainEqual({ identifier: 'sessions', role: 'RECEIVER', url: `${emsp.url}/ocpi/emsp/2.2.1/sessions` });
    // The token we call them with is theirs (B), as given; only hashes of ours are stored.
    const partner = await api.service.registration.partners.get(partnerId);
    expect(partner?.outgoingToken).toBe(emsp.issuedToken);
    const [row] = await api.harness.query<{ token_a_hash: string | null; token_c_hash: string }>(
      'SELECT token_a_hash, token_c_hash FROM partners WHERE partner_id = $1',
      [partnerId],
    );
    expect(row).toEqual({ token_a_hash: null, token_c_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('then refuses token A (used up), takes C everywhere, answers our credentials to GET and 405 to a second POST', async () => {
    expect((await api.ocpi('GET', '/versions', tokenA)).status).toBe(401);
    const tokenC = emsp.cpoToken!;
    expect((await api.ocpi('GET', '/versions', tokenC)).status).toBe(200);
    const got = await api.ocpi('GET', '/2.2.1/credentials', tokenC);
    expect(got.body.data.token).toBe(tokenC);
    const again = await api.ocpi('POST', '/2.2.1/credentials', tokenC, emsp.credentials('another'));
    expect([again.status, again.body.status_code]).toEqual([405, 2000]);
    expect(again.body.status_message).toContain('Already registered');
    // A functional module now takes C (the tokens receiver answers whatever it answers, not 401),
    // and its answer carries the routing headers back: to the calling party, from the party it addressed.
    const routed = await api.ocpi('GET', '/cpo/2.2.1/tokens/DE/EMS/NOPE', tokenC, undefined, {
      'OCPI-from-country-code': 'de',
      'OCPI-from-party-id': 'ems',
      'OCPI-to-country-code': 'NL',
      'OCPI-to-party-id': 'VLT',
    });
    expect(routed.status).not.toBe(401);
    expect(
      ['ocpi-to-country-code', 'ocpi-to-party-id', 'ocpi-from-country-code', 'ocpi-from-party-id'].map((h) => routed.headers.get(h)),
    ).toEqual(['DE', 'EMS', 'NL', 'VLT']);
    const halfRouted = await api.ocpi('GET', '/cpo/2.2.1/tokens/DE/EMS/NOPE', tokenC, undefined, { 'OCPI-to-party-id': 'VLT' });
    expect([halfRouted.status, halfRouted.body.status_code, halfRouted.body.status_message]).toEqual([
      400,
      2001,
      'OCPI-to-country-code and OCPI-to-party-id must be sent together',
    ]);
  });

  it('updates (PUT): reads the partner again with its new token, gives a new C; the old C stops working', async () => {
    const oldC = emsp.cpoToken!;
    const updated = await emsp.updateAt(credentialsUrl());
    expect([updated.status, updated.body.status_code]).toEqual([200, 1000]);
    const newC = emsp.cpoToken!;
    expect(newC).not.toBe(oldC);
    expect((await api.ocpi('GET', '/versions', oldC)).status).toBe(401);
    expect((await api.ocpi('GET', '/versions', newC)).status).toBe(200);
    expect((await api.service.registration.partners.get(partnerId))?.outgoingToken).toBe(emsp.issuedToken);
  });

  it('unregisters (DELETE): its token stops working and the partner is UNREGISTERED; PUT before POST is 405', async () => {
    const tokenC = emsp.cpoToken!;
    const removed = await api.ocpi('DELETE', '/2.2.1/credentials', tokenC);
    expect([removed.status, removed.body.status_code]).toEqual([200, 1000]);
    expect(removed.body).not.toHaveProperty('data');
    expect((await api.ocpi('GET', '/versions', tokenC)).status).toBe(401);
    expect((await api.call('GET', `/partners/${partnerId}`, undefined, 'read')).body.status).toBe('UNREGISTERED');
    expect(await api.service.registration.partners.receiverForParty('sessions', 'DE', 'EMS')).toBeUndefined();

    const { tokenA: fresh } = await createPartner('Not yet registered');
    const put = await api.ocpi('PUT', '/2.2.1/credentials', fresh, emsp.credentials('x'));
    expect([put.status, put.body.status_code]).toEqual([405, 2000]);
    const del = await api.ocpi('DELETE', '/2.2.1/credentials', fresh);
    expect([del.status, del.body.status_code]).toEqual([405, 2000]);
  });
});

describe('we register with a partner (its token A)', () => {
  let emsp: OcpiTestPeer;
  let partnerId: string;

  beforeAll(async () => {
    emsp = await peer([peerRole('EMSP', 'FR', 'MSP')]);
    ({ partnerId } = await createPartner('eMSP two'));
  });

  it('says what is wrong when the partner refuses the token or lacks 2.2.1 (problem+json), and stays pending', async () => {
    const wrongToken = await api.call('POST', `/partners/${partnerId}/register`, { versionsUrl: emsp.versionsUrl, token: 'wrong' });
    expect(wrongToken.status).toBe(422);
    expect(wrongToken.contentType).toContain('application/problem+json');
    expect(wrongToken.body).toEqual(
      expect.objectContaining({ code: 'partner-refused-token', detail: expect.stringContaining(`GET ${emsp.versionsUrl}`) }),
    );
    const old = await peer([peerRole('EMSP', 'FR', 'OLD')], { versions: ['2.1.1'] });
    const unsupported = await api.call('POST', `/partners/${partnerId}/register`, { versionsUrl: old.versionsUrl, token: old.tokenA });
    expect([unsupported.status, unsupported.body.code]).toEqual([422, 'unsupported-version']);
    expect(unsupported.body.detail).toContain('offered: 2.1.1');
    const down = await api.call('POST', `/partners/${partnerId}/register`, { versionsUrl: 'http://127.0.0.1:1/ocpi/versions', token: 'x' });
    expect([down.status, down.body.code]).toEqual([502, 'partner-failed']);
    const invalid = await api.call('POST', `/partners/${partnerId}/register`, { versionsUrl: 'not a url' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.detail).toContain('must have property "token"');
    expect((await api.call('GET', `/partners/${partnerId}`, undefined, 'read')).body.status).toBe('PENDING');
  });

  it('registers: the partner reads our platform with our token B during its answer; its token C is what we call it with', async () => {
    const registered = await api.call('POST', `/partners/${partnerId}/register`, { versionsUrl: emsp.versionsUrl, token: emsp.tokenA });
    expect(registered.status).toBe(200);
    expect(registered.body).toEqual(
      expect.objectContaining({ status: 'REGISTERED', roles: [expect.objectContaining({ countryCode: 'FR', partyId: 'MSP' })] }),
    );
    // The peer read our versions with our token B before it answered: B works (and is what it calls us with).
    const tokenB = emsp.cpoToken!;
    expect((await api.ocpi('GET', '/2.2.1/credentials', tokenB)).body.data.token).toBe(tokenB);
    const post = emsp.requestsTo('POST', '/ocpi/2.2.1/credentials').at(-1)!;
    expect(post.body).toEqual(expect.objectContaining({ token: tokenB, url: `${api.url}/ocpi/versions` }));
    expect(post.headers['content-type']).toBe('application/json');
    expect((await api.service.registration.partners.get(partnerId))?.outgoingToken).toBe(emsp.issuedToken);
    const again = await api.call('POST', `/partners/${partnerId}/register`, { versionsUrl: emsp.versionsUrl, token: emsp.tokenA });
    expect([again.status, again.body.code]).toEqual([409, 'wrong-partner-state']);
  });

  it('renews our credentials at the partner (PUT): our old token stops working, the new one and theirs work', async () => {
    const oldB = emsp.cpoToken!;
    const oldTheirs = emsp.issuedToken!;
    const renewed = await api.call('PUT', `/partners/${partnerId}/credentials`);
    expect([renewed.status, renewed.body.status]).toEqual([200, 'REGISTERED']);
    expect(emsp.cpoToken).not.toBe(oldB);
    expect(emsp.requestsTo('PUT', '/ocpi/2.2.1/credentials').at(-1)!.token).toBe(oldTheirs);
    expect((await api.ocpi('GET', '/versions', oldB)).status).toBe(401);
    expect((await api.ocpi('GET', '/versions', emsp.cpoToken)).status).toBe(200);
    expect((await api.service.registration.partners.get(partnerId))?.outgoingToken).toBe(emsp.issuedToken);
  });

  it('unregisters (DELETE …/partners/{id}): DELETE at the partner with its token, our token stops working', async () => {
    const theirs = emsp.issuedToken!;
    const ours = emsp.cpoToken!;
    const removed = await api.call('DELETE', `/partners/${partnerId}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({
      partner: expect.objectContaining({ status: 'UNREGISTERED' }),
      remote: { called: true, ok: true, detail: expect.stringContaining('HTTP 200') },
    });
    expect(emsp.requestsTo('DELETE', '/ocpi/2.2.1/credentials').at(-1)!.token).toBe(theirs);
    expect((await api.ocpi('GET', '/versions', ours)).status).toBe(401);
    const twice = await api.call('DELETE', `/partners/${partnerId}`);
    expect(twice.body.remote).toEqual({ called: false, reason: 'the partner was UNREGISTERED' });
    // A new token A lets it register again.
    const reopened = await api.call('POST', `/partners/${partnerId}/registration-token`);
    expect([reopened.status, reopened.body.partner.status]).toEqual([201, 'PENDING']);
    expect((await api.ocpi('GET', '/versions', reopened.body.tokenA)).status).toBe(200);
  });
});

describe('a hub speaking for many parties', () => {
  it('routes a party’s pushes to the hub (OCPI-to = the party) unless the party is connected directly; broadcasts go to the hub itself', async () => {
    const hub = await peer([peerRole('HUB', 'DE', 'HUB'), peerRole('EMSP', 'DE', 'AAA'), peerRole('EMSP', 'FR', 'BBB')]);
    const { tokenA } = await createPartner('The hub');
    expect((await hub.registerWith(`${api.url}/ocpi/versions`, tokenA)).body.status_code).toBe(1000);
    const direct = await peer([peerRole('EMSP', 'DE', 'AAA')]);
    const { tokenA: directA } = await createPartner('AAA directly');
    expect((await direct.registerWith(`${api.url}/ocpi/versions`, directA)).body.status_code).toBe(1000);
    const directory = api.service.registration.partners;

    const viaHub = await directory.receiverForParty('sessions', 'fr', 'bbb');
    expect(viaHub).toEqual({
      partner: expect.objectContaining({ name: 'The hub' }),
      baseUrl: `${hub.url}/ocpi/emsp/2.2.1/sessions`,
      to: { countryCode: 'FR', partyId: 'BBB' },
    });
    const viaDirect = await directory.receiverForParty('cdrs', 'DE', 'AAA');
    expect(viaDirect?.partner.name).toBe('AAA directly');
    expect(await directory.receiverForParty('sessions', 'IT', 'XYZ')).toBeUndefined();
    expect(await directory.receiverForParty('commands', 'FR', 'BBB')).toBeUndefined(); // the hub has no commands RECEIVER

    const broadcast = await directory.receiversOf('locations');
    expect(broadcast).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ partner: expect.objectContaining({ name: 'The hub' }), to: { countryCode: 'DE', partyId: 'HUB' } }),
        expect.objectContaining({ partner: expect.objectContaining({ name: 'AAA directly' }), to: { countryCode: 'DE', partyId: 'AAA' } }),
      ]),
    );
    expect(broadcast.every((t) => t.partner.status === 'REGISTERED')).toBe(true);

    // Our client sends through the hub with the party's routing headers and the hub's token.
    const answer = await api.service.registration.client.request(viaHub!.partner, {
      method: 'PUT',
      url: `${viaHub!.baseUrl}/NL/VLT/S1`,
      body: { id: 'S1' },
      to: viaHub!.to,
      correlationId: 'corr-hub',
    });
    expect([answer.httpStatus, answer.statusCode]).toEqual([200, 1000]);
    const sent = hub.requestsTo('PUT', '/ocpi/emsp/2.2.1/sessions/NL/VLT/S1')[0];
    expect(sent.token).toBe(hub.issuedToken);
    expect(sent.headers).toEqual(
      expect.objectContaining({
        'ocpi-from-country-code': 'NL',
        'ocpi-from-party-id': 'VLT',
        'ocpi-to-country-code': 'FR',
        'ocpi-to-party-id': 'BBB',
        'x-correlation-id': 'corr-hub',
        'x-request-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      }),
    );
  });

  it('gives up on a partner that does not answer within the request timeout', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/slow`;
      const started = Date.now();
      await expect(api.service.registration.client.request({ outgoingToken: 't' }, { method: 'GET', url })).rejects.toThrow(
        `GET ${url}: no answer within 1000 ms`,
      );
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('the operator API of partners', () => {
  it('needs the write scope to change, read to list; says what is wrong in problem+json', async () => {
    expect((await api.call('POST', '/partners', { name: 'x' }, 'read')).status).toBe(403);
    expect((await api.call('POST', '/partners', { name: 'x' }, 'none')).status).toBe(401);
    const noName = await api.call('POST', '/partners', {});
    expect([noName.status, noName.contentType]).toEqual([400, expect.stringContaining('application/problem+json')]);
    expect(noName.body.detail).toContain('must have property "name"');
    expect((await api.call('POST', '/partners', { name: 'x', extra: 1 })).body.detail).toContain('unknown property "extra"');
    const unknown = await api.call('GET', '/partners/00000000-0000-4000-8000-000000000000', undefined, 'read');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'unknown-partner']);
    expect((await api.call('GET', '/partners/not-a-uuid', undefined, 'read')).status).toBe(404);
    expect((await api.call('PUT', '/partners/00000000-0000-4000-8000-000000000000/credentials')).status).toBe(404);
  });

  it('lists partners newest first, filtered by state, without tokens', async () => {
    const { partnerId } = await createPartner('Newest');
    const list = await api.call('GET', '/partners?limit=2', undefined, 'read');
    expect(list.status).toBe(200);
    expect(list.body.items[0].partnerId).toBe(partnerId);
    expect(list.body).toEqual(expect.objectContaining({ limit: 2, offset: 0, total: expect.any(Number) }));
    expect(list.body.total).toBeGreaterThan(5);
    for (const item of list.body.items) expect(Object.keys(item).filter((key) => /token/i.test(key))).toEqual([]);
    const registered = await api.call('GET', '/partners?status=REGISTERED&limit=100', undefined, 'read');
    expect(registered.body.items.length).toBeGreaterThan(0);
    expect(registered.body.items.every((p: { status: string }) => p.status === 'REGISTERED')).toBe(true);
    expect((await api.call('GET', '/partners?status=GONE', undefined, 'read')).status).toBe(400);
  });
});

describe('the OpenAPI document', () => {
  it('documents the OCPI operations with the partner token scheme and the envelope, the partners API with the API key', async () => {
    const doc = (await api.raw('GET', '/docs/openapi.json', undefined, {})).body;
    expect(doc.components.securitySchemes.ocpiToken).toEqual(
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'Authorization' }),
    );
    for (const [path, method] of [
      ['/ocpi/versions', 'get'],
      ['/ocpi/2.2.1', 'get'],
      ['/ocpi/2.2.1/credentials', 'post'],
      ['/ocpi/2.2.1/credentials', 'delete'],
    ] as const) {
      const operation = doc.paths[path][method];
      expect({ path, method, security: operation.security, tags: operation.tags }).toEqual({
        path,
        method,
        security: [{ ocpiToken: [] }],
        tags: ['OCPI 2.2.1 (partners)'],
      });
      expect(operation.responses['401'].content['application/json']).toBeDefined();
      expect(operation.responses).not.toHaveProperty('403');
    }
    expect(doc.paths['/api/v1/ocpi/partners'].post.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/api/v1/ocpi/partners/{partnerId}/register'].post.responses['502'].content).toHaveProperty([
      'application/problem+json',
    ]);
  });
});
