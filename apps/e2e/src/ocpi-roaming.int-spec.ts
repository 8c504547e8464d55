import { randomBytes } from 'node:crypto';
import type { OcpiServiceHandle } from '@voltlane/ocpi-service';
import type { SessionServiceHandle } from '@voltlane/session-service';
import { waitFor, type TestStation } from '@voltlane/testing';
import { PythonEmsp, type ReceivedRequest } from './ocpi/python-emsp';
import { cdrsOf, delivered, duplicates, evseStatuses, sessionTrail, trailProblems } from './ocpi/received-pushes';
import { StackHarness } from './stack-harness';

/** The CPO took the eMSP's request: any 2xx (a new token may be 201) with OCPI status 1000. */
const TAKEN = {
  http_status: { asymmetricMatch: (n: unknown) => typeof n === 'number' && n >= 200 && n < 300, toAsymmetricMatcher: () => 'HTTP 2xx' },
  status_code: 1000,
};

/**
 * Issue #21: Voltlane as an OCPI 2.2.1 CPO against an eMSP no one here wrote — extrawest-ocpi
 * (py_ocpi) from PyPI, run as its own Python process (apps/e2e/src/ocpi/emsp) — over real HTTP
 * both ways, on the real stack (gateway, station, customer, session, metering, billing and ocpi
 * services on Kafka, Redis and PostgreSQL) with a real WebSocket station. The eMSP registers
 * with the token A an operator made, gets the location, pushes its token (which then authorizes
 * at the station like a local one), gets the roaming session as it grows and its CDR, sends a
 * START_SESSION whose result reaches its response_url; then it is down for a minute while a
 * session runs and ends, and afterwards receives everything it missed, once, in order.
 * Then Voltlane registers with a second eMSP in the other direction. Default tariff: 0.35 EUR/kWh, 19 % tax.
 */
describe('roaming: an independent eMSP on OCPI 2.2.1', () => {
  let harness: StackHarness;
  let emsp: PythonEmsp;
  let station: TestStation;
  const hex = randomBytes(3).toString('hex');
  const stationId = `ocpi-${hex}`;
  const location = `LOC-${hex}`.toUpperCase();
  // A second location, with a station that never connects: two pages of one location each.
  const parked = { location: `LOC-${hex}-P`.toUpperCase(), stationId: `ocpi-${hex}-p` };
  const evseUid = `${stationId}-1`;
  // A 1.6 idTag holds 20 characters at most.
  const token = `EMSP${hex}`.toUpperCase();
  const remoteStarts: Record<string, unknown>[] = [];
  let partnerId = '';

  const minutesAgo = (n: number): string => new Date(Date.now() - n * 60_000).toISOString();
  const sessions = () => (harness.service('session') as SessionServiceHandle).sessions;
  const ocpiDb = () => (harness.service('ocpi') as OcpiServiceHandle).dataSource;

  /** Waits for a condition on what the eMSP received; a timeout says what it did receive. */
  async function received(what: string, check: (requests: ReceivedRequest[]) => boolean, timeoutMs = 30_000): Promise<ReceivedRequest[]> {
    let last: ReceivedRequest[] = [];
    try {
      await waitFor(async () => check((last = await emsp.requests())), { timeoutMs, intervalMs: 200, message: what });
    } catch (error) {
      const seen = last.map((r) => `${r.method} ${r.path} → ${r.status}/${r.ocpi_status} ${JSON.stringify(r.body).slice(0, 200)}`);
      throw new Error(
        `${(error as Error).message}\nthe eMSP received:\n${seen.join('\n')}\n--- eMSP output ---\n${emsp.output().slice(-3000)}\n--- the stack's last warnings and errors ---\n${harness.logs.last(40).join('\n')}`,
      );
    }
    return last;
  }

  /** What the station topics carried and the ocpi-service holds, for a failure's message. */
  async function stackState(): Promise<string> {
    const rows = async (sql: string): Promise<string> => JSON.stringify(await ocpiDb().query<Record<string, unknown>[]>(sql));
    const topic = (name: 'StationStatus' | 'StationConnections'): string =>
      harness
        .records(name)
        .map((m) => m.value)
        .join('\n  ');
    return [
      `station socket state: ${station.socket.readyState}`,
      `stations.status.v1:\n  ${topic('StationStatus')}`,
      `stations.connections.v1:\n  ${topic('StationConnections')}`,
      `evses: ${await rows('SELECT station_id, evse_id, status, connectors, connected FROM evses')}`,
      `station_connections: ${await rows('SELECT * FROM station_connections')}`,
      `tariffs: ${await rows('SELECT tariff_id, revision, deleted, last_updated FROM tariffs')}`,
      `billing.tariffs.v1:\n  ${harness
        .records('BillingTariffs')
        .map((m) => m.value.slice(0, 300))
        .join('\n  ')}`,
      `dead letters: ${JSON.stringify((await harness.deadLetters.list({ limit: 20, offset: 0 })).items.map((d) => [d.groupId, d.reason]))}`,
      `outbox: ${await rows(`SELECT object_key, method, path, coalesce(body->>'status', body->'evses'->0->>'status') AS status, attempts, sent_at, last_error FROM outbox ORDER BY push_id`)}`,
      `the stack's last warnings and errors:\n  ${harness.logs.last(40).join('\n  ')}`,
      `the eMSP received:\n  ${(await emsp.requests()).map((r) => `${r.method} ${r.path} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`).join('\n  ')}`,
    ].join('\n');
  }

  async function status(connectorId: number, value: string): Promise<void> {
    const answer = await station.call('StatusNotification', { connectorId, errorCode: 'NoError', status: value, timestamp: minutesAgo(0) });
    expect(answer[0]).toBe(3);
  }

  /** Sessions are back-dated, one after the other: `at` minutes ago. */
  async function startTransaction(meterStart: number, at: number): Promise<{ transactionId: number; sessionId: string }> {
    const started = await station.call('StartTransaction', { connectorId: 1, idTag: token, meterStart, timestamp: minutesAgo(at) });
    expect(started[2]).toMatchObject({ idTagInfo: { status: 'Accepted' } });
    const { transactionId } = started[2] as { transactionId: number };
    await status(1, 'Charging');
    await waitFor(async () => (await sessions().findByTransaction(stationId, transactionId)) !== null, { message: 'session started' });
    return { transactionId, sessionId: (await sessions().findByTransaction(stationId, transactionId))?.id as string };
  }

  async function meter(transactionId: number, wh: number, at: string): Promise<void> {
    const meterValue = [{ timestamp: at, sampledValue: [{ value: String(wh), unit: 'Wh', measurand: 'Energy.Active.Import.Register' }] }];
    expect((await station.call('MeterValues', { connectorId: 1, transactionId, meterValue }))[0]).toBe(3);
  }

  async function stopTransaction(transactionId: number, meterStop: number, at: number): Promise<void> {
    const stopped = await station.call('StopTransaction', { transactionId, meterStop, timestamp: minutesAgo(at), reason: 'Local' });
    expect(stopped[0]).toBe(3);
    await status(1, 'Available');
  }

  async function authorize(idTag: string): Promise<string> {
    const answer = await station.call('Authorize', { idTag });
    return String((answer[2] as { idTagInfo?: { status?: string } }).idTagInfo?.status);
  }

  beforeAll(async () => {
    // The first run makes the eMSP's Python venv (scripts/ocpi-emsp-venv.sh, from PyPI).
    emsp = await PythonEmsp.start({ countryCode: 'DE', partyId: 'EMP', name: 'Independent eMSP' });
    harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'metering', 'billing', 'ocpi'],
      api: true,
      serviceEnv: {
        STATION_SERVICE_UNKNOWN_STATIONS: 'accept',
        OCPI_SERVICE_COUNTRY_CODE: 'NL',
        OCPI_SERVICE_PARTY_ID: 'VLT',
        OCPI_SERVICE_PUSH_POLL_MS: '100',
        OCPI_SERVICE_RETRY_MIN_MS: '500',
        OCPI_SERVICE_RETRY_MAX_MS: '5000',
        // Every Updated of a roaming session is pushed (kwh as it grows).
        OCPI_SERVICE_SESSION_UPDATE_INTERVAL_S: '0',
      },
    });
  }, 600_000);
  afterAll(async () => {
    await emsp?.dispose();
    await harness?.stop();
  });

  it('registers with the token A an operator made: versions, details, credentials (token B), answered with token C', async () => {
    const created = await harness.api.request('POST', '/api/v1/ocpi/partners', { name: 'Independent eMSP' });
    expect(created.status).toBe(201);
    const { tokenA, versionsUrl } = created.body as { tokenA: string; versionsUrl: string };
    partnerId = created.body.partnerId as string;
    expect(versionsUrl).toBe(`${harness.api.url}/ocpi/versions`);

    const registered = await emsp.register(versionsUrl, tokenA);
    expect(registered.credentials).toMatchObject(TAKEN);
    expect(registered.cpo.roles).toEqual([expect.objectContaining({ role: 'CPO', country_code: 'NL', party_id: 'VLT' })]);
    expect(registered.cpo.token).not.toBe(tokenA);
    // Voltlane read the eMSP's versions and version details with the eMSP's token B.
    const reads = await emsp.requests({ method: 'GET' });
    for (const module of ['versions', 'details'])
      expect(reads.filter((r) => r.module === module && r.authorized && r.status === 200).length).toBeGreaterThan(0);

    const partner = await harness.api.request('GET', `/api/v1/ocpi/partners/${partnerId}`, undefined, harness.api.keys.read);
    expect(partner.body).toMatchObject({ status: 'REGISTERED', version: '2.2.1', versionsUrl: emsp.versionsUrl });
    expect(partner.body.roles).toEqual([expect.objectContaining({ role: 'EMSP', countryCode: 'DE', partyId: 'EMP' })]);
    // Token A is spent; token C opens the versions.
    const versionsWith = (t: string) => fetch(versionsUrl, { headers: { authorization: `Token ${Buffer.from(t).toString('base64')}` } });
    expect((await versionsWith(tokenA)).status).toBe(401);
    expect((await versionsWith(registered.cpo.token)).status).toBe(200);
  });

  it("gets the published locations with the station's EVSE and its status as the station reports it; pulls them page by page", async () => {
    const site = (address: string, stations: { stationId: string; evseCount: number }[]) => ({
      name: 'Roaming Test Site',
      address,
      city: 'Amsterdam',
      postalCode: '1012AB',
      country: 'NLD',
      latitude: '52.378900',
      longitude: '4.900500',
      timeZone: 'Europe/Amsterdam',
      stations,
    });
    const published = await harness.api.request(
      'PUT',
      `/api/v1/ocpi/locations/${location}`,
      site('Stationsplein 1', [{ stationId, evseCount: 1 }]),
    );
    expect([200, 201]).toContain(published.status);
    const second = await harness.api.request(
      'PUT',
      `/api/v1/ocpi/locations/${parked.location}`,
      site('Stationsplein 2', [{ stationId: parked.stationId, evseCount: 1 }]),
    );
    expect([200, 201]).toContain(second.status);
    station = await harness.connect(stationId, 'ocpp1.6', { bootStatus: 'Accepted' });
    station.onCall = (action, payload, id) => {
      if (action !== 'RemoteStartTransaction') return undefined;
      remoteStarts.push(payload);
      return [3, id, { status: 'Accepted' }];
    };
    expect((await station.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Roaming' }))[2]).toMatchObject({
      status: 'Accepted',
    });
    await status(1, 'Available');

    const key = `NL/VLT/${location}`;
    try {
      await waitFor(async () => (await emsp.objects('locations'))[key]?.evses?.[0]?.status === 'AVAILABLE', {
        timeoutMs: 30_000,
        message: `location ${key} with its EVSE AVAILABLE at the eMSP`,
      });
    } catch (error) {
      throw new Error(
        `${(error as Error).message}\nstored: ${JSON.stringify((await emsp.objects('locations'))[key])}\n${await stackState()}`,
      );
    }
    const stored = (await emsp.objects('locations'))[key];
    expect(stored).toMatchObject({ country_code: 'NL', party_id: 'VLT', address: 'Stationsplein 1', city: 'Amsterdam', country: 'NLD' });
    expect(stored.coordinates).toEqual({ latitude: '52.378900', longitude: '4.900500' });
    expect(stored.evses).toHaveLength(1);
    expect(stored.evses[0].uid).toBe(evseUid.toUpperCase());
    expect(stored.evses[0].evse_id).toMatch(/^NL\*VLT\*E/);
    expect(stored.evses[0].connectors).toEqual([
      expect.objectContaining({ standard: 'IEC_62196_T2', format: 'SOCKET', power_type: 'AC_3_PHASE' }),
    ]);
    const puts = delivered(await emsp.requests({ module: 'locations', method: 'PUT' }));
    expect(puts.map((r) => r.path)).toContain(`/ocpi/emsp/2.2.1/locations/NL/VLT/${location}`);

    await waitFor(async () => (await emsp.objects('locations'))[`NL/VLT/${parked.location}`]?.evses?.[0]?.status === 'UNKNOWN', {
      timeoutMs: 30_000,
      message: 'the second location, its EVSE UNKNOWN (its station never connected)',
    });

    // The eMSP pulls them (GET, one per page, following the Link header), and the default tariff.
    const pulled = await emsp.pull('locations', 1);
    expect(pulled.items.map((l: { id: string }) => l.id).sort()).toEqual([location, parked.location].sort());
    expect(pulled.pages).toHaveLength(2);
    expect(pulled.pages[0]).toMatchObject({ count: 1, total: '2', limit: '1', link: expect.stringContaining('rel="next"') as unknown });
    expect(pulled.pages[1]).toMatchObject({ count: 1, total: '2', link: '' });
    // The default tariff reaches the ocpi-service on billing.tariffs.v1 (published when the billing-service starts).
    let tariffs = await emsp.pull('tariffs');
    try {
      await waitFor(async () => (tariffs = await emsp.pull('tariffs')).items.length > 0, {
        timeoutMs: 30_000,
        message: 'a tariff to pull',
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await stackState()}`);
    }
    expect(tariffs.items[0]).toMatchObject({ country_code: 'NL', party_id: 'VLT', currency: 'EUR' });
  });

  it('pushes its token, which then authorizes at the station like a local one; unknown and NEVER tokens do not', async () => {
    expect(await authorize(token)).not.toBe('Accepted');
    const pushed = await emsp.putToken(token, { whitelist: 'ALLOWED' });
    expect(pushed).toMatchObject(TAKEN);
    await waitFor(async () => (await authorize(token)) === 'Accepted', { timeoutMs: 30_000, message: `${token} accepted at the station` });

    const never = `NEVR${hex}`.toUpperCase();
    expect(await emsp.putToken(never, { whitelist: 'NEVER' })).toMatchObject(TAKEN);
    const blocked = `BLKD${hex}`.toUpperCase();
    expect(await emsp.putToken(blocked)).toMatchObject(TAKEN);
    await waitFor(async () => (await authorize(blocked)) === 'Accepted', { timeoutMs: 30_000, message: `${blocked} accepted` });
    expect(await emsp.patchToken(blocked, { valid: false })).toMatchObject(TAKEN);
    await waitFor(async () => (await authorize(blocked)) !== 'Accepted', { timeoutMs: 30_000, message: `${blocked} refused once invalid` });
    expect(await authorize(never)).not.toBe('Accepted');
    expect(await authorize(`NONE${hex}`.toUpperCase())).not.toBe('Accepted');
  }, 120_000);

  it('gets the roaming session as its kWh grow, COMPLETED, and its CDR; Voltlane keeps the CDR’s Location', async () => {
    const { transactionId, sessionId } = await startTransaction(1_000, 60);
    await received('the session PUT', (all) => sessionTrail(all, sessionId).length >= 1);
    await meter(transactionId, 4_000, minutesAgo(50));
    await received('a PATCH of 3 kWh', (all) => sessionTrail(all, sessionId).some((r) => r.body?.kwh === 3));
    await meter(transactionId, 8_000, minutesAgo(45));
    await received('a PATCH of 7 kWh', (all) => sessionTrail(all, sessionId).some((r) => r.body?.kwh === 7));
    await stopTransaction(transactionId, 11_000, 40);
    const all = await received(
      'COMPLETED and the CDR',
      (r) => sessionTrail(r, sessionId).some((x) => x.body?.status === 'COMPLETED') && cdrsOf(r, sessionId).length > 0,
    );

    const trail = sessionTrail(all, sessionId);
    expect(trailProblems(trail)).toEqual([]);
    expect(trail[0].body).toMatchObject({
      country_code: 'NL',
      party_id: 'VLT',
      kwh: 0,
      location_id: location,
      evse_uid: evseUid,
      currency: 'EUR',
      cdr_token: { uid: token, country_code: 'DE', party_id: 'EMP', type: 'RFID' },
    });
    const stored = (await emsp.objects('sessions'))[`NL/VLT/${sessionId.toUpperCase()}`];
    expect(stored).toMatchObject({ status: 'COMPLETED', kwh: 10 });
    expect(stored.end_date_time).toBeTruthy();

    const [cdr] = cdrsOf(all, sessionId);
    expect(cdr.body).toMatchObject({ total_energy: 10, total_cost: { excl_vat: 3.5, incl_vat: 4.17 }, currency: 'EUR' });
    expect(cdr.body.cdr_token).toMatchObject({ uid: token, country_code: 'DE', party_id: 'EMP' });
    expect(cdr.body.cdr_location).toMatchObject({ id: location, country: 'NLD' });
    const [row] = await ocpiDb().query<{ emsp_location: string }[]>('SELECT emsp_location FROM cdrs WHERE session_id = $1', [sessionId]);
    expect(row?.emsp_location).toBe(cdr.location);
    const statuses = await received('the EVSE CHARGING, then AVAILABLE again', (r) => evseStatuses(r, evseUid).at(-1) === 'AVAILABLE');
    expect(evseStatuses(statuses, evseUid)).toEqual(expect.arrayContaining(['CHARGING', 'AVAILABLE']));
  }, 120_000);

  let remoteSession: { transactionId: number; sessionId: string };

  it("sends START_SESSION: answered at once, the station gets RemoteStartTransaction, the result reaches the eMSP's response_url", async () => {
    const sent = await emsp.command('START_SESSION', { token_uid: token, location_id: location, evse_uid: evseUid, connector_id: '1' });
    expect(sent).toMatchObject({ ...TAKEN, data: { result: 'ACCEPTED' } });
    await waitFor(() => remoteStarts.length === 1, { timeoutMs: 30_000, message: 'RemoteStartTransaction at the station' });
    expect(remoteStarts[0]).toMatchObject({ idTag: token, connectorId: 1 });
    await received('the CommandResult at the response_url', (all) => delivered(all).some((r) => r.path.endsWith(`/commands/${sent.uid}`)));
    expect((await emsp.commands())[sent.uid].results).toEqual([expect.objectContaining({ result: 'ACCEPTED' })]);
    // The station starts the session it was asked for.
    remoteSession = await startTransaction(11_000, 35);
    await received('the remote-started session PUT', (all) => sessionTrail(all, remoteSession.sessionId).length >= 1);
  }, 120_000);

  it('is down for a minute while a session runs and ends and another comes and goes; then receives everything it missed, once, in order', async () => {
    const before = (await emsp.requests()).length;
    await emsp.stop();
    const downAt = Date.now();
    await meter(remoteSession.transactionId, 14_000, minutesAgo(30));
    await stopTransaction(remoteSession.transactionId, 16_000, 25); // 5 kWh
    const missed = await startTransaction(16_000, 20);
    await meter(missed.transactionId, 17_500, minutesAgo(15));
    await stopTransaction(missed.transactionId, 18_000, 10); // 2 kWh
    // Voltlane tried while the eMSP was down, and keeps trying.
    await waitFor(
      async () => Number((await ocpiDb().query('SELECT count(*) AS n FROM outbox WHERE attempts > 0 AND sent_at IS NULL'))[0].n) > 0,
      {
        timeoutMs: 30_000,
        message: 'failed push attempts in the outbox',
      },
    );
    await new Promise((done) => setTimeout(done, Math.max(0, downAt + 60_000 - Date.now())));
    await emsp.launch();

    const all = await received(
      'both sessions COMPLETED and their CDRs',
      (r) =>
        [remoteSession.sessionId, missed.sessionId].every(
          (s) => sessionTrail(r, s).some((x) => x.body?.status === 'COMPLETED') && cdrsOf(r, s).length > 0,
        ),
      60_000,
    );
    // A moment for late duplicates, then: every push once, each session's in order.
    await new Promise((done) => setTimeout(done, 2_000));
    const final = await emsp.requests();
    expect(final.length).toBeGreaterThan(before);
    expect(duplicates(final)).toEqual([]);
    for (const s of [remoteSession.sessionId, missed.sessionId]) {
      expect(trailProblems(sessionTrail(final, s))).toEqual([]);
      expect(cdrsOf(final, s)).toHaveLength(1);
    }
    expect(sessionTrail(all, missed.sessionId)[0].body).toMatchObject({ status: 'ACTIVE', cdr_token: { uid: token } });
    const stored = await emsp.objects('sessions');
    expect(stored[`NL/VLT/${remoteSession.sessionId.toUpperCase()}`]).toMatchObject({ status: 'COMPLETED', kwh: 5 });
    expect(stored[`NL/VLT/${missed.sessionId.toUpperCase()}`]).toMatchObject({ status: 'COMPLETED', kwh: 2 });
    expect(cdrsOf(final, missed.sessionId)[0].body).toMatchObject({ total_energy: 2, total_cost: { excl_vat: 0.7 } });
    await waitFor(async () => (await emsp.objects('locations'))[`NL/VLT/${location}`].evses[0].status === 'AVAILABLE', {
      message: 'the EVSE AVAILABLE at the eMSP',
    });
    await waitFor(async () => Number((await ocpiDb().query('SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL'))[0].n) === 0, {
      message: 'the outbox drained',
    });
  }, 240_000);

  it('is registered with by Voltlane when it gave the token A (the other direction), gets renewed credentials, and is unregistered', async () => {
    const other = await PythonEmsp.start({ countryCode: 'DE', partyId: 'EM2', name: 'Second eMSP' });
    try {
      const { token: tokenA, versions_url: versionsUrl } = await other.tokenA();
      const created = await harness.api.request('POST', '/api/v1/ocpi/partners', { name: 'Second eMSP' });
      expect(created.status).toBe(201);
      const id = created.body.partnerId as string;
      const registered = await harness.api.request('POST', `/api/v1/ocpi/partners/${id}/register`, { versionsUrl, token: tokenA });
      expect(registered.status).toBe(200);
      expect(registered.body).toMatchObject({ status: 'REGISTERED', version: '2.2.1' });
      expect(registered.body.roles).toEqual([expect.objectContaining({ role: 'EMSP', countryCode: 'DE', partyId: 'EM2' })]);
      // The eMSP records a request once it has answered it: wait for the record (it can trail Voltlane's own answer).
      const credentials = async (method: string) => {
        const answered = () =>
          other.requests({ module: 'credentials', method }).then((all) => all.filter((r) => r.status === 200 && r.ocpi_status === 1000));
        await waitFor(async () => (await answered()).length > 0, { timeoutMs: 10_000, message: `the eMSP recorded ${method} credentials` });
        return answered();
      };
      expect(await credentials('POST')).toHaveLength(1);
      const first = (await other.state()).cpo;
      expect(first?.roles).toEqual([expect.objectContaining({ role: 'CPO', country_code: 'NL', party_id: 'VLT' })]);

      // Voltlane renews its credentials there: the eMSP calls Voltlane with the new token only.
      const renewed = await harness.api.request('PUT', `/api/v1/ocpi/partners/${id}/credentials`);
      expect(renewed.status).toBe(200);
      expect(await credentials('PUT')).toHaveLength(1);
      const second = (await other.state()).cpo;
      expect(second?.token).toBeTruthy();
      expect(second?.token).not.toBe(first?.token);
      expect((await other.pull('locations')).items.map((l: { id: string }) => l.id)).toContain(location);

      // Unregistered: the eMSP is told (DELETE credentials) and the partner's token stops working at Voltlane.
      const deleted = await harness.api.request('DELETE', `/api/v1/ocpi/partners/${id}`);
      expect(deleted.status).toBeLessThan(300);
      expect(await credentials('DELETE')).toHaveLength(1);
      expect((await other.state()).cpo).toBeNull();
      const versions = await fetch(`${harness.api.url}/ocpi/versions`, {
        headers: { authorization: `Token ${Buffer.from(second?.token ?? '').toString('base64')}` },
      });
      expect(versions.status).toBe(401);
      expect((await harness.api.request('GET', `/api/v1/ocpi/partners/${id}`)).body.status).toBe('UNREGISTERED');
    } finally {
      await other.dispose();
    }
  });

  it('got every request with X-Request-ID, X-Correlation-ID and the OCPI routing headers (from NL/VLT to DE/EMP)', async () => {
    const pushes = delivered(await emsp.requests());
    expect(pushes.length).toBeGreaterThan(10);
    for (const r of pushes) {
      expect(r.authorized).toBe(true);
      expect(r.headers).toMatchObject({
        'ocpi-from-country-code': 'NL',
        'ocpi-from-party-id': 'VLT',
        'ocpi-to-country-code': 'DE',
        'ocpi-to-party-id': 'EMP',
      });
      expect(r.headers['x-request-id']).toBeTruthy();
      expect(r.headers['x-correlation-id']).toBeTruthy();
    }
    expect(new Set(pushes.map((r) => r.headers['x-request-id'])).size).toBe(pushes.length);
    const partner = await harness.api.request('GET', `/api/v1/ocpi/partners/${partnerId}`);
    expect(partner.body.status).toBe('REGISTERED');
  });
});
