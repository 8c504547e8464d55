import { commandOwner } from '@voltlane/contracts';
import { actionsOf, type OcppVersion } from '@voltlane/ocpp';
import { uniqueName, waitFor, type TestStation } from '@voltlane/testing';
import { STATION_PASSWORD, StackHarness } from './stack-harness';

type Protocol = 'ocpp1.6' | 'ocpp2.0.1';

const BOOT: Record<Protocol, Record<string, unknown>> = {
  'ocpp1.6': { chargePointVendor: 'Voltlane', chargePointModel: 'VL-AC22', chargePointSerialNumber: 'SN-16', firmwareVersion: '1.2.3' },
  'ocpp2.0.1': {
    reason: 'PowerUp',
    chargingStation: { vendorName: 'Voltlane', model: 'VL-DC50', serialNumber: 'SN-201', firmwareVersion: '2.0.0' },
  },
};

const PREFIX: Record<OcppVersion, string> = { 'ocpp1.6': 'ocpp16', 'ocpp2.0.1': 'ocpp201', 'ocpp2.1': 'ocpp21' };
const kebab = (action: string): string =>
  action
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();

/** Answers every call with `answer(action, payload)` as a CALLRESULT. */
function answering(station: TestStation, answer: (action: string, payload: Record<string, unknown>) => Record<string, unknown>): void {
  station.onCall = (action, payload, id) => [3, id, answer(action, payload)];
}

describe('station-service operator API end to end', () => {
  let harness: StackHarness;
  let api: StackHarness['api'];

  beforeAll(async () => {
    harness = await StackHarness.start({
      services: ['station'],
      api: true,
      serviceEnv: { STATION_SERVICE_UNKNOWN_STATIONS: 'accept', STATION_SERVICE_LAST_SEEN_FLUSH_MS: '100' },
    });
    api = harness.api;
    // The service's consumer groups may still be joining: boot a warm-up station until it answers.
    const station = await harness.connect(uniqueName('warmup'), 'ocpp1.6');
    await waitFor(async () => (await station.call('BootNotification', BOOT['ocpp1.6']))[0] === 3, { timeoutMs: 45_000, intervalMs: 10 });
  }, 90_000);

  afterAll(async () => {
    await harness?.stop();
  });

  /** Connects and boots a station (unknown stations are accepted), waiting until the service sees it online. */
  async function bootedStation(protocol: Protocol, id = uniqueName('st')): Promise<{ id: string; station: TestStation }> {
    const station = await harness.connect(id, protocol);
    const answer = await station.call('BootNotification', BOOT[protocol]);
    expect(answer[2]).toMatchObject({ status: 'Accepted' });
    await waitFor(async () => (await api.request('GET', `/api/v1/stations/${id}`)).body?.online === true, {
      timeoutMs: 15_000,
      message: `${id} online`,
    });
    return { id, station };
  }

  describe('access and validation', () => {
    it('needs a key with the right scope', async () => {
      const none = await fetch(`${api.url}/api/v1/stations`);
      expect(none.status).toBe(401);
      expect(none.headers.get('content-type')).toContain('application/problem+json');
      expect((await api.request('GET', '/api/v1/stations', undefined, 'vl_000000000000_notavalidkeynotavalidkeynotavalidkey')).status).toBe(
        401,
      );
      expect((await api.request('GET', '/api/v1/stations', undefined, api.keys.read)).status).toBe(200);
      const id = uniqueName('ro');
      expect((await api.request('POST', '/api/v1/stations', { id, credentials: { securityProfile: 0 } }, api.keys.read)).status).toBe(403);
      expect((await api.request('PUT', `/api/v1/stations/${id}/boot-policy`, { policy: 'Accepted' }, api.keys.read)).status).toBe(403);
      expect((await api.request('POST', `/api/v1/stations/${id}/ocpp/Reset`, { type: 'Soft' }, api.keys.read)).status).toBe(403);
    });

    it('answers invalid bodies and queries with 400 problems saying what is wrong', async () => {
      const unknownField = await api.request(
        'POST',
        '/api/v1/stations',
        { id: uniqueName('x'), credentials: { securityProfile: 0 }, colour: 'red' },
        api.keys.write,
      );
      expect(unknownField.status).toBe(400);
      expect(unknownField.headers.get('content-type')).toContain('application/problem+json');
      expect(unknownField.body.detail).toMatch(/unknown property "colour"/);
      const noPassword = await api.request(
        'POST',
        '/api/v1/stations',
        { id: uniqueName('x'), credentials: { securityProfile: 1 } },
        api.keys.write,
      );
      expect(noPassword.status).toBe(400);
      expect(noPassword.body.detail).toMatch(/needs a Basic-auth password/);
      expect(
        (await api.request('POST', '/api/v1/stations', { id: 'bad id with spaces', credentials: { securityProfile: 0 } })).status,
      ).toBe(400);
      expect((await api.request('GET', '/api/v1/stations?limit=0')).status).toBe(400);
      expect((await api.request('GET', '/api/v1/stations?online=maybe')).status).toBe(400);
      expect((await api.request('GET', '/api/v1/stations?sort=id')).body.detail).toMatch(/unknown property "sort"/);
      expect((await api.request('PUT', `/api/v1/stations/${uniqueName('x')}/boot-policy`, { policy: 'Maybe' })).status).toBe(400);
      expect((await api.request('GET', `/api/v1/stations/${uniqueName('nobody')}`)).status).toBe(404);
      expect((await api.request('GET', `/api/v1/stations/${uniqueName('nobody')}/configuration`)).status).toBe(404);
    });
  });

  describe('stations', () => {
    it('registers a station with credentials and never shows the secret', async () => {
      const id = uniqueName('prov');
      const created = await api.request(
        'POST',
        '/api/v1/stations',
        { id, credentials: { securityProfile: 1, password: STATION_PASSWORD }, bootPolicy: 'Accepted' },
        api.keys.write,
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id,
        provisioned: true,
        bootPolicy: 'Accepted',
        online: false,
        credentials: { securityProfile: 1, passwordSet: true },
      });
      expect((await api.request('POST', '/api/v1/stations', { id, credentials: { securityProfile: 0 } })).status).toBe(409);
      const credentials = await api.request('GET', `/api/v1/stations/${id}/credentials`, undefined, api.keys.read);
      expect(credentials.body).toEqual({
        stationId: id,
        securityProfile: 1,
        passwordSet: true,
        certificateSubject: null,
        updatedAt: expect.any(String),
      });
      const replaced = await api.request('PUT', `/api/v1/stations/${id}/credentials`, {
        securityProfile: 3,
        certificateSubject: `${id}.example`,
      });
      expect(replaced.body).toMatchObject({ securityProfile: 3, passwordSet: false, certificateSubject: `${id}.example` });
      await api.request('PUT', `/api/v1/stations/${id}/credentials`, { securityProfile: 1, password: STATION_PASSWORD });
      for (const path of ['', '/credentials', '/boot-policy']) {
        const text = JSON.stringify((await api.request('GET', `/api/v1/stations/${id}${path}`)).body);
        expect(text).not.toContain(STATION_PASSWORD);
        expect(text).not.toMatch(/scrypt|passwordHash|password_hash/);
      }
      const listed = JSON.stringify((await api.request('GET', `/api/v1/stations?search=${id}`)).body);
      expect(listed).not.toContain(STATION_PASSWORD);
      // The provisioned password works on the wire.
      const station = await harness.connect(id, 'ocpp1.6');
      expect((await station.call('BootNotification', BOOT['ocpp1.6']))[2]).toMatchObject({ status: 'Accepted' });
    });

    it('sets and clears the boot policy', async () => {
      const id = uniqueName('pol');
      expect((await api.request('PUT', `/api/v1/stations/${id}/boot-policy`, { policy: 'Pending' })).body).toEqual({ policy: 'Pending' });
      expect((await api.request('GET', `/api/v1/stations/${id}/boot-policy`, undefined, api.keys.read)).body).toEqual({
        policy: 'Pending',
      });
      expect((await api.request('PUT', `/api/v1/stations/${id}/boot-policy`, { policy: null })).body).toEqual({ policy: null });
    });

    it('lists with live state and filters, shows details, connectors and status history', async () => {
      const prefix = uniqueName('lst');
      const a = await bootedStation('ocpp1.6', `${prefix}_a`);
      const b = await bootedStation('ocpp2.0.1', `${prefix}_b`);
      const early = new Date(Date.now() - 60_000).toISOString();
      const now = new Date().toISOString();
      expect(
        (await a.station.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: now }))[0],
      ).toBe(3);
      expect(
        (await b.station.call('StatusNotification', { timestamp: early, connectorStatus: 'Available', evseId: 1, connectorId: 1 }))[0],
      ).toBe(3);
      expect(
        (await b.station.call('StatusNotification', { timestamp: now, connectorStatus: 'Occupied', evseId: 1, connectorId: 1 }))[0],
      ).toBe(3);

      const all = await api.request('GET', `/api/v1/stations?search=${prefix}`, undefined, api.keys.read);
      expect(all.body).toMatchObject({ total: 2, limit: 50, offset: 0 });
      expect(all.body.items.map((s: { id: string }) => s.id)).toEqual([a.id, b.id]);
      expect(all.body.items[0]).toMatchObject({
        online: true,
        protocol: 'ocpp1.6',
        bootStatus: 'Accepted',
        connectors: [{ evseId: 0, connectorId: 1, status: 'Charging' }],
      });
      expect(
        (await api.request('GET', `/api/v1/stations?search=${prefix}&protocol=ocpp2.0.1`)).body.items.map((s: { id: string }) => s.id),
      ).toEqual([b.id]);
      expect(
        (await api.request('GET', `/api/v1/stations?search=${prefix}&connectorStatus=Charging`)).body.items.map(
          (s: { id: string }) => s.id,
        ),
      ).toEqual([a.id]);
      expect(
        (await api.request('GET', `/api/v1/stations?search=${prefix}&status=Accepted&online=true&limit=1&offset=1`)).body,
      ).toMatchObject({ total: 2, items: [{ id: b.id }] });
      expect((await api.request('GET', `/api/v1/stations?search=${prefix}&online=false`)).body.total).toBe(0);
      // a site's stations (ids) and a vendor, any letter case
      const ids = (query: string): Promise<string[]> =>
        api.request('GET', `/api/v1/stations?${query}`).then((r) => (r.body.items as { id: string }[]).map((s) => s.id));
      expect(await ids(`ids=${b.id},${prefix}_none`)).toEqual([b.id]);
      expect(await ids(`search=${prefix}&vendor=VOLTLANE`)).toEqual([a.id, b.id]);
      expect(await ids(`search=${prefix}&vendor=Elsewhere`)).toEqual([]);
      expect((await api.request('GET', `/api/v1/stations?ids=${encodeURIComponent('a b')}`)).status).toBe(400);
      expect((await api.request('GET', `/api/v1/stations?search=${prefix}_%25`)).body.total).toBe(0);

      const detail = await api.request('GET', `/api/v1/stations/${b.id}`);
      expect(detail.body).toMatchObject({
        id: b.id,
        vendor: 'Voltlane',
        model: 'VL-DC50',
        online: true,
        evses: [{ evseId: 1, connectors: [{ connectorId: 1, status: 'Occupied' }] }],
      });
      const history = await api.request('GET', `/api/v1/stations/${b.id}/status-history`);
      expect(history.body.items.map((h: { status: string }) => h.status)).toEqual(['Available', 'Occupied']);
      const recent = await api.request(
        'GET',
        `/api/v1/stations/${b.id}/status-history?from=${encodeURIComponent(new Date(Date.now() - 30_000).toISOString())}`,
      );
      expect(recent.body.items.map((h: { status: string }) => h.status)).toEqual(['Occupied']);
      expect(
        (
          await api.request(
            'GET',
            `/api/v1/stations/${b.id}/status-history?from=${encodeURIComponent(now)}&to=${encodeURIComponent(early)}`,
          )
        ).status,
      ).toBe(400);
      for (const path of [
        'events',
        'security-events',
        'reports',
        'firmware',
        'diagnostics',
        'logs',
        'certificates',
        'commands',
        'device-model',
        'configuration',
      ]) {
        expect([path, (await api.request('GET', `/api/v1/stations/${b.id}/${path}`, undefined, api.keys.read)).status]).toEqual([
          path,
          200,
        ]);
      }
    });
  });

  describe('commands', () => {
    it('sends a 1.6 command through the generic endpoint and answers with the station result', async () => {
      const { id, station } = await bootedStation('ocpp1.6');
      const seen: unknown[] = [];
      station.onCall = (action, payload, messageId) => {
        seen.push([action, payload]);
        return [3, messageId, { status: 'Accepted' }];
      };
      const response = await api.request('POST', `/api/v1/stations/${id}/ocpp/Reset`, { type: 'Soft' }, api.keys.write);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ protocol: 'ocpp1.6', result: { status: 'Accepted' } });
      expect(seen).toEqual([['Reset', { type: 'Soft' }]]);
      const record = await waitForBody(`/api/v1/stations/${id}/commands?action=Reset`, (b) => b.total === 1);
      expect(record.items[0]).toMatchObject({ action: 'Reset', status: 'Accepted', request: { type: 'Soft' } });
    });

    it('answers 502 with the CALLERROR, 504 without an answer, 409 offline', async () => {
      const { id, station } = await bootedStation('ocpp1.6');
      station.onCall = (_action, _payload, messageId) => [4, messageId, 'NotSupported', 'no such thing here', {}];
      const failed = await api.request('POST', `/api/v1/stations/${id}/ocpp/UnlockConnector`, { connectorId: 1 });
      expect(failed.status).toBe(502);
      expect(failed.body).toMatchObject({ status: 502, callError: { code: 'NotSupported', description: 'no such thing here' } });

      station.onCall = () => undefined;
      const started = Date.now();
      const silent = await api.request('POST', `/api/v1/stations/${id}/ocpp/GetConfiguration?timeoutMs=1000`, {});
      expect(silent.status).toBe(504);
      expect(Date.now() - started).toBeLessThan(8_000);
      expect((await api.request('POST', `/api/v1/stations/${id}/ocpp/GetConfiguration?timeoutMs=10`, {})).status).toBe(400);
      expect((await api.request('POST', `/api/v1/stations/${id}/ocpp/GetConfiguration?wait=1`, {})).status).toBe(400);

      await station.close();
      await waitFor(async () => (await harness.registry.lookup(id)) === null, { message: `${id} released` });
      const offline = await api.request('POST', `/api/v1/stations/${id}/ocpp/Reset`, { type: 'Hard' });
      expect(offline.status).toBe(409);
      expect(offline.body.detail).toMatch(/not connected/);
      const neverConnected = uniqueName('never');
      await api.request('PUT', `/api/v1/stations/${neverConnected}/boot-policy`, { policy: 'Accepted' });
      expect((await api.request('POST', `/api/v1/stations/${neverConnected}/ocpp/Reset`, { type: 'Hard' })).status).toBe(409);
      expect((await api.request('POST', `/api/v1/stations/${uniqueName('nobody')}/ocpp/Reset`, { type: 'Hard' })).status).toBe(404);
    });

    it('answers 429 with Retry-After and a problem when the station already has a full command queue', async () => {
      const { id, station } = await bootedStation('ocpp1.6');
      station.onCall = () => undefined; // reads nothing it is sent: one call in flight, the rest queue up
      const QUEUE_LIMIT = 16; // GATEWAY_COMMAND_QUEUE_LIMIT default
      const pending = Array.from({ length: QUEUE_LIMIT + 2 }, () =>
        api.request('POST', `/api/v1/stations/${id}/ocpp/GetConfiguration?timeoutMs=20000`, {}),
      );
      const busy = await Promise.race(pending.map(async (p) => ((await p).status === 429 ? p : new Promise<never>(() => undefined))));
      expect(busy.status).toBe(429);
      expect(busy.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const retryAfter = Number(busy.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(20);
      expect(busy.body).toMatchObject({
        status: 429,
        title: 'Too Many Requests',
        code: 'command-queue-full',
        retryAfterSeconds: retryAfter,
        stationId: id,
        action: 'GetConfiguration',
      });
      expect(busy.body.detail).toMatch(/not sent/);
      // The station goes away: what was in flight or queued is answered 409, nothing hangs.
      await station.close();
      const statuses = (await Promise.all(pending)).map((r) => r.status).sort();
      expect(statuses).toEqual([...Array<number>(QUEUE_LIMIT + 1).fill(409), 429]);
    });

    it('answers 400 for a payload of the wrong version, an unknown action, a station→CSMS action and a typed endpoint of another version', async () => {
      const { id, station } = await bootedStation('ocpp1.6');
      const calls: string[] = [];
      station.onCall = (action, _payload, messageId) => (calls.push(action), [3, messageId, { status: 'Accepted' }]);
      const wrongVersion = await api.request('POST', `/api/v1/stations/${id}/ocpp/Reset`, { type: 'Immediate' });
      expect(wrongVersion.status).toBe(400);
      expect(wrongVersion.body.detail).toMatch(/Reset payload does not fit ocpp1\.6/);
      const extra = await api.request('POST', `/api/v1/stations/${id}/ocpp16/reset`, { type: 'Soft', evseId: 1 });
      expect(extra.status).toBe(400);
      expect((await api.request('POST', `/api/v1/stations/${id}/ocpp/GetVariables`, { getVariableData: [] })).body.detail).toMatch(
        /not an action of ocpp1\.6/,
      );
      expect((await api.request('POST', `/api/v1/stations/${id}/ocpp/FlyToTheMoon`, {})).status).toBe(400);
      expect((await api.request('POST', `/api/v1/stations/${id}/ocpp/Heartbeat`, {})).body.detail).toMatch(/sent by the station/);
      expect((await api.request('POST', `/api/v1/stations/${id}/ocpp/Reset`, '[1,2]')).status).toBe(400);
      const typedOther = await api.request('POST', `/api/v1/stations/${id}/ocpp201/reset`, { type: 'Immediate' });
      expect(typedOther.status).toBe(400);
      expect(typedOther.body.detail).toMatch(/speaks ocpp1\.6, not ocpp2\.0\.1/);
      expect(calls).toEqual([]);
    });

    it('applies the boot status rules: Rejected nothing, Pending provisioning only', async () => {
      const id = uniqueName('pend');
      const station = await harness.connect(id, 'ocpp1.6', { bootStatus: 'Pending' });
      await waitFor(async () => (await api.request('GET', `/api/v1/stations/${id}`)).body?.online === true, { message: `${id} online` });
      answering(station, (action) =>
        action === 'GetConfiguration'
          ? { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] }
          : { status: 'Accepted' },
      );
      const unlock = await api.request('POST', `/api/v1/stations/${id}/ocpp/UnlockConnector`, { connectorId: 1 });
      expect(unlock.status).toBe(409);
      expect(unlock.body.detail).toMatch(/Pending: only provisioning actions/);
      expect((await api.request('POST', `/api/v1/stations/${id}/ocpp/GetConfiguration`, {})).status).toBe(200);
      expect(
        (await api.request('POST', `/api/v1/stations/${id}/ocpp16/trigger-message`, { requestedMessage: 'BootNotification' })).status,
      ).toBe(200);

      await harness.bootStatus.set(id, 'Rejected');
      const rejected = await api.request('POST', `/api/v1/stations/${id}/ocpp/TriggerMessage`, { requestedMessage: 'BootNotification' });
      expect(rejected.status).toBe(409);
      expect(rejected.body.detail).toMatch(/Rejected/);
    });

    it('sends 2.0.1 commands (generic and typed) and applies GetVariables / SetVariables results to the device model', async () => {
      const { id, station } = await bootedStation('ocpp2.0.1');
      const component = { name: 'OCPPCommCtrlr' };
      answering(station, (action, payload) => {
        if (action === 'GetVariables') {
          return {
            getVariableResult: (payload.getVariableData as { component: object; variable: object }[]).map((d) => ({
              attributeStatus: 'Accepted',
              attributeValue: '300',
              ...d,
            })),
          };
        }
        if (action === 'SetVariables') {
          return {
            setVariableResult: (payload.setVariableData as { component: object; variable: object }[]).map((d) => ({
              attributeStatus: 'Accepted',
              component: d.component,
              variable: d.variable,
            })),
          };
        }
        return { status: 'Accepted' };
      });
      const got = await api.request('POST', `/api/v1/stations/${id}/ocpp/GetVariables`, {
        getVariableData: [{ component, variable: { name: 'HeartbeatInterval' } }],
      });
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({
        protocol: 'ocpp2.0.1',
        result: { getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '300' }] },
      });
      const model = await waitForBody(`/api/v1/stations/${id}/device-model?component=OCPPCommCtrlr`, (b) => b.total === 1);
      expect(model.items[0]).toMatchObject({
        componentName: 'OCPPCommCtrlr',
        variableName: 'HeartbeatInterval',
        attributes: [{ type: 'Actual', value: '300' }],
      });

      const set = await api.request('POST', `/api/v1/stations/${id}/ocpp201/set-variables`, {
        setVariableData: [{ component, variable: { name: 'HeartbeatInterval' }, attributeValue: '120' }],
      });
      expect(set.status).toBe(200);
      await waitForBody(`/api/v1/stations/${id}/device-model?component=OCPPCommCtrlr`, (b) => b.items[0]?.attributes?.[0]?.value === '120');

      const typed = await api.request('POST', `/api/v1/stations/${id}/ocpp201/reset`, { type: 'OnIdle' });
      expect(typed.body).toEqual({ protocol: 'ocpp2.0.1', result: { status: 'Accepted' } });
      const available = await api.request('POST', `/api/v1/stations/${id}/ocpp201/change-availability`, {
        operationalStatus: 'Inoperative',
        evse: { id: 1 },
      });
      expect(available.status).toBe(200);
      const detail = await waitForBody(`/api/v1/stations/${id}`, (b) => b.availability?.length === 1);
      expect(detail.availability[0]).toMatchObject({
        evseId: 1,
        connectorId: 0,
        operationalStatus: 'Inoperative',
        responseStatus: 'Accepted',
      });
    });

    it('applies 1.6 configuration results (GetConfiguration, accepted ChangeConfiguration) and links firmware requests to their notifications', async () => {
      const { id, station } = await bootedStation('ocpp1.6');
      answering(station, (action, payload) => {
        if (action === 'GetConfiguration') {
          return {
            configurationKey: [
              { key: 'HeartbeatInterval', readonly: false, value: '300' },
              { key: 'NumberOfConnectors', readonly: true, value: '2' },
            ],
            unknownKey: ['Foo'],
          };
        }
        if (action === 'ChangeConfiguration') return { status: payload.key === 'NumberOfConnectors' ? 'Rejected' : 'Accepted' };
        return {};
      });
      expect((await api.request('POST', `/api/v1/stations/${id}/ocpp16/get-configuration`, {})).status).toBe(200);
      await waitForBody(`/api/v1/stations/${id}/configuration`, (b) => b.total === 2);
      const changed = await api.request('POST', `/api/v1/stations/${id}/ocpp16/change-configuration`, {
        key: 'HeartbeatInterval',
        value: '120',
      });
      expect(changed.body).toEqual({ protocol: 'ocpp1.6', result: { status: 'Accepted' } });
      expect(
        (await api.request('POST', `/api/v1/stations/${id}/ocpp/ChangeConfiguration`, { key: 'NumberOfConnectors', value: '9' })).body
          .result,
      ).toEqual({ status: 'Rejected' });
      const config = await waitForBody(`/api/v1/stations/${id}/configuration`, (b) =>
        b.items.some((k: { key: string; value: string }) => k.key === 'HeartbeatInterval' && k.value === '120'),
      );
      expect(config.items).toEqual([
        expect.objectContaining({ key: 'HeartbeatInterval', value: '120', readonly: false }),
        expect.objectContaining({ key: 'NumberOfConnectors', value: '2', readonly: true }),
      ]);

      const update = await api.request('POST', `/api/v1/stations/${id}/ocpp16/update-firmware`, {
        location: 'https://fw.example/vl.bin',
        retrieveDate: new Date().toISOString(),
      });
      expect(update.body).toEqual({ protocol: 'ocpp1.6', result: {} });
      await waitForBody(`/api/v1/stations/${id}/firmware`, (b) => b.total === 1);
      expect((await station.call('FirmwareStatusNotification', { status: 'Downloading' }))[0]).toBe(3);
      const firmware = await waitForBody(`/api/v1/stations/${id}/firmware`, (b) => b.items[0]?.notifications?.length === 1);
      expect(firmware.items[0]).toMatchObject({
        action: 'UpdateFirmware',
        request: { location: 'https://fw.example/vl.bin' },
        notifications: [{ status: 'Downloading' }],
      });
    });
  });

  it('documents every typed command operation with the official schemas in the OpenAPI document', async () => {
    const document = (await (await fetch(`${api.url}/docs/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            operationId: string;
            tags: string[];
            parameters: any[];
            requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
            responses: Record<string, { content?: Record<string, { schema: { $ref?: string; properties: Record<string, unknown> } }> }>;
          }
        >
      >;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    // request and answer schemas are named components (issue #16): `{ $ref: '#/components/schemas/Ocpp16ResetRequest' }`
    const named = (schema: { $ref?: string } | undefined): { properties: Record<string, unknown> } & Record<string, unknown> => {
      const name = schema?.$ref?.replace('#/components/schemas/', '');
      expect(name && document.components.schemas[name]).toBeDefined();
      return document.components.schemas[String(name)];
    };
    const operations = Object.values(document.paths).flatMap((p) => Object.values(p));
    const operationIds = new Set(operations.map((o) => o.operationId));
    for (const version of ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const) {
      for (const { action, group } of actionsOf(version, 'CsmsToStation')) {
        const path = `/api/v1/stations/{id}/${PREFIX[version]}/${kebab(action)}`;
        if (commandOwner(action) !== 'station-service') {
          expect([path, document.paths[path]]).toEqual([path, undefined]);
          continue;
        }
        const operation = document.paths[path]?.post;
        expect([path, operation?.operationId]).toEqual([path, `${PREFIX[version]}${action}`]);
        expect(operation.tags.join(' ')).toContain(group);
        expect(named(operation.requestBody?.content['application/json'].schema)).toMatchObject({ type: 'object' });
        expect(named(operation.responses['200'].content?.['application/json'].schema).properties.result).toMatchObject({ type: 'object' });
      }
    }
    const reset16 = document.paths['/api/v1/stations/{id}/ocpp16/reset'].post;
    expect(named(reset16.requestBody?.content['application/json'].schema)).toMatchObject({
      required: ['type'],
      properties: { type: { enum: ['Hard', 'Soft'] } },
    });
    const getVariables = document.paths['/api/v1/stations/{id}/ocpp201/get-variables'].post;
    expect(JSON.stringify(named(getVariables.requestBody?.content['application/json'].schema))).not.toContain('$ref');
    expect(named(getVariables.responses['200'].content?.['application/json'].schema).properties.result).toMatchObject({
      required: ['getVariableResult'],
    });
    expect(reset16.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`).sort()).toEqual(['path:id', 'query:timeoutMs']);
    expect(reset16.tags).toEqual(['OCPP 1.6 Core']);
    expect(document.paths['/api/v1/stations/{id}/ocpp21/notify-web-payment-started']?.post.operationId).toBe(
      'ocpp21NotifyWebPaymentStarted',
    );
    for (const id of [
      'sendOcppCommand',
      'listStations',
      'getStation',
      'createStation',
      'putStationCredentials',
      'putStationBootPolicy',
      'getStationStatusHistory',
    ])
      expect(operationIds.has(id)).toBe(true);
  });

  async function waitForBody(path: string, predicate: (body: any) => unknown): Promise<any> {
    let last: any;
    await waitFor(
      async () => {
        last = (await api.request('GET', path, undefined, api.keys.read)).body;
        return Boolean(predicate(last));
      },
      { timeoutMs: 15_000, message: `GET ${path}` },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; last body ${JSON.stringify(last)?.slice(0, 800)}`);
    });
    return last;
  }
});
