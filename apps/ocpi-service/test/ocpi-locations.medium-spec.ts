// Locations over real HTTP: the operator API (problem+json that says what is wrong), EVSE statuses
// from the station topics, the OCPI pulls (envelope, pagination Link headers, 2003), and the pushes
// a receiving partner (a node:http server) gets: PUT of a location, PATCH of an EVSE's status,
// PATCH to REMOVED of EVSEs that leave.
import { OcpiTestApi, type Answer } from './ocpi-test-api';
import { depot, LOCATIONS, pullFrom, statusOf, TakenPushes, type EvseView } from './push-fixtures';
import { insertPartner, PushReceiver, type ReceivedPush } from './push-receiver';

let api: OcpiTestApi;
let emsp: PushReceiver;
let taken: TakenPushes;
let pull: (path: string) => Promise<Answer>;

beforeAll(async () => {
  api = await OcpiTestApi.start();
  emsp = await PushReceiver.start();
  taken = new TakenPushes(emsp);
  const { tokenC } = await insertPartner((sql, params) => api.harness.query(sql, params), emsp);
  pull = pullFrom(api, tokenC);
});

afterAll(async () => {
  await api?.stop();
  await emsp?.close();
});

const since = (from: number): ReceivedPush[] => taken.since(from);
const pushesSince = (from: number, count: number): Promise<ReceivedPush[]> => taken.waitSince(from, count);

let statusAt = Date.parse('2025-01-01T00:00:00Z');
const status = (stationId: string, connectorId: number, value: string, evseId?: number) =>
  api.harness.publish('StationStatus', stationId, {
    stationId,
    protocol: evseId === undefined ? 'ocpp1.6' : 'ocpp2.0.1',
    ...(evseId !== undefined ? { evseId } : {}),
    connectorId,
    status: value,
    source: 'StatusNotification',
    timestamp: new Date((statusAt += 1000)).toISOString(),
    receivedAt: new Date(statusAt).toISOString(),
  });
const connection = (stationId: string, type: 'Connected' | 'Disconnected', connectionId: string) =>
  api.harness.publish('StationConnections', stationId, {
    type,
    stationId,
    protocol: 'ocpp1.6',
    gatewayInstance: 'gw-1',
    connectionId,
    securityProfile: 1,
    at: new Date((statusAt += 1000)).toISOString(),
  });

describe('the operator API', () => {
  it('creates a location (201) with one EVSE per station EVSE, and pushes it whole to the partner', async () => {
    const from = emsp.accepted().length;
    const created = await api.call('PUT', '/locations/LOC-1', depot([{ stationId: 'CS-1', evseCount: 2 }, { stationId: 'CS-2' }]));
    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({
        locationId: 'LOC-1',
        publish: true,
        connector: { standard: 'IEC_62196_T2', format: 'SOCKET', powerType: 'AC_3_PHASE', maxVoltage: 230, maxAmperage: 32 },
        stations: [
          { stationId: 'CS-1', evseCount: 2, tariffIds: [] },
          { stationId: 'CS-2', evseCount: 1, tariffIds: [] },
        ],
      }),
    );
    expect(created.body.evses.map((e: EvseView) => [e.uid, e.evseId, e.status])).toEqual([
      ['CS-1-1', 'NL*VLT*ECS1*1', 'UNKNOWN'],
      ['CS-1-2', 'NL*VLT*ECS1*2', 'UNKNOWN'],
      ['CS-2-1', 'NL*VLT*ECS2*1', 'UNKNOWN'],
    ]);
    const [pushed] = await pushesSince(from, 1);
    expect(pushed).toEqual(expect.objectContaining({ method: 'PUT', path: `${LOCATIONS}/NL/VLT/LOC-1` }));
    expect(pushed?.body).toEqual(
      expect.objectContaining({
        country_code: 'NL',
        party_id: 'VLT',
        id: 'LOC-1',
        publish: true,
        name: 'Depot',
        address: 'Main street 1',
        city: 'Utrecht',
        postal_code: '3511 AA',
        country: 'NLD',
        coordinates: { latitude: '52.090737', longitude: '5.121420' },
        parking_type: 'PARKING_LOT',
        time_zone: 'Europe/Amsterdam',
        last_updated: created.body.lastUpdated,
      }),
    );
    expect(pushed?.body.evses).toHaveLength(3);
    expect(pushed?.body.evses[0].connectors).toEqual([
      expect.objectContaining({
        id: '1',
        standard: 'IEC_62196_T2',
        format: 'SOCKET',
        power_type: 'AC_3_PHASE',
        max_voltage: 230,
        max_amperage: 32,
      }),
    ]);
  });

  it('reads and lists; a PUT that changes nothing pushes nothing; one that removes EVSEs PATCHes them to REMOVED first', async () => {
    expect((await api.call('GET', '/locations/LOC-1', undefined, 'read')).body.locationId).toBe('LOC-1');
    expect((await api.call('GET', '/locations?limit=5', undefined, 'read')).body).toEqual(
      expect.objectContaining({ total: 1, limit: 5, offset: 0, items: [expect.objectContaining({ locationId: 'LOC-1' })] }),
    );
    const from = emsp.accepted().length;
    const same = await api.call('PUT', '/locations/LOC-1', depot([{ stationId: 'CS-2' }, { stationId: 'CS-1', evseCount: 2 }]));
    expect(same.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(since(from)).toHaveLength(0);

    const fewer = await api.call(
      'PUT',
      '/locations/LOC-1',
      depot([{ stationId: 'CS-1', evseCount: 1 }, { stationId: 'CS-2' }], { connector: { maxAmperage: 16, powerType: 'AC_1_PHASE' } }),
    );
    expect(fewer.status).toBe(200);
    const pushed = await pushesSince(from, 2);
    expect(pushed.map((p) => `${p.method} ${p.path}`)).toEqual([`PATCH ${LOCATIONS}/NL/VLT/LOC-1/CS-1-2`, `PUT ${LOCATIONS}/NL/VLT/LOC-1`]);
    expect(pushed[0]?.body).toEqual({ status: 'REMOVED', last_updated: expect.any(String) });
    expect(pushed[1]?.body.evses.map((e: EvseView) => e.uid)).toEqual(['CS-1-1', 'CS-2-1']);
    expect(pushed[1]?.body.evses[0].connectors[0]).toEqual(
      expect.objectContaining({ power_type: 'AC_1_PHASE', max_amperage: 16, max_voltage: 230 }),
    );
  });

  it('refuses what is wrong with a problem that says what (400, 404, 409) and needs a key', async () => {
    const bad = async (body: unknown, text: string, path = '/locations/LOC-X') => {
      const answer = await api.call('PUT', path, body);
      expect(answer.status).toBe(400);
      expect(answer.contentType).toContain('application/problem+json');
      expect(answer.body.detail).toContain(text);
      return answer.body as Record<string, unknown>;
    };
    await bad(depot([], { country: 'NL' }), '/country');
    await bad(depot([], { latitude: '52.09' }), '/latitude');
    expect(await bad(depot([], { latitude: '91.000000' }), 'latitude 91.000000 is not within -90…90')).toEqual(
      expect.objectContaining({ code: 'BadCoordinates', field: 'latitude' }),
    );
    expect(await bad(depot([], { timeZone: 'Mars/Olympus' }), 'time zone Mars/Olympus')).toEqual(
      expect.objectContaining({ field: 'timeZone' }),
    );
    await bad(depot([{ stationId: 'CS-9' }, { stationId: 'CS-9' }]), 'station CS-9 is listed twice');
    await bad(depot([], { extra: 1 }), 'unknown property "extra"');
    await bad(depot([{ stationId: 'CS-9', evseCount: 0 }]), '/stations/0/evseCount');
    await bad(depot([], { connector: { standard: 'TYPE_2' } }), '/connector/standard');
    await bad(depot([]), 'location id "has space" must match', '/locations/has%20space');
    const elsewhere = await api.call('PUT', '/locations/LOC-2', depot([{ stationId: 'CS-2' }]));
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body).toEqual(
      expect.objectContaining({
        code: 'StationElsewhere',
        field: 'stations',
        detail: expect.stringContaining('station CS-2 is at location LOC-1'),
      }),
    );
    expect((await api.call('GET', '/locations/NOPE', undefined, 'read')).body).toEqual(
      expect.objectContaining({ status: 404, code: 'UnknownLocation' }),
    );
    expect((await api.call('DELETE', '/locations/NOPE')).status).toBe(404);
    expect((await api.call('GET', '/locations', undefined, 'none')).status).toBe(401);
    expect((await api.call('PUT', '/locations/LOC-X', depot([]), 'read')).status).toBe(403);
  });
});

describe('EVSE status from the stations', () => {
  it('maps connector statuses (1.6 and 2.x) and PATCHes each change to the partner', async () => {
    const from = emsp.accepted().length;
    await status('CS-1', 1, 'Available');
    await status('CS-2', 1, 'Charging');
    await api.harness.settle();
    // (Records of different stations are handled side by side: per EVSE the order is kept.)
    let pushed = await pushesSince(from, 2);
    expect(pushed.map((p) => [p.method, p.path, statusOf(p)]).sort()).toEqual([
      ['PATCH', `${LOCATIONS}/NL/VLT/LOC-1/CS-1-1`, 'AVAILABLE'],
      ['PATCH', `${LOCATIONS}/NL/VLT/LOC-1/CS-2-1`, 'CHARGING'],
    ]);
    expect(pushed.find((p) => p.path.endsWith('CS-1-1'))?.body).toEqual({ status: 'AVAILABLE', last_updated: expect.any(String) });

    // Same OCPI status (SuspendedEV is CHARGING too): nothing to push. Faulted → OUTOFORDER, Reserved → RESERVED, Unavailable → INOPERATIVE.
    const mark = emsp.accepted().length;
    await status('CS-2', 1, 'SuspendedEV');
    await status('CS-1', 1, 'Faulted');
    await status('CS-2', 1, 'Reserved');
    await status('CS-1', 1, 'Unavailable');
    await api.harness.settle();
    pushed = await pushesSince(mark, 3);
    const statusesOf = (list: ReceivedPush[], uid: string) => list.filter((p) => p.path.endsWith(`/${uid}`)).map(statusOf);
    expect(statusesOf(pushed, 'CS-1-1')).toEqual(['OUTOFORDER', 'INOPERATIVE']);
    expect(statusesOf(pushed, 'CS-2-1')).toEqual(['RESERVED']);

    // A station that is gone is UNKNOWN; a late Disconnected of an older connection changes nothing; back: its last status.
    const away = emsp.accepted().length;
    await connection('CS-2', 'Connected', 'c1');
    await connection('CS-2', 'Connected', 'c2');
    await connection('CS-2', 'Disconnected', 'c1');
    await api.harness.settle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(since(away)).toHaveLength(0);
    await connection('CS-2', 'Disconnected', 'c2');
    await connection('CS-2', 'Connected', 'c3');
    await api.harness.settle();
    pushed = await pushesSince(away, 2);
    expect(pushed.map(statusOf)).toEqual(['UNKNOWN', 'RESERVED']);

    // Statuses of a station at no location are kept (unpublished) and show once it is placed.
    await status('CS-20', 0, 'Available', 1);
    await status('CS-20', 1, 'Occupied', 2);
    await status('CS-20', 0, 'Faulted', 0);
    await api.harness.settle();
    const placed = await api.call('PUT', '/locations/LOC-2', depot([{ stationId: 'CS-20', evseCount: 3 }]));
    expect(placed.body.evses.map((e: EvseView) => [e.uid, e.status])).toEqual([
      ['CS-20-1', 'OUTOFORDER'],
      ['CS-20-2', 'CHARGING'],
      ['CS-20-3', 'OUTOFORDER'],
    ]);
  });
});

describe('OCPI pulls', () => {
  it('answers the locations list in the envelope, paginated with Link, X-Total-Count and X-Limit', async () => {
    // A location without EVSEs is not listed (OCPI lists locations with valid EVSEs).
    await api.call('PUT', '/locations/LOC-EMPTY', depot([]));
    await api.call('PUT', '/locations/LOC-3', depot([{ stationId: 'CS-30' }]));
    const first = await pull('/locations?limit=2');
    expect(first.status).toBe(200);
    expect(first.body).toEqual(expect.objectContaining({ status_code: 1000, timestamp: expect.any(String) }));
    expect(first.body.data.map((l: { id: string }) => l.id)).toEqual(['LOC-1', 'LOC-2']);
    expect(first.headers.get('x-total-count')).toBe('3');
    expect(first.headers.get('x-limit')).toBe('2');
    const link = first.headers.get('link') ?? '';
    const next = /^<([^>]+)>; rel="next"$/.exec(link)?.[1];
    expect(next).toBeDefined();
    const nextUrl = new URL(next!);
    expect(nextUrl.pathname).toBe('/ocpi/cpo/2.2.1/locations');
    expect(nextUrl.searchParams.get('offset')).toBe('2');
    expect(nextUrl.searchParams.get('limit')).toBe('2');
    const second = await pull(`/locations${nextUrl.search}`);
    expect(second.body.data.map((l: { id: string }) => l.id)).toEqual(['LOC-3']);
    expect(second.headers.get('link')).toBeNull();
    expect((await pull('/locations/LOC-EMPTY')).body.data).toEqual(expect.objectContaining({ id: 'LOC-EMPTY', evses: [] }));

    const stamp = (await pull('/locations/LOC-3')).body.data.last_updated as string;
    const newer = await pull(`/locations?date_from=${encodeURIComponent(stamp)}`);
    expect(newer.body.data.map((l: { id: string }) => l.id)).toContain('LOC-3');
    expect(newer.body.data.map((l: { id: string }) => l.id)).not.toContain('LOC-1');
    const older = await pull(`/locations?date_to=${encodeURIComponent(stamp)}`);
    expect(older.body.data.map((l: { id: string }) => l.id)).not.toContain('LOC-3');
    expect((await pull('/locations?limit=1000')).headers.get('x-limit')).toBe('100');

    const wrong = await pull('/locations?date_from=yesterday');
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual(expect.objectContaining({ status_code: 2001, status_message: expect.stringContaining('date_from') }));
    expect((await api.ocpi('GET', '/cpo/2.2.1/locations')).status).toBe(401);
    expect((await pullFrom(api, 'not-a-token')('/locations')).body.status_code).toBe(2000);
  });

  it('answers one Location, EVSE and Connector; an unknown one is 2003 with HTTP 404', async () => {
    const location = await pull('/locations/loc-1');
    expect(location.body.data).toEqual(expect.objectContaining({ id: 'LOC-1', country_code: 'NL', party_id: 'VLT' }));
    const evse = await pull('/locations/LOC-1/CS-2-1');
    expect(evse.body.data).toEqual(
      expect.objectContaining({
        uid: 'CS-2-1',
        evse_id: 'NL*VLT*ECS2*1',
        status: 'RESERVED',
        connectors: [expect.objectContaining({ id: '1' })],
      }),
    );
    const connector = await pull('/locations/LOC-1/CS-2-1/1');
    expect(connector.body.data).toEqual(expect.objectContaining({ id: '1', standard: 'IEC_62196_T2', max_amperage: 16 }));
    for (const path of ['/locations/NOPE', '/locations/LOC-1/CS-1-2', '/locations/LOC-1/CS-2-1/2', '/locations/LOC-2/CS-2-1']) {
      const unknown = await pull(path);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual(expect.objectContaining({ status_code: 2003 }));
    }
  });
});

describe('deletion', () => {
  it('keeps what a station at no location reports, and publishes it once the station is placed', async () => {
    await status('LONE-1', 1, 'Charging');
    await status('LONE-1', 2, 'Faulted');
    await connection('LONE-1', 'Connected', 'c30');
    await api.harness.settle();
    const from = emsp.accepted().length;
    const placed = await api.call('PUT', '/locations/LOC-LONE', depot([{ stationId: 'LONE-1', evseCount: 2 }]));
    expect([placed.status, placed.body?.detail]).toEqual([201, undefined]);
    expect(placed.body.evses.map((e: EvseView) => [e.uid, e.status])).toEqual([
      ['LONE-1-1', 'CHARGING'],
      ['LONE-1-2', 'OUTOFORDER'],
    ]);
    const [pushed] = await pushesSince(from, 1);
    expect(pushed?.path).toBe(`${LOCATIONS}/NL/VLT/LOC-LONE`);
  });

  it('PATCHes a deleted location’s EVSEs to REMOVED; its stations may go elsewhere', async () => {
    const from = emsp.accepted().length;
    expect((await api.call('DELETE', '/locations/LOC-2')).status).toBe(204);
    const pushed = await pushesSince(from, 3);
    expect(pushed.map((p) => [p.method, p.path.split('/').pop(), statusOf(p)])).toEqual([
      ['PATCH', 'CS-20-1', 'REMOVED'],
      ['PATCH', 'CS-20-2', 'REMOVED'],
      ['PATCH', 'CS-20-3', 'REMOVED'],
    ]);
    expect((await pull('/locations/LOC-2')).status).toBe(404);
    expect((await api.call('GET', '/locations/LOC-2', undefined, 'read')).status).toBe(404);
    expect((await api.call('PUT', '/locations/LOC-4', depot([{ stationId: 'CS-20' }]))).status).toBe(201);
  });
});
