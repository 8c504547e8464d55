// Tariffs over real HTTP: billing.tariffs.v1 records become OCPI Tariffs (pulled paginated, PUT to
// a receiving partner, DELETE when withdrawn), a connector shows its station's tariff (the location
// is PUT again when that changes), a version that comes into force is pushed by the periodic
// refresh, and a new partner gets every tariff and location when synced.
import { OcpiTestApi, type Answer } from './ocpi-test-api';
import {
  always,
  depot,
  LOCATIONS,
  pullFrom,
  TakenPushes,
  TARIFFS,
  tariffRecord as tariff,
  tariffVersion,
  type EvseView,
} from './push-fixtures';
import { insertPartner, PushReceiver, type ReceivedPush } from './push-receiver';

let api: OcpiTestApi;
let emsp: PushReceiver;
let taken: TakenPushes;
let partnerId: string;
let pull: (path: string) => Promise<Answer>;

beforeAll(async () => {
  api = await OcpiTestApi.start();
  emsp = await PushReceiver.start();
  taken = new TakenPushes(emsp);
  let tokenC: string;
  ({ partnerId, tokenC } = await insertPartner((sql, params) => api.harness.query(sql, params), emsp));
  pull = pullFrom(api, tokenC);
  expect((await api.call('PUT', '/locations/LOC-1', depot([{ stationId: 'CS-1' }, { stationId: 'CS-2' }]))).status).toBe(201);
  expect((await api.call('PUT', '/locations/LOC-3', depot([{ stationId: 'CS-30' }]))).status).toBe(201);
  await taken.waitSince(0, 2);
});

afterAll(async () => {
  await api?.stop();
  await emsp?.close();
});

const since = (from: number): ReceivedPush[] => taken.since(from);
const pushesSince = (from: number, count: number): Promise<ReceivedPush[]> => taken.waitSince(from, count);

const DEFAULT_ID = '0b7f7a8e-6d0e-4c1b-9c55-0d1c1f2a3b4c';
const STATION_ID = '1c8e8b9f-7e1f-4d2c-8d66-1e2d2a3b4c5d';

describe('tariffs', () => {
  it('turns billing.tariffs.v1 into an OCPI tariff, pushes it, and shows it on every connector', async () => {
    const from = emsp.accepted().length;
    await api.harness.publish(
      'BillingTariffs',
      DEFAULT_ID,
      tariff(DEFAULT_ID, 1, [tariffVersion()], [{ id: 'a1', scope: { kind: 'default' }, ...always }]),
    );
    await api.harness.settle();
    const pushed = await pushesSince(from, 3);
    const tariffPut = pushed.find((p) => p.path.startsWith(TARIFFS));
    expect(tariffPut).toEqual(expect.objectContaining({ method: 'PUT', path: `${TARIFFS}/NL/VLT/${DEFAULT_ID}` }));
    expect(tariffPut?.body).toEqual(
      expect.objectContaining({
        country_code: 'NL',
        party_id: 'VLT',
        id: DEFAULT_ID,
        currency: 'EUR',
        elements: [
          {
            price_components: [
              { type: 'ENERGY', price: 0.3, vat: 21, step_size: 1 },
              { type: 'PARKING_TIME', price: 6, vat: 21, step_size: 1 },
              { type: 'FLAT', price: 0.5, vat: 21, step_size: 1 },
            ],
          },
        ],
      }),
    );
    // Every location with stations is PUT again with the tariff on its connectors.
    const locationPuts = pushed.filter((p) => p.method === 'PUT' && p.path.startsWith(LOCATIONS));
    expect(locationPuts.map((p) => p.body.id as string).sort()).toEqual(['LOC-1', 'LOC-3']);
    expect(locationPuts[0]?.body.evses[0].connectors[0].tariff_ids).toEqual([DEFAULT_ID]);
    const pulled = await pull('/tariffs');
    expect(pulled.body.data).toEqual([expect.objectContaining({ id: DEFAULT_ID, last_updated: tariffPut?.body.last_updated })]);
    expect(pulled.headers.get('x-total-count')).toBe('1');
  });

  it('pushes nothing for a republished record or an older one; a station tariff replaces the default on its connectors', async () => {
    const from = emsp.accepted().length;
    await api.harness.publish(
      'BillingTariffs',
      DEFAULT_ID,
      tariff(DEFAULT_ID, 2, [tariffVersion()], [{ id: 'a1', scope: { kind: 'default' }, ...always }]),
    );
    await api.harness.publish('BillingTariffs', DEFAULT_ID, tariff(DEFAULT_ID, 1, [tariffVersion({ energyPerKwh: '9' })], []));
    await api.harness.settle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(since(from)).toHaveLength(0);

    await api.harness.publish(
      'BillingTariffs',
      STATION_ID,
      tariff(
        STATION_ID,
        3,
        [tariffVersion({ energyPerKwh: '0.25', bands: [{ name: 'night', from: '22:00', to: '06:00', energyPerKwh: '0.20' }] })],
        [{ id: 'a2', scope: { kind: 'station', stationId: 'CS-2' }, ...always }],
      ),
    );
    await api.harness.settle();
    // (Different objects: in either order.)
    const pushed = (await pushesSince(from, 2)).sort((a, b) => (a.path < b.path ? 1 : -1));
    expect(pushed.map((p) => `${p.method} ${p.path}`)).toEqual([`PUT ${TARIFFS}/NL/VLT/${STATION_ID}`, `PUT ${LOCATIONS}/NL/VLT/LOC-1`]);
    expect(pushed[0]?.body.elements[0]).toEqual({
      price_components: [{ type: 'ENERGY', price: 0.2, vat: 21, step_size: 1 }],
      restrictions: { start_time: '22:00', end_time: '06:00' },
    });
    expect(pushed[1]?.body.evses.map((e: EvseView) => [e.uid, e.connectors[0]?.tariff_ids])).toEqual([
      ['CS-1-1', [DEFAULT_ID]],
      ['CS-2-1', [STATION_ID]],
    ]);
    expect((await pull('/tariffs?limit=1')).headers.get('link')).toContain('offset=1');
  });

  it('pushes the next version when it comes into force (the periodic refresh)', async () => {
    const SWITCH_ID = '2d9f9cae-8f20-4e3d-9e77-2f3e3b4c5d6e';
    const switchAt = new Date(Date.now() + 1500).toISOString();
    const from = emsp.accepted().length;
    await api.harness.publish(
      'BillingTariffs',
      SWITCH_ID,
      tariff(
        SWITCH_ID,
        1,
        [tariffVersion({ validTo: switchAt }), tariffVersion({ version: 2, energyPerKwh: '0.45', validFrom: switchAt })],
        [],
      ),
    );
    await api.harness.settle();
    const [first] = await pushesSince(from, 1);
    expect(first?.body).toEqual(expect.objectContaining({ id: SWITCH_ID, end_date_time: switchAt }));
    expect(first?.body.elements[0].price_components[0]).toEqual({ type: 'ENERGY', price: 0.3, vat: 21, step_size: 1 });
    expect(await api.service.push.tariffs.refresh()).toEqual({ tariffs: 0, locations: 0 });
    await new Promise((resolve) => setTimeout(resolve, Date.parse(switchAt) - Date.now() + 50));
    // (The service's own minute timer may have got there first: then this one finds nothing left to do.)
    expect((await api.service.push.tariffs.refresh()).tariffs).toBeLessThanOrEqual(1);
    const [second] = await pushesSince(from + 1, 1);
    expect(second?.body).toEqual(expect.objectContaining({ id: SWITCH_ID, start_date_time: switchAt }));
    expect(second?.body).not.toHaveProperty('end_date_time');
    expect(second?.body.elements[0].price_components[0]).toEqual({ type: 'ENERGY', price: 0.45, vat: 21, step_size: 1 });
  });

  it('withdraws a tariff whose versions all ended (DELETE)', async () => {
    const from = emsp.accepted().length;
    await api.harness.publish(
      'BillingTariffs',
      STATION_ID,
      tariff(
        STATION_ID,
        4,
        [tariffVersion({ validTo: '2021-01-01T00:00:00.000Z' })],
        [{ id: 'a2', scope: { kind: 'station', stationId: 'CS-2' }, ...always }],
      ),
    );
    await api.harness.settle();
    const pushed = (await pushesSince(from, 2)).sort((a, b) => (a.path < b.path ? 1 : -1));
    expect(pushed.map((p) => `${p.method} ${p.path}`)).toEqual([`DELETE ${TARIFFS}/NL/VLT/${STATION_ID}`, `PUT ${LOCATIONS}/NL/VLT/LOC-1`]);
    expect(pushed[1]?.body.evses[1].connectors[0].tariff_ids).toEqual([DEFAULT_ID]);
    expect((await pull('/tariffs')).body.data.map((t: { id: string }) => t.id)).toEqual([
      DEFAULT_ID,
      '2d9f9cae-8f20-4e3d-9e77-2f3e3b4c5d6e',
    ]);
  });
});

describe('a new partner', () => {
  it('gets every tariff and location when synced', async () => {
    const late = await PushReceiver.start();
    try {
      const { partnerId: lateId } = await insertPartner((sql, params) => api.harness.query(sql, params), late, { name: 'late eMSP' });
      expect(await api.service.push.syncPartner(lateId)).toEqual({ tariffs: 2, locations: 2 });
      await late.waitForAccepted(4);
      expect(
        late
          .accepted()
          .map((p) => `${p.method} ${p.path.replace('/ocpi/emsp/2.2.1', '')}`)
          .sort(),
      ).toEqual([
        'PUT /locations/NL/VLT/LOC-1',
        'PUT /locations/NL/VLT/LOC-3',
        'PUT /tariffs/NL/VLT/0b7f7a8e-6d0e-4c1b-9c55-0d1c1f2a3b4c',
        'PUT /tariffs/NL/VLT/2d9f9cae-8f20-4e3d-9e77-2f3e3b4c5d6e',
      ]);
      const lateLocation = late.accepted().find((p) => p.path.endsWith('/LOC-1'));
      expect(lateLocation?.body.evses.map((e: EvseView) => e.connectors[0]?.tariff_ids)).toEqual([[DEFAULT_ID], [DEFAULT_ID]]);
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(late.accepted()).toHaveLength(4);
      // A partner synced again gets it all again (PUTs replace).
      const mark = taken.count;
      expect(await api.service.push.syncPartner(partnerId)).toEqual({ tariffs: 2, locations: 2 });
      expect(await pushesSince(mark, 4)).toHaveLength(4);
    } finally {
      await late.close();
    }
  });
});
