// The ocpi-service on a pool of ONE database connection: a transaction that took a second
// connection from the pool (say, to look up the partners it pushes to) would wait for itself
// forever. With more connections the same mistake starves the pool once as many stations' records
// run at once as it has connections (the consumers run up to 64 stations at a time). So every
// write path that pushes — a location PUT and DELETE, an EVSE status, a tariff — must complete here.
import { OcpiTestApi } from './ocpi-test-api';
import { always, depot, LOCATIONS, statusOf, TakenPushes, TARIFFS, tariffRecord, tariffVersion } from './push-fixtures';
import { insertPartner, PushReceiver } from './push-receiver';

let api: OcpiTestApi;
let emsp: PushReceiver;
let taken: TakenPushes;

beforeAll(async () => {
  api = await OcpiTestApi.start({ OCPI_SERVICE_DB_POOL_SIZE: '1' });
  emsp = await PushReceiver.start();
  taken = new TakenPushes(emsp);
  await insertPartner((sql, params) => api.harness.query(sql, params), emsp);
});

afterAll(async () => {
  await api?.stop();
  await emsp?.close();
});

const TARIFF_ID = '5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6';

describe('the ocpi-service on one database connection', () => {
  it('creates a location, pushes its EVSE status changes, a tariff and the removal', async () => {
    const created = await api.call('PUT', '/locations/LOC-ONE', depot([{ stationId: 'CS-ONE' }]));
    expect(created.status).toBe(201);
    const [put] = await taken.waitSince(0, 1);
    expect(put).toEqual(expect.objectContaining({ method: 'PUT', path: `${LOCATIONS}/NL/VLT/LOC-ONE` }));

    let from = emsp.accepted().length;
    await api.harness.publish('StationStatus', 'CS-ONE', {
      stationId: 'CS-ONE',
      protocol: 'ocpp1.6',
      connectorId: 1,
      status: 'Available',
      source: 'StatusNotification',
      timestamp: '2025-01-01T00:00:01.000Z',
      receivedAt: '2025-01-01T00:00:01.000Z',
    });
    const [patch] = await taken.waitSince(from, 1);
    expect(patch).toEqual(expect.objectContaining({ method: 'PATCH', path: `${LOCATIONS}/NL/VLT/LOC-ONE/CS-ONE-1` }));
    expect(statusOf(patch)).toBe('AVAILABLE');

    from = emsp.accepted().length;
    await api.harness.publish(
      'BillingTariffs',
      TARIFF_ID,
      tariffRecord(TARIFF_ID, 1, [tariffVersion()], [{ id: 'a1', scope: { kind: 'default' }, ...always }]),
    );
    const pushed = await taken.waitSince(from, 2);
    expect(pushed.map((p) => `${p.method} ${p.path}`)).toEqual(
      expect.arrayContaining([`PUT ${TARIFFS}/NL/VLT/${TARIFF_ID}`, `PUT ${LOCATIONS}/NL/VLT/LOC-ONE`]),
    );

    from = emsp.accepted().length;
    expect((await api.call('DELETE', '/locations/LOC-ONE')).status).toBe(204);
    const [removed] = await taken.waitSince(from, 1);
    expect(removed).toEqual(expect.objectContaining({ method: 'PATCH', path: `${LOCATIONS}/NL/VLT/LOC-ONE/CS-ONE-1` }));
    expect(statusOf(removed)).toBe('REMOVED');
  });
});
