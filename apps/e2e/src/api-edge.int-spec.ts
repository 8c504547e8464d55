import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OWNER_EXTENSION, RouteTable } from '@voltlane/api-kit';
import { operatorApiClient, uniqueName, waitFor, type OperatorApiClient, type TestStation } from '@voltlane/testing';
import { EDGE_ORDER, StackHarness, type ServiceName } from './stack-harness';

/** The committed merged document (issue #16); `UPDATE_OPENAPI=1` rewrites it from what the code serves. */
const COMMITTED = resolve(__dirname, '../../../docs/openapi.json');

type Document = { servers: { url: string }[]; paths: Record<string, Record<string, Record<string, unknown>>> };

// The distributed deployment's operator API: one HTTP API per service (real Kafka, Redis and
// PostgreSQL), all reached through the api-edge's one base URL.
describe('one operator API through the api-edge', () => {
  let harness: StackHarness;
  // The typed client generated from docs/openapi.json (npm run codegen:openapi), one per key scope.
  let admin: OperatorApiClient;
  let write: OperatorApiClient;
  let read: OperatorApiClient;
  const own: Partial<Record<ServiceName, Document>> = {};

  beforeAll(async () => {
    harness = await StackHarness.start({ services: EDGE_ORDER, api: 'edge' });
    admin = operatorApiClient(harness.api.url, harness.api.keys.admin);
    write = operatorApiClient(harness.api.url, harness.api.keys.write);
    read = operatorApiClient(harness.api.url, harness.api.keys.read);
    for (const name of EDGE_ORDER)
      own[name] = (await (await fetch(`${harness.serviceApiUrls[name]}/docs/openapi.json`)).json()) as Document;
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('routes every operation of every service to a service that declares it, and the first of them for shared ones', () => {
    const table = new RouteTable(EDGE_ORDER.map((service) => ({ service, document: own[service]! })));
    const served = harness.edge!.routes().list();
    const declared = EDGE_ORDER.flatMap((service) =>
      Object.entries(own[service]!.paths).flatMap(([path, item]) =>
        Object.keys(item)
          .filter((m) => m !== 'parameters')
          .map((method) => ({ service, method, path })),
      ),
    );
    expect(declared.length).toBeGreaterThan(150);
    for (const { method, path } of declared) {
      const route = served.find((r) => r.method === method && r.template === path);
      expect(route && { method, path, declaredBy: route.services.includes(route.service) }).toEqual({ method, path, declaredBy: true });
      expect(EDGE_ORDER.indexOf(route!.service as ServiceName)).toBe(
        Math.min(...route!.services.map((s) => EDGE_ORDER.indexOf(s as ServiceName))),
      );
    }
    expect(served).toHaveLength(table.list().length);
    // each service's own operations, not only shared ones, reach it
    for (const service of EDGE_ORDER) expect(served.some((r) => r.service === service && r.services.length === 1)).toBe(true);
  });

  it("serves one document for the whole API, with servers and each operation's owner, committed as docs/openapi.json", async () => {
    const merged = (await (await fetch(`${harness.api.url}/docs/openapi.json`)).json()) as Document;
    expect(merged.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const operations = Object.values(merged.paths).flatMap((item) =>
      Object.entries(item)
        .filter(([m]) => m !== 'parameters')
        .map(([, op]) => op),
    );
    expect(operations.length).toBe(harness.edge!.routes().list().length);
    expect(operations.every((op) => EDGE_ORDER.includes(op[OWNER_EXTENSION] as ServiceName))).toBe(true);
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(COMMITTED, `${JSON.stringify(merged, null, 2)}\n`);
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8')) as Document;
    expect(merged).toEqual(committed); // out of date: npm run codegen:openapi
  });

  it('reaches every service through the one base URL, a remote start answered by the station included', async () => {
    const stationId = uniqueName('edge16');
    const station: TestStation = await harness.connect(stationId, 'ocpp1.6', { bootStatus: 'Accepted' });
    const received: string[] = [];
    station.onCall = (action, _payload, id) => {
      received.push(action);
      return [3, id, { status: 'Accepted' }];
    };
    const byId = { params: { path: { id: stationId } } };
    await waitFor(async () => (await admin.GET('/api/v1/stations/{id}', byId)).response.status === 200, {
      message: 'station known to the station-service',
    });

    const station_ = await read.GET('/api/v1/stations/{id}', byId);
    expect(station_.data).toMatchObject({ id: stationId });
    const start = await write.POST('/api/v1/stations/{id}/remote-start', { ...byId, body: { idToken: 'EDGE-TAG', connectorId: 1 } });
    expect([start.response.status, start.data]).toEqual([200, expect.anything()]);
    expect(start.data).toMatchObject({ protocol: 'ocpp1.6', result: { status: 'Accepted' } });
    expect(received).toContain('RemoteStartTransaction');
    const typed = await write.POST('/api/v1/stations/{id}/ocpp16/clear-cache', { ...byId, body: {} });
    expect([typed.response.status, typed.data?.result]).toEqual([200, { status: 'Accepted' }]);

    const range = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() };
    const checks: [ServiceName, string, () => Promise<{ response: Response }>][] = [
      ['station', '/api/v1/api-keys', () => admin.GET('/api/v1/api-keys')],
      ['station', '/api/v1/dead-letters', () => admin.GET('/api/v1/dead-letters')],
      ['customer', '/api/v1/id-tokens', () => admin.GET('/api/v1/id-tokens')],
      ['customer', '/api/v1/customers', () => admin.GET('/api/v1/customers')],
      ['session', '/api/v1/sessions', () => admin.GET('/api/v1/sessions')],
      ['metering', '/api/v1/stations/{id}/meter-samples', () => admin.GET('/api/v1/stations/{id}/meter-samples', byId)],
      ['billing', '/api/v1/tariffs', () => admin.GET('/api/v1/tariffs')],
      ['billing', '/api/v1/cdrs', () => admin.GET('/api/v1/cdrs')],
      ['report', '/api/v1/reports/network', () => admin.GET('/api/v1/reports/network', { params: { query: range } })],
    ];
    for (const [service, path, call] of checks) {
      const answer = await call();
      expect({ service, path, status: answer.response.status }).toEqual({ service, path, status: 200 });
    }
    expect(new Set(checks.map(([s]) => s)).size).toBe(6);
  });

  it("keeps the services' answers to bad requests: 401 without a key, 403 for a read key, 400 from a schema, problem 404 for no operation", async () => {
    const noKey = await operatorApiClient(harness.api.url).GET('/api/v1/sessions');
    expect(noKey.response.status).toBe(401);
    expect(
      (await read.POST('/api/v1/tariffs', { body: { name: 'x', currency: 'EUR', timeZone: 'UTC', taxRatePercent: '19' } })).response.status,
    ).toBe(403);
    expect((await admin.GET('/api/v1/sessions', { params: { query: { limit: 0 } } })).response.status).toBe(400);
    // no operation of the API (so none of the typed client): the raw request
    const nothing = await harness.api.request('GET', '/api/v1/nothing-here');
    expect(nothing.status).toBe(404);
    expect(nothing.headers.get('content-type')).toBe('application/problem+json');
  });
});
