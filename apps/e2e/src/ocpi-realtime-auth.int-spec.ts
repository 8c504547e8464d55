import { randomBytes, randomUUID } from 'node:crypto';
import type { CustomerServiceHandle } from '@voltlane/customer-service';
import { waitFor, type Frame, type TestStation } from '@voltlane/testing';
import { PythonEmsp, type ReceivedRequest } from './ocpi/python-emsp';
import { StackHarness } from './stack-harness';

// Each waits longer than the one it calls, so the nearest to the eMSP answers first: the ocpi-service
// waits OCPI_TIMEOUT_MS for the eMSP (then its offline policy answers), the customer-service
// CUSTOMER_TIMEOUT_MS for the ocpi-service (then it refuses the token), the gateway
// GATEWAY_REPLY_TIMEOUT_MS for the customer-service, and the test's stations STATION_WAIT_MS for the
// gateway. The eMSP is its own Python process on a possibly loaded machine: OCPI_TIMEOUT_MS leaves it
// seconds to answer, and the gaps between them far exceed any stall of the machine.
const OCPI_TIMEOUT_MS = 5_000;
const CUSTOMER_TIMEOUT_MS = 15_000;
const GATEWAY_REPLY_TIMEOUT_MS = 30_000;
const STATION_WAIT_MS = GATEWAY_REPLY_TIMEOUT_MS + 10_000;

/**
 * Issue #21, real-time authorization: a roaming token the customer-service has not cached (whitelist
 * NEVER, or unknown) is asked of its eMSP when a station presents it — customer-service →
 * `POST /api/v1/ocpi/authorizations` through the api-edge with a write key (the HTTP adapter of a
 * distributed deployment) → ocpi-service → `POST {tokens}/{uid}/authorize` at the independent
 * eMSP (extrawest-ocpi, apps/e2e/src/ocpi/emsp) with the station's LocationReferences. All real:
 * gateway, station, customer, session and ocpi services on Kafka, Redis and PostgreSQL, real
 * WebSocket stations (1.6 and 2.0.1), the eMSP as its own Python process.
 */
describe('roaming: real-time authorization of tokens with the eMSP (OCPI 2.2.1)', () => {
  let harness: StackHarness;
  let emsp: PythonEmsp;
  let cs16: TestStation;
  let cs201: TestStation;
  const hex = randomBytes(3).toString('hex');
  const location = `LOC-${hex}`.toUpperCase();
  const station16 = `rta-${hex}`;
  const station201 = `rta-${hex}-2`;
  // 1.6 idTags hold 20 characters at most.
  const uid = (prefix: string) => `${prefix}${hex}`.toUpperCase();

  /** A CALL from the station and its answer (CALLRESULT or CALLERROR), awaited beyond the gateway's reply deadline. */
  async function call(station: TestStation, action: string, payload: unknown): Promise<Frame> {
    const id = randomUUID();
    const answer = station.next((f) => (f[0] === 3 || f[0] === 4) && f[1] === id, STATION_WAIT_MS);
    station.sendRaw(JSON.stringify([2, id, action, payload]));
    return answer.catch((error: Error) => {
      throw new Error(`${action} ${id} unanswered: ${error.message}`);
    });
  }

  async function authorize16(idTag: string): Promise<{ status?: string; expiryDate?: string }> {
    const answer = await call(cs16, 'Authorize', { idTag });
    expect(answer[0]).toBe(3);
    return (answer[2] as { idTagInfo: { status?: string; expiryDate?: string } }).idTagInfo;
  }

  async function authorize201(idToken: string): Promise<{ status?: string; cacheExpiryDateTime?: string }> {
    const answer = await call(cs201, 'Authorize', { idToken: { idToken, type: 'ISO14443' } });
    expect(answer[0]).toBe(3);
    return (answer[2] as { idTokenInfo: { status?: string; cacheExpiryDateTime?: string } }).idTokenInfo;
  }

  /** What the eMSP answers to the CPO's authorize for one of its tokens (its control API). */
  async function emspAnswers(tokenUid: string, setting: { allowed: string; delayMs?: number }): Promise<void> {
    expect(await emsp.setAuthorization(tokenUid, setting)).toMatchObject({ allowed: setting.allowed });
  }

  /** The eMSP pushes a token and the customer-service has stored it (as the customer of the eMSP's party). */
  async function pushed(tokenUid: string, fields: Record<string, unknown>): Promise<void> {
    expect(await emsp.putToken(tokenUid, fields)).toMatchObject({ status_code: 1000 });
    const tokens = () => (harness.service('customer') as CustomerServiceHandle).tokens;
    await waitFor(async () => (await tokens().getToken({ idToken: tokenUid, type: 'ISO14443' })) !== null, {
      timeoutMs: 30_000,
      message: `${tokenUid} stored by the customer-service`,
    });
  }

  async function authorizeRequests(tokenUid: string): Promise<ReceivedRequest[]> {
    return (await emsp.requests({ module: 'tokens', method: 'POST' })).filter((r) => r.path.includes(`/${tokenUid}/authorize`));
  }

  beforeAll(async () => {
    emsp = await PythonEmsp.start({ countryCode: 'DE', partyId: 'EMP', name: 'Independent eMSP' });
    harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'ocpi'],
      api: 'edge',
      gatewayEnv: { GATEWAY_CALL_REPLY_TIMEOUT_MS: String(GATEWAY_REPLY_TIMEOUT_MS) },
      serviceEnv: {
        STATION_SERVICE_UNKNOWN_STATIONS: 'accept',
        OCPI_SERVICE_COUNTRY_CODE: 'NL',
        OCPI_SERVICE_PARTY_ID: 'VLT',
        OCPI_SERVICE_PUSH_POLL_MS: '100',
        OCPI_SERVICE_AUTHORIZATION_TIMEOUT_MS: String(OCPI_TIMEOUT_MS),
        CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_TIMEOUT_MS: String(CUSTOMER_TIMEOUT_MS),
      },
    });
    // The API keys exist once the API runs: the customer-service starts again with the HTTP adapter
    // to the api-edge and a write key, as a distributed deployment configures it.
    harness.serviceEnv.CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_URL = harness.api.url;
    harness.serviceEnv.CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_API_KEY = harness.api.keys.write;
    await harness.restartService('customer');

    const created = await harness.api.request('POST', '/api/v1/ocpi/partners', { name: 'Independent eMSP' });
    expect(created.status).toBe(201);
    const { tokenA, versionsUrl } = created.body as { tokenA: string; versionsUrl: string };
    await emsp.register(versionsUrl, tokenA);
    const published = await harness.api.request('PUT', `/api/v1/ocpi/locations/${location}`, {
      name: 'Real-time Authorization Site',
      address: 'Stationsplein 3',
      city: 'Amsterdam',
      postalCode: '1012AB',
      country: 'NLD',
      latitude: '52.378900',
      longitude: '4.900500',
      timeZone: 'Europe/Amsterdam',
      stations: [
        { stationId: station16, evseCount: 1 },
        { stationId: station201, evseCount: 1 },
      ],
    });
    expect([200, 201]).toContain(published.status);
    cs16 = await harness.connect(station16, 'ocpp1.6', { bootStatus: 'Accepted' });
    cs201 = await harness.connect(station201, 'ocpp2.0.1', { bootStatus: 'Accepted' });
  }, 600_000);
  afterAll(async () => {
    await emsp?.dispose();
    await harness?.stop();
  });

  it('accepts a NEVER token the eMSP allows in real time (it saw the location), then accepts it from the cache', async () => {
    const never = uid('NEVR');
    await pushed(never, { whitelist: 'NEVER' });
    const before = Date.now();
    const info = await authorize16(never);
    expect(info.status).toBe('Accepted');
    // The eMSP's answer may be reused until the ocpi-service's cache time (default 900 s): the station may cache it that long.
    expect(new Date(info.expiryDate as string).getTime()).toBeGreaterThan(before + 600_000);

    const [asked] = await authorizeRequests(never);
    expect(asked).toBeDefined();
    expect(asked.path).toBe(`/ocpi/emsp/2.2.1/tokens/${never}/authorize`);
    expect(asked.body).toMatchObject({ location_id: location });
    // The allowed token is published to the customer-service, which then accepts it without asking (the transaction that follows).
    await waitFor(
      async () =>
        (await (harness.service('customer') as CustomerServiceHandle).tokens.getToken({ idToken: never, type: 'ISO14443' }))?.status ===
        'Accepted',
      {
        timeoutMs: 30_000,
        message: `${never} cached as Accepted by the customer-service`,
      },
    );
    const asks = (await authorizeRequests(never)).length;
    expect((await authorize16(never)).status).toBe('Accepted');
    expect((await authorizeRequests(never)).length).toBe(asks);
  }, 120_000);

  it('answers what the eMSP says: BLOCKED → Blocked (1.6 and 2.0.1), NO_CREDIT and NOT_ALLOWED on 2.0.1', async () => {
    const blocked = uid('BLKD');
    await pushed(blocked, { whitelist: 'NEVER' });
    await emspAnswers(blocked, { allowed: 'BLOCKED' });
    expect((await authorize16(blocked)).status).toBe('Blocked');
    expect((await authorize201(blocked)).status).toBe('Blocked');

    const broke = uid('NCRD');
    await pushed(broke, { whitelist: 'NEVER' });
    await emspAnswers(broke, { allowed: 'NO_CREDIT' });
    expect((await authorize201(broke)).status).toBe('NoCredit');
    // 1.6 has no NoCredit: Invalid.
    expect((await authorize16(broke)).status).toBe('Invalid');

    const elsewhere = uid('NALW');
    await pushed(elsewhere, { whitelist: 'NEVER' });
    await emspAnswers(elsewhere, { allowed: 'NOT_ALLOWED' });
    expect((await authorize201(elsewhere)).status).toBe('NotAllowedTypeEVSE');
    const asked = await authorizeRequests(elsewhere);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked[0].body).toMatchObject({ location_id: location });
  }, 120_000);

  it('refuses an unknown uid no partner knows (no hub): Invalid on 1.6, Invalid on 2.0.1', async () => {
    const unknown = uid('NONE');
    expect((await authorize16(unknown)).status).toBe('Invalid');
    expect((await authorize201(unknown)).status).toBe('Invalid');
    expect(await authorizeRequests(unknown)).toEqual([]);
  });

  it('lets the offline policy decide (cached) within the timeout when the eMSP is slow or down', async () => {
    const allowed = uid('ALWD');
    await pushed(allowed, { whitelist: 'ALLOWED' });
    const never = uid('NVR2');
    await pushed(never, { whitelist: 'NEVER' });

    // Slower than the ocpi-service waits: its offline policy answers (a NEVER token: Invalid), before the customer-service gives up.
    await emspAnswers(never, { allowed: 'ALLOWED', delayMs: OCPI_TIMEOUT_MS + 3_000 });
    let started = Date.now();
    expect((await authorize16(never)).status).toBe('Invalid');
    let took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(OCPI_TIMEOUT_MS - 100);
    expect(took).toBeLessThan(CUSTOMER_TIMEOUT_MS);
    // The eMSP was asked (it records a request once it has answered it, after its delay).
    await waitFor(async () => (await authorizeRequests(never)).length > 0, { timeoutMs: 30_000, message: `the eMSP asked about ${never}` });

    await emsp.stop();
    started = Date.now();
    expect((await authorize16(never)).status).toBe('Invalid');
    expect((await authorize201(never)).status).toBe('Invalid');
    took = Date.now() - started;
    // Refused connections: the offline policy answered both before the customer-service would give up on either.
    expect(took).toBeLessThan(CUSTOMER_TIMEOUT_MS);
    // A token the eMSP let the CPO whitelist needs no one: Accepted while the eMSP is down.
    expect((await authorize16(allowed)).status).toBe('Accepted');
    expect((await authorize201(allowed)).status).toBe('Accepted');
  }, 120_000);
});
