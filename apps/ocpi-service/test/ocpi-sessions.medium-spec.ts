// Roaming sessions and CDRs over real HTTP on a real PostgreSQL schema: a session started with an
// eMSP's token (pushed to us over the tokens receiver) is pushed to that eMSP — a real HTTP server
// (PushReceiver) — as it starts, grows and ends (PUT, PATCH: kwh and cost, throttled), its CDR is
// POSTed once and the eMSP's Location kept; eMSPs pull both (their own parties only, paginated).
// Partners are put into the `partners` table directly: these specs are about sessions, not the handshake.
import { waitFor } from '@voltlane/testing';
import { OcpiTestApi } from './ocpi-test-api';
import { defaultTariff, TestSession } from './ocpi-sessions.builders';
import { depot } from './push-fixtures';
import { insertPartner, PushReceiver, type ReceivedPush } from './push-receiver';

const HOUR_S = '3600';
let api: OcpiTestApi;
let emsp: PushReceiver;
let emspTokenC: string;
const tariff = defaultTariff();

beforeAll(async () => {
  emsp = await PushReceiver.start();
  // Updates are pushed at most hourly: the spec moves the clock of the last push back to let one through.
  api = await OcpiTestApi.start({ OCPI_SERVICE_SESSION_UPDATE_INTERVAL_S: HOUR_S });
  ({ tokenC: emspTokenC } = await insertPartner((sql, params) => api.harness.query(sql, params), emsp, {
    name: 'EMS',
    party: { countryCode: 'DE', partyId: 'EMS' },
  }));
  const token = await api.ocpi('PUT', '/cpo/2.2.1/tokens/DE/EMS/04a2b3c4', emspTokenC, {
    country_code: 'DE',
    party_id: 'EMS',
    uid: '04a2b3c4',
    type: 'RFID',
    contract_id: 'DE-EMS-C00000001',
    issuer: 'EMS',
    valid: true,
    whitelist: 'ALLOWED',
    last_updated: '2026-01-01T00:00:00Z',
  });
  expect(token.status).toBe(201);
  const location = await api.call(
    'PUT',
    '/locations/LOC-1',
    depot([{ stationId: 'CP-1', evseCount: 2 }], {
      address: 'Main St 1',
      connector: { standard: 'IEC_62196_T2_COMBO', format: 'CABLE', powerType: 'DC', maxVoltage: 400, maxAmperage: 125 },
    }),
  );
  expect(location.status).toBeLessThan(300);
  await api.harness.publish('BillingTariffs', tariff.tariffId, tariff);
  await api.harness.settle();
});

afterAll(async () => {
  await api?.stop();
  await emsp?.close();
});

const sessionPath = (s: TestSession) => `/ocpi/emsp/2.2.1/sessions/NL/VLT/${s.sessionId}`;
const pushesOf = (path: string): ReceivedPush[] => emsp.accepted().filter((p) => p.path === path);
const outboxOf = (objectKey: string) =>
  api.harness.query<{ method: string; body: unknown }>('SELECT method, body FROM outbox WHERE object_key = $1 ORDER BY push_id', [
    objectKey,
  ]);

async function publish(s: TestSession, ...records: unknown[]): Promise<void> {
  for (const record of records)
    await api.harness.publish(record && (record as { cdrId?: string }).cdrId ? 'BillingCdrs' : 'SessionLifecycle', s.stationId, record);
  await api.harness.settle();
}

/** Waits until the eMSP took `count` pushes at `path`; resolves with them. */
async function taken(path: string, count: number): Promise<ReceivedPush[]> {
  await waitFor(() => pushesOf(path).length >= count, {
    timeoutMs: 20_000,
    message: `${count} pushes to ${path} (have ${pushesOf(path).length})`,
  });
  return pushesOf(path);
}

/** Lets an update interval pass for the session (its last push and change an interval earlier), then a sweep pass. */
async function throttleRunsOut(s: TestSession): Promise<void> {
  await api.harness.query(
    `UPDATE sessions SET pushed_at = pushed_at - interval '${HOUR_S} seconds', last_updated = last_updated - interval '${HOUR_S} seconds' WHERE session_id = $1`,
    [s.sessionId],
  );
  await api.service.sessions.sweep.tick();
}

describe('a roaming session, from its start to its CDR', () => {
  const s = new TestSession('CP-1', 'ISO14443:04A2B3C4', { connectorId: 2 });

  it('is PUT whole to the token’s eMSP when it starts (location, EVSE, token, authorization, currency)', async () => {
    await publish(s, s.event('Started', 0, 0));
    const [put] = await taken(sessionPath(s), 1);
    expect(put.method).toBe('PUT');
    expect(put.headers['ocpi-to-country-code']).toBe('DE');
    expect(put.headers['ocpi-to-party-id']).toBe('EMS');
    expect(put.body).toEqual({
      country_code: 'NL',
      party_id: 'VLT',
      id: s.sessionId,
      start_date_time: s.at(0),
      kwh: 0,
      cdr_token: { country_code: 'DE', party_id: 'EMS', uid: '04a2b3c4', type: 'RFID', contract_id: 'DE-EMS-C00000001' },
      auth_method: 'WHITELIST',
      location_id: 'LOC-1',
      evse_uid: 'CP-1-2',
      connector_id: '1',
      currency: 'EUR',
      total_cost: { excl_vat: 0, incl_vat: 0 },
      status: 'ACTIVE',
      last_updated: expect.any(String),
    });
  });

  it('keeps its growing kwh and cost at once, and pushes them (PATCH) when the update interval has run out', async () => {
    await publish(s, s.event('Updated', 10, 5000));
    expect((await outboxOf(`session:${s.sessionId}`)).map((p) => p.method)).toEqual(['PUT']);
    const pulled = await api.ocpi('GET', '/cpo/2.2.1/sessions', emspTokenC);
    // 5 kWh × 0.30 = 1.50; 10 min × 0.02 = 0.20; net 1.70; VAT 19 % = 0.323 → 0.32.
    expect(pulled.body.data.find((x: { id: string }) => x.id === s.sessionId)).toMatchObject({
      kwh: 5,
      total_cost: { excl_vat: 1.7, incl_vat: 2.02 },
    });
    await throttleRunsOut(s);
    const [, patch] = await taken(sessionPath(s), 2);
    expect(patch.method).toBe('PATCH');
    expect(patch.body).toEqual({ kwh: 5, total_cost: { excl_vat: 1.7, incl_vat: 2.02 }, last_updated: expect.any(String) });
  });

  it('changes nothing when its records are delivered again', async () => {
    await publish(s, s.event('Started', 0, 0), s.event('Updated', 10, 5000));
    await throttleRunsOut(s);
    expect((await outboxOf(`session:${s.sessionId}`)).map((p) => p.method)).toEqual(['PUT', 'PATCH']);
  });

  it('is COMPLETED at once when it ends (PATCH status, end_date_time, kwh, cost)', async () => {
    await publish(s, s.event('Ended', 20, 7000));
    const pushes = await taken(sessionPath(s), 3);
    // 7 kWh × 0.30 = 2.10; 20 min × 0.02 = 0.40; net 2.50; VAT 0.475 → 0.48.
    expect(pushes.map((p) => p.method)).toEqual(['PUT', 'PATCH', 'PATCH']);
    expect(pushes[2].body).toEqual({
      status: 'COMPLETED',
      end_date_time: s.at(20),
      kwh: 7,
      total_cost: { excl_vat: 2.5, incl_vat: 2.98 },
      last_updated: expect.any(String),
    });
  });

  it('has its CDR POSTed once, with the billed money exactly, and keeps the eMSP’s Location', async () => {
    const cdr = s.cdr(tariff.tariffId, 20, 7000, { energy: '2.10', time: '0.40', net: '2.50', tax: '0.48', gross: '2.98' });
    await publish(s, cdr, cdr);
    const [post] = await taken('/ocpi/emsp/2.2.1/cdrs', 1);
    expect(post.method).toBe('POST');
    expect(post.body).toMatchObject({
      country_code: 'NL',
      party_id: 'VLT',
      id: s.cdrId,
      session_id: s.sessionId,
      start_date_time: s.at(0),
      end_date_time: s.at(20),
      cdr_token: { country_code: 'DE', party_id: 'EMS', uid: '04a2b3c4', type: 'RFID', contract_id: 'DE-EMS-C00000001' },
      auth_method: 'WHITELIST',
      cdr_location: {
        id: 'LOC-1',
        name: 'Depot',
        address: 'Main St 1',
        city: 'Utrecht',
        postal_code: '3511 AA',
        country: 'NLD',
        coordinates: { latitude: '52.090737', longitude: '5.121420' },
        evse_uid: 'CP-1-2',
        evse_id: 'NL*VLT*ECP1*2',
        connector_id: '1',
        connector_standard: 'IEC_62196_T2_COMBO',
        connector_format: 'CABLE',
        connector_power_type: 'DC',
      },
      currency: 'EUR',
      tariffs: [expect.objectContaining({ id: tariff.tariffId, currency: 'EUR' })],
      charging_periods: [
        {
          start_date_time: s.at(0),
          dimensions: [
            { type: 'ENERGY', volume: 7 },
            { type: 'TIME', volume: 0.333333 },
          ],
          tariff_id: tariff.tariffId,
        },
      ],
      total_cost: { excl_vat: 2.5, incl_vat: 2.98 },
      total_energy: 7,
      total_energy_cost: { excl_vat: 2.1, incl_vat: 2.5 },
      total_time: 0.333333,
      total_time_cost: { excl_vat: 0.4, incl_vat: 0.48 },
      total_parking_time: 0,
    });
    await waitFor(async () => (await api.call('GET', `/cdrs/${s.cdrId}`, undefined, 'read')).body.emspLocation !== null, {
      timeoutMs: 10_000,
    });
    const view = await api.call('GET', `/cdrs/${s.cdrId}`, undefined, 'read');
    expect(view.status).toBe(200);
    expect(view.body.emspLocation).toMatch(new RegExp(`^${emsp.url}/ocpi/emsp/2.2.1/cdrs/`));
    const [{ emsp_location }] = await api.harness.query<{ emsp_location: string }>('SELECT emsp_location FROM cdrs WHERE cdr_id = $1', [
      s.cdrId,
    ]);
    expect(emsp_location).toBe(view.body.emspLocation);
    expect(view.body.delivery).toMatchObject({ method: 'POST', sentAt: expect.any(String), lastError: null });
    expect(await outboxOf(`cdr:${s.cdrId}`)).toHaveLength(1);
    // The session's cost was the CDR's already: no further session push.
    expect(await outboxOf(`session:${s.sessionId}`)).toHaveLength(3);
  });
});

describe('sessions that are not, or not yet, pushed as they are', () => {
  it('leaves a session of a local token alone, also when an eMSP pushes that value while it runs', async () => {
    const local = new TestSession('CP-1', 'ISO14443:LOCAL0001', { connectorId: 1 });
    await publish(local, local.event('Started', 0, 0));
    const late = { country_code: 'DE', party_id: 'EMS', uid: 'LOCAL0001', type: 'RFID', contract_id: 'DE-EMS-C00000002' };
    const body = { ...late, issuer: 'EMS', valid: true, whitelist: 'ALLOWED', last_updated: '2026-01-01T00:00:00Z' };
    expect((await api.ocpi('PUT', '/cpo/2.2.1/tokens/DE/EMS/LOCAL0001', emspTokenC, body)).status).toBe(201);
    await publish(local, local.event('Ended', 5, 1000));
    expect(await api.harness.query('SELECT 1 FROM sessions WHERE session_id = $1', [local.sessionId])).toEqual([]);
    const view = await api.call('GET', `/sessions/${local.sessionId}`, undefined, 'read');
    expect([view.status, view.contentType]).toEqual([404, expect.stringContaining('application/problem+json')]);
  });

  it('names a station in no location by its id, and pushes the EVSE once a 2.x station names it', async () => {
    const roaming = new TestSession('CP-9', 'ISO14443:04A2B3C4', {});
    await publish(roaming, roaming.event('Started', 0, 0));
    const [put] = await taken(sessionPath(roaming), 1);
    expect(put.body).toMatchObject({ location_id: 'CP-9', evse_uid: '#NA', connector_id: '#NA', status: 'ACTIVE' });
    await publish(roaming, roaming.event('Updated', 1, 0, { evseId: 1 }));
    const [, patch] = await taken(sessionPath(roaming), 2);
    expect(patch.body).toEqual({
      kwh: 0,
      total_cost: { excl_vat: 0.02, incl_vat: 0.02 },
      evse_uid: 'CP-9-1',
      connector_id: '1',
      last_updated: expect.any(String),
    });
  });

  it('keeps the session of an eMSP no partner receives for, and PUTs it whole once one does', async () => {
    const other = await PushReceiver.start();
    try {
      const { tokenC } = await insertPartner((sql, params) => api.harness.query(sql, params), other, {
        name: 'Later',
        party: { countryCode: 'BE', partyId: 'LTR' },
        modules: ['tokens'],
      });
      const put = await api.ocpi('PUT', '/cpo/2.2.1/tokens/BE/LTR/LATE0001', tokenC, {
        country_code: 'BE',
        party_id: 'LTR',
        uid: 'LATE0001',
        type: 'RFID',
        contract_id: 'BE-LTR-C00000001',
        issuer: 'LTR',
        valid: true,
        whitelist: 'ALWAYS',
        last_updated: '2026-01-01T00:00:00Z',
      });
      expect(put.status).toBe(201);
      const late = new TestSession('CP-1', 'ISO14443:LATE0001', { connectorId: 1 });
      await publish(late, late.event('Started', 0, 0));
      expect(await api.harness.query('SELECT partner_id, pushed_at FROM sessions WHERE session_id = $1', [late.sessionId])).toEqual([
        { partner_id: null, pushed_at: null },
      ]);
      expect(await outboxOf(`session:${late.sessionId}`)).toEqual([]);
      // The partner's platform now receives sessions.
      await api.harness.query(
        `UPDATE partners SET endpoints = endpoints || $2::jsonb WHERE roles @> '[{"countryCode":"BE","partyId":"LTR"}]' AND name = $1`,
        ['Later', JSON.stringify([{ identifier: 'sessions', role: 'RECEIVER', url: other.moduleUrl('sessions') }])],
      );
      await publish(late, late.event('Updated', 3, 2000));
      await waitFor(() => other.accepted().some((p) => p.path === sessionPath(late)), { timeoutMs: 20_000 });
      const [first] = other.accepted().filter((p) => p.path === sessionPath(late));
      expect(first.method).toBe('PUT');
      expect(first.body).toMatchObject({ id: late.sessionId, kwh: 2, status: 'ACTIVE', cdr_token: { party_id: 'LTR', uid: 'LATE0001' } });
    } finally {
      await other.close();
    }
  });
});

describe('how a roaming session and CDR come about', () => {
  it('is authorized by COMMAND, with its authorization_reference, when the eMSP’s START_SESSION started it', async () => {
    const commanded = new TestSession('CP-1', 'ISO14443:04A2B3C4', { connectorId: 1 });
    const [{ partner_id: partnerId }] = await api.harness.query<{ partner_id: string }>(
      `SELECT partner_id FROM partners WHERE name = 'EMS'`,
    );
    await api.harness.query(
      `INSERT INTO commands (command_id, partner_id, command, response_url, station_id, request, response, created_at)
       VALUES (gen_random_uuid(), $1, 'START_SESSION', $2, 'CP-1', $3, 'ACCEPTED', $4)`,
      [
        partnerId,
        `${emsp.url}/ocpi/emsp/2.2.1/commands/START_SESSION/1`,
        JSON.stringify({
          response_url: `${emsp.url}/cb`,
          token: { uid: '04A2B3C4' },
          location_id: 'LOC-1',
          evse_uid: 'CP-1-1',
          authorization_reference: 'AUTH-REF-1',
        }),
        new Date(commanded.startedAt.getTime() - 30_000),
      ],
    );
    await publish(commanded, commanded.event('Started', 0, 0));
    const [put] = await taken(sessionPath(commanded), 1);
    expect(put.body).toMatchObject({ auth_method: 'COMMAND', authorization_reference: 'AUTH-REF-1', evse_uid: 'CP-1-1' });
  });

  it('posts the CDR of a roaming token even when it overtook its session’s records', async () => {
    const early = new TestSession('CP-1', 'ISO14443:04A2B3C4', { connectorId: 1 });
    await publish(early, early.cdr(tariff.tariffId, 10, 1000, { energy: '0.30', time: '0.20', net: '0.50', tax: '0.10', gross: '0.60' }));
    await waitFor(() => emsp.accepted().some((p) => p.body?.id === early.cdrId), { timeoutMs: 20_000 });
    const post = emsp.accepted().find((p) => p.body?.id === early.cdrId)!;
    expect(post.body).toMatchObject({
      session_id: early.sessionId,
      cdr_token: { party_id: 'EMS', uid: '04a2b3c4' },
      auth_method: 'WHITELIST',
      cdr_location: { id: 'LOC-1', evse_uid: 'CP-1-1', evse_id: 'NL*VLT*ECP1*1' },
      total_cost: { excl_vat: 0.5, incl_vat: 0.6 },
    });
  });

  it('parks a record that breaks its contract as a dead letter and goes on', async () => {
    const broken = new TestSession('CP-1', 'ISO14443:04A2B3C4', { connectorId: 1 });
    await api.harness.publish('SessionLifecycle', 'CP-1', { ...broken.event('Started', 0, 0), energyWh: -1 });
    await api.harness.publish('BillingCdrs', 'CP-1', '{"cdrId": 1');
    await api.harness.settle();
    const { items } = await api.service.deadLetters.list({ status: 'open', limit: 100, offset: 0 });
    expect(items.filter((l) => l.stage === 'roaming-sessions').map((l) => l.code)).toContain('ContractViolation');
    expect(items.filter((l) => l.stage === 'roaming-cdrs').map((l) => l.code)).toContain('MalformedJson');
    await publish(broken, broken.event('Started', 0, 0));
    await taken(sessionPath(broken), 1);
  });
});

describe('pulls (GET /ocpi/cpo/2.2.1/sessions and /cdrs)', () => {
  const get = (path: string, token = emspTokenC) => api.ocpi('GET', `/cpo/2.2.1/${path}`, token);

  it('answer the caller’s sessions and CDRs only, oldest first', async () => {
    const sessions = await get('sessions');
    expect([sessions.status, sessions.body.status_code]).toEqual([200, 1000]);
    expect(sessions.body.data.length).toBeGreaterThanOrEqual(2);
    expect(sessions.body.data.every((x: { cdr_token: { party_id: string } }) => x.cdr_token.party_id === 'EMS')).toBe(true);
    expect(sessions.headers.get('x-total-count')).toBe(String(sessions.body.data.length));
    const cdrs = await get('cdrs');
    expect(cdrs.body.data.map((c: { cdr_token: { party_id: string } }) => c.cdr_token.party_id)).toEqual(['EMS', 'EMS']);
    const stranger = await PushReceiver.start();
    try {
      const { tokenC } = await insertPartner((sql, params) => api.harness.query(sql, params), stranger, {
        name: 'Stranger',
        party: { countryCode: 'FR', partyId: 'STR' },
      });
      expect((await get('sessions', tokenC)).body.data).toEqual([]);
      expect((await get('cdrs', tokenC)).body.data).toEqual([]);
    } finally {
      await stranger.close();
    }
  });

  it('page with offset and limit (X-Total-Count, X-Limit, Link to the next page with the filters) and filter on last_updated', async () => {
    const all = (await get('sessions')).body.data as { id: string; last_updated: string }[];
    const first = await get('sessions?limit=1&date_from=2026-01-01T00:00:00Z');
    expect(first.body.data.map((x: { id: string }) => x.id)).toEqual([all[0].id]);
    expect(first.headers.get('x-total-count')).toBe(String(all.length));
    expect(first.headers.get('x-limit')).toBe('1');
    const link = /^<([^>]+)>; rel="next"$/.exec(first.headers.get('link') ?? '')?.[1];
    expect(link).toBeDefined();
    const next = new URL(link!);
    expect(Object.fromEntries(next.searchParams)).toEqual({ offset: '1', limit: '1', date_from: '2026-01-01T00:00:00Z' });
    const second = await get(`sessions${next.search}`);
    expect(second.body.data.map((x: { id: string }) => x.id)).toEqual([all[1].id]);
    const last = await get(`sessions?offset=${all.length - 1}`);
    expect(last.headers.get('link')).toBeNull();
    const big = await get('sessions?limit=1000');
    expect(big.headers.get('x-limit')).toBe('100');
    const future = await get(`sessions?date_from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect([future.body.data, future.headers.get('x-total-count')]).toEqual([[], '0']);
    const before = await get(`cdrs?date_to=2026-01-01T00:00:00`);
    expect(before.body.data).toEqual([]);
  });

  it('refuse a malformed parameter with 2001 naming it', async () => {
    const bad = await get('sessions?date_from=yesterday&limit=0');
    expect([bad.status, bad.body.status_code]).toEqual([400, 2001]);
    expect(bad.body.status_message).toContain('date_from');
    expect(bad.body.status_message).toContain('limit');
  });

  it('refuse a caller without a valid token (HTTP 401)', async () => {
    const anonymous = await api.ocpi('GET', '/cpo/2.2.1/cdrs');
    expect([anonymous.status, anonymous.body.status_code]).toEqual([401, 2000]);
  });
});
