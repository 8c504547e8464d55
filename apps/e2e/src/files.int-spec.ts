import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startS3rver } from '@voltlane/file-storage';
import { uniqueName, waitFor, type TestStation } from '@voltlane/testing';
import { STATION_PASSWORD, StackHarness } from './stack-harness';

type Protocol = 'ocpp1.6' | 'ocpp2.0.1';
type Json = Record<string, any>;

const BOOT: Record<Protocol, Json> = {
  'ocpp1.6': { chargePointVendor: 'Voltlane', chargePointModel: 'VL-AC22', firmwareVersion: '1.0.0' },
  'ocpp2.0.1': { reason: 'PowerUp', chargingStation: { vendorName: 'Voltlane', model: 'VL-DC50', firmwareVersion: '2.0.0' } },
};
const MAX_UPLOAD_BYTES = 64 * 1024;
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const ROOT = resolve(__dirname, '../../..');
/** The simulator process each store variant runs (both protocols are covered across the two). */
const SIMULATOR_PROTOCOL = { local: 'ocpp1.6', s3: 'ocpp2.0.1' } as const;

/**
 * Diagnostics/log uploads and firmware hosting through the real stack (gateway, station-service,
 * operator API on Kafka, Redis and PostgreSQL): real WebSocket stations that upload and download
 * over HTTP what the URLs Voltlane put into their commands point to.
 */
describe.each(['local', 's3'] as const)('files on the %s store: diagnostics and log uploads, firmware hosting', (store) => {
  let harness: StackHarness;
  let api: StackHarness['api'];
  let directory: string;
  let s3: { endpoint: string; close(): Promise<void> } | undefined;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'voltlane-e2e-files-'));
    let storeEnv: Record<string, string> = { FILES_STORE: 'local', FILES_LOCAL_DIR: directory };
    if (store === 's3') {
      s3 = await startS3rver(directory, 'voltlane-e2e');
      // s3rver accepts the fixed S3RVER/S3RVER credentials.
      storeEnv = {
        FILES_STORE: 's3',
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: 'voltlane-e2e',
        S3_PREFIX: `${uniqueName('e2e')}/`,
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
      };
    }
    harness = await StackHarness.start({
      services: ['station'],
      api: true,
      serviceEnv: {
        STATION_SERVICE_UNKNOWN_STATIONS: 'accept',
        STATION_SERVICE_LAST_SEEN_FLUSH_MS: '100',
        FILES_MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
        ...storeEnv,
      },
    });
    api = harness.api;
    const warmup = await harness.connect(uniqueName('warmup'), 'ocpp1.6');
    await waitFor(async () => (await warmup.call('BootNotification', BOOT['ocpp1.6']))[0] === 3, { timeoutMs: 45_000, intervalMs: 10 });
  }, 90_000);

  afterAll(async () => {
    await harness?.stop();
    await s3?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  /** A booted station that records the CSMS's calls and answers them with `answers[action]`. */
  async function bootedStation(
    protocol: Protocol,
    answers: Record<string, Json>,
  ): Promise<{ id: string; station: TestStation; received: Map<string, Json> }> {
    const id = uniqueName('files');
    const station = await harness.connect(id, protocol);
    const received = new Map<string, Json>();
    station.onCall = (action, payload, messageId) => {
      received.set(action, payload);
      return [3, messageId, answers[action] ?? {}];
    };
    expect((await station.call('BootNotification', BOOT[protocol]))[2]).toMatchObject({ status: 'Accepted' });
    await waitFor(async () => (await api.request('GET', `/api/v1/stations/${id}`)).body?.online === true, {
      timeoutMs: 15_000,
      message: `${id} online`,
    });
    return { id, station, received };
  }

  async function download(path: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
    const response = await fetch(`${api.url}${path}`, { headers: { 'x-api-key': api.keys.read } });
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  }

  async function uploadsOf(id: string): Promise<Json[]> {
    const page = await api.request('GET', `/api/v1/stations/${id}/uploads`, undefined, api.keys.read);
    expect(page.status).toBe(200);
    return (page.body as { items: Json[] }).items;
  }

  it('1.6 GetDiagnostics: Voltlane fills in its upload URL, the station POSTs multipart, the file is listed and downloads identical', async () => {
    const { id, station, received } = await bootedStation('ocpp1.6', { GetDiagnostics: { fileName: 'diag-2026.log' } });
    const sent = await api.request('POST', `/api/v1/stations/${id}/ocpp16/get-diagnostics`, {});
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ result: { fileName: 'diag-2026.log' } });
    const location = String(received.get('GetDiagnostics')?.location);
    expect(location).toMatch(new RegExp(`^${api.url}/files/uploads/[0-9a-f-]{36}/[A-Za-z0-9_-]{43}$`));

    expect((await station.call('DiagnosticsStatusNotification', { status: 'Uploading' }))[0]).toBe(3);
    const content = randomBytes(20_000);
    const form = new FormData();
    form.append('file', new Blob([content]), 'diag-2026.log');
    const upload = await fetch(location, { method: 'POST', body: form });
    expect(upload.status).toBe(201);
    expect(await upload.json()).toMatchObject({ fileName: 'diag-2026.log', size: content.length, sha256: sha256(content) });
    expect((await station.call('DiagnosticsStatusNotification', { status: 'Uploaded' }))[0]).toBe(3);

    await waitFor(async () => (await uploadsOf(id))[0]?.notifications?.length === 2, {
      timeoutMs: 15_000,
      message: 'notifications linked',
    });
    const [listed] = await uploadsOf(id);
    expect(listed).toMatchObject({
      kind: 'diagnostics',
      state: 'Received',
      requestStatus: 'Accepted',
      announcedFileName: 'diag-2026.log',
      file: { name: 'diag-2026.log', size: content.length, sha256: sha256(content) },
      notifications: [{ status: 'Uploading' }, { status: 'Uploaded' }],
    });
    const file = await download(String(listed?.file.contentUrl));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="diag-2026.log"');
    expect(sha256(file.body)).toBe(sha256(content));
    expect(file.body.equals(content)).toBe(true);

    // The token is spent: a second upload to the same URL is refused.
    expect((await fetch(location, { method: 'PUT', body: content })).status).toBe(409);
  });

  it('2.0.1 GetLog: the station PUTs the raw log under its file name; linked to the requestId and LogStatusNotifications', async () => {
    const { id, station, received } = await bootedStation('ocpp2.0.1', { GetLog: { status: 'Accepted', filename: 'security.log' } });
    const sent = await api.request('POST', `/api/v1/stations/${id}/ocpp/GetLog`, { requestId: 4711, logType: 'SecurityLog', log: {} });
    expect(sent.status).toBe(200);
    const request = received.get('GetLog') as Json;
    expect(request).toMatchObject({
      requestId: 4711,
      logType: 'SecurityLog',
      log: { remoteLocation: expect.stringMatching(/\/files\/uploads\//) },
    });

    const content = Buffer.from(
      Array.from({ length: 500 }, (_, i) => `2026-11-24T12:00:${String(i % 60).padStart(2, '0')}Z security event ${i}`).join('\n'),
    );
    expect((await station.call('LogStatusNotification', { status: 'Uploading', requestId: 4711 }))[0]).toBe(3);
    const upload = await fetch(`${request.log.remoteLocation}/security.log`, {
      method: 'PUT',
      body: content,
      headers: { 'content-type': 'text/plain' },
    });
    expect(upload.status).toBe(201);
    expect((await station.call('LogStatusNotification', { status: 'Uploaded', requestId: 4711 }))[0]).toBe(3);

    await waitFor(async () => (await uploadsOf(id))[0]?.notifications?.length === 2, {
      timeoutMs: 15_000,
      message: 'notifications linked',
    });
    const [listed] = await uploadsOf(id);
    expect(listed).toMatchObject({
      kind: 'log',
      requestId: 4711,
      state: 'Received',
      requestStatus: 'Accepted',
      file: { name: 'security.log', contentType: 'text/plain', size: content.length, sha256: sha256(content) },
      notifications: [{ status: 'Uploading' }, { status: 'Uploaded' }],
    });
    const file = await download(String(listed?.file.contentUrl));
    expect(file.body.equals(content)).toBe(true);
    expect((await api.request('GET', `/api/v1/stations/${id}/uploads?kind=diagnostics`)).body).toMatchObject({ items: [], total: 0 });
  });

  it('refuses uploads without a valid token, to unknown slots, too large or empty, and serves files only with a key', async () => {
    const { id, received } = await bootedStation('ocpp1.6', { GetDiagnostics: { fileName: 'refused.log' } });
    expect((await api.request('POST', `/api/v1/stations/${id}/ocpp/GetDiagnostics`, {})).status).toBe(200);
    const location = String(received.get('GetDiagnostics')?.location);
    const [base, token] = [location.slice(0, location.lastIndexOf('/')), location.slice(location.lastIndexOf('/') + 1)];
    const problemOf = async (response: Response) => ({
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as Json,
    });

    const wrongToken = await problemOf(await fetch(`${base}/${'A'.repeat(43)}`, { method: 'PUT', body: 'x' }));
    expect(wrongToken).toMatchObject({
      status: 403,
      type: expect.stringContaining('application/problem+json'),
      body: { detail: expect.stringMatching(/token/) },
    });
    expect((await fetch(`${base}/not-a-token`, { method: 'PUT', body: 'x' })).status).toBe(403);
    const unknown = `${api.url}/files/uploads/00000000-0000-4000-8000-000000000000/${token}`;
    expect((await fetch(unknown, { method: 'PUT', body: 'x' })).status).toBe(404);
    expect((await fetch(`${api.url}/files/uploads/..%2F..%2Fetc/${token}`, { method: 'PUT', body: 'x' })).status).toBe(404);

    // Declared too large: refused before reading; streamed (chunked, no length) too large: refused while streaming.
    const declared = await problemOf(await fetch(location, { method: 'PUT', body: randomBytes(MAX_UPLOAD_BYTES + 1) }));
    expect(declared).toMatchObject({ status: 413, body: { detail: expect.stringContaining(String(MAX_UPLOAD_BYTES)) } });
    const chunks = [randomBytes(40_000), randomBytes(40_000)];
    const streamed = await fetch(location, {
      method: 'PUT',
      body: new ReadableStream({
        pull: (controller) => {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
    expect((await fetch(location, { method: 'PUT', body: '' })).status).toBe(400);
    const noFile = new FormData();
    noFile.append('note', 'no file here');
    expect((await fetch(location, { method: 'POST', body: noFile })).status).toBe(400);

    const [listed] = await uploadsOf(id);
    expect(listed).toMatchObject({ state: 'Requested', file: null });
    expect((await download(`/api/v1/files/${String(listed?.id)}/content`)).status).toBe(404);
    // The refused attempts did not use up the slot: a proper upload still works.
    expect((await fetch(location, { method: 'PUT', body: 'finally' })).status).toBe(201);
    expect((await download(`/api/v1/files/${String(listed?.id)}/content`)).body.toString()).toBe('finally');
    expect((await fetch(`${api.url}/api/v1/files/${String(listed?.id)}/content`)).status).toBe(401);
  });

  it("of two uploads racing to one URL exactly one is stored, and the stored bytes are the winner's", async () => {
    const { id, received } = await bootedStation('ocpp1.6', { GetDiagnostics: { fileName: 'race.log' } });
    expect((await api.request('POST', `/api/v1/stations/${id}/ocpp/GetDiagnostics`, {})).status).toBe(200);
    const location = String(received.get('GetDiagnostics')?.location);
    const bodies = [randomBytes(30_000), randomBytes(30_000)];
    const statuses = await Promise.all(bodies.map(async (body) => (await fetch(location, { method: 'PUT', body })).status));
    expect([...statuses].sort()).toEqual([201, 409]);
    const winner = bodies[statuses.indexOf(201)] as Buffer;
    const [listed] = await uploadsOf(id);
    expect(listed?.file).toMatchObject({ size: winner.length, sha256: sha256(winner) });
    expect((await download(String(listed?.file.contentUrl))).body.equals(winner)).toBe(true);
  });

  it('firmware: upload through the API, UpdateFirmware by firmwareId, the station downloads identical bytes, the status flow ends Installed', async () => {
    const image = randomBytes(300_000);
    const uploaded = await fetch(`${api.url}/api/v1/firmware?name=VL-DC50&version=2.1.0&fileName=vl-dc50-2.1.0.bin`, {
      method: 'POST',
      body: image,
      headers: { 'x-api-key': api.keys.write, 'content-type': 'application/octet-stream' },
    });
    expect(uploaded.status).toBe(201);
    const firmware = (await uploaded.json()) as Json;
    expect(firmware).toMatchObject({
      name: 'VL-DC50',
      version: '2.1.0',
      fileName: 'vl-dc50-2.1.0.bin',
      size: image.length,
      sha256: sha256(image),
    });
    expect((await api.request('GET', `/api/v1/firmware/${String(firmware.id)}`, undefined, api.keys.read)).body).toMatchObject({
      id: firmware.id,
      sha256: sha256(image),
    });
    expect(((await api.request('GET', '/api/v1/firmware?limit=500')).body as { items: Json[] }).items.map((f): unknown => f.id)).toContain(
      firmware.id,
    );
    const readOnly = await fetch(`${api.url}/api/v1/firmware?name=x&version=1`, {
      method: 'POST',
      body: image,
      headers: { 'x-api-key': api.keys.read, 'content-type': 'application/octet-stream' },
    });
    expect(readOnly.status).toBe(403);
    const notOctets = await fetch(`${api.url}/api/v1/firmware?name=x&version=1`, {
      method: 'POST',
      body: 'x',
      headers: { 'x-api-key': api.keys.write, 'content-type': 'text/plain' },
    });
    expect(notOctets.status).toBe(415);

    const { id, station, received } = await bootedStation('ocpp2.0.1', { UpdateFirmware: { status: 'Accepted' } });
    const before = Date.now();
    const sent = await api.request('POST', `/api/v1/stations/${id}/ocpp201/update-firmware`, { requestId: 31, firmwareId: firmware.id });
    expect(sent.status).toBe(200);
    const request = received.get('UpdateFirmware') as Json;
    expect(request.firmwareId).toBeUndefined();
    expect(request.firmware.location).toBe(`${api.url}${String(firmware.downloadPath)}`);
    expect(Date.parse(request.firmware.retrieveDateTime)).toBeGreaterThanOrEqual(before - 1_000);

    // The station downloads without an API key; a wrong token gets nothing.
    const location = String(request.firmware.location);
    expect((await fetch(location.replace(/\/[A-Za-z0-9_-]{43}\//, `/${'B'.repeat(43)}/`))).status).toBe(403);
    const statuses = ['Downloading', 'Downloaded', 'Installing', 'Installed'];
    expect((await station.call('FirmwareStatusNotification', { status: statuses[0], requestId: 31 }))[0]).toBe(3);
    const downloaded = await fetch(location);
    expect(downloaded.status).toBe(200);
    const bytes = Buffer.from(await downloaded.arrayBuffer());
    expect(bytes.equals(image)).toBe(true);
    for (const status of statuses.slice(1))
      expect((await station.call('FirmwareStatusNotification', { status, requestId: 31 }))[0]).toBe(3);

    await waitFor(async () => (await api.request('GET', `/api/v1/stations/${id}/firmware/status`)).body?.status === 'Installed', {
      timeoutMs: 15_000,
      message: 'Installed',
    });
    await waitFor(async () => (await api.request('GET', `/api/v1/stations/${id}/firmware/status`)).body?.request !== null, {
      timeoutMs: 15_000,
      message: 'request recorded',
    });
    const status = (await api.request('GET', `/api/v1/stations/${id}/firmware/status`, undefined, api.keys.read)).body as Json;
    expect(status).toMatchObject({
      stationId: id,
      status: 'Installed',
      finished: true,
      request: { action: 'UpdateFirmware', requestId: 31, firmwareId: firmware.id, status: 'Accepted' },
    });
    expect((status.flow as Json[]).map((s): unknown => s.status)).toEqual(statuses);
  });

  it(`a simulator process (npm run simulate, ${SIMULATOR_PROTOCOL[store]}) really uploads its ${store === 'local' ? 'diagnostics' : 'log'} and downloads and installs firmware`, async () => {
    const protocol = SIMULATOR_PROTOCOL[store];
    const prefix = uniqueName('sim').replace(/_/g, '-').slice(-24);
    const id = `${prefix}-1`;
    await harness.addStation(id);
    const url = harness.stationUrl('x').replace(/\/x$/, '');
    const args = [
      'apps/simulator/src/main.ts',
      '--url',
      url,
      '--stations',
      '1',
      '--protocol',
      protocol,
      '--id-prefix',
      prefix,
      '--password',
      STATION_PASSWORD,
      '--security-profile',
      '1',
      '--session-share',
      '0',
      '--quiet',
    ];
    const simulator = spawn(resolve(ROOT, 'node_modules/.bin/tsx'), args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    simulator.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((done) => simulator.once('exit', () => done()));
    try {
      // Online (its connection) comes before its boot is Accepted, and a command to a station still booting is refused (409).
      await waitFor(
        async () => {
          const station = (await api.request('GET', `/api/v1/stations/${id}`)).body;
          return station?.online === true && station?.bootStatus === 'Accepted';
        },
        { timeoutMs: 60_000, message: `simulated ${id} online and booted; stderr: ${stderr}` },
      );
      const kind = protocol === 'ocpp1.6' ? 'diagnostics' : 'log';
      const sent =
        protocol === 'ocpp1.6'
          ? await api.request('POST', `/api/v1/stations/${id}/ocpp16/get-diagnostics`, {})
          : await api.request('POST', `/api/v1/stations/${id}/ocpp201/get-log`, { requestId: 12, logType: 'DiagnosticsLog', log: {} });
      expect(sent.status).toBe(200);
      await waitFor(async () => (await uploadsOf(id))[0]?.notifications?.some((n: Json) => n.status === 'Uploaded') === true, {
        timeoutMs: 20_000,
        message: 'Uploaded',
      });
      const [listed] = await uploadsOf(id);
      expect(listed).toMatchObject({
        kind,
        state: 'Received',
        requestStatus: 'Accepted',
        notifications: [{ status: 'Uploading' }, { status: 'Uploaded' }],
      });
      expect(listed?.file.name).toBe(listed?.announcedFileName);
      const file = await download(String(listed?.file.contentUrl));
      expect(file.body.toString()).toContain(`of simulated station ${id}`);
      expect(sha256(file.body)).toBe(listed?.file.sha256);

      const image = randomBytes(100_000);
      const uploaded = await fetch(`${api.url}/api/v1/firmware?name=sim&version=9.9.9`, {
        method: 'POST',
        body: image,
        headers: { 'x-api-key': api.keys.write, 'content-type': 'application/octet-stream' },
      });
      const firmwareId = ((await uploaded.json()) as Json).id as string;
      const update =
        protocol === 'ocpp1.6'
          ? await api.request('POST', `/api/v1/stations/${id}/ocpp16/update-firmware`, { firmwareId })
          : await api.request('POST', `/api/v1/stations/${id}/ocpp201/update-firmware`, { requestId: 13, firmwareId });
      expect(update.status).toBe(200);
      await waitFor(async () => (await api.request('GET', `/api/v1/stations/${id}/firmware/status`)).body?.finished === true, {
        timeoutMs: 20_000,
        message: 'firmware flow finished',
      });
      await waitFor(async () => (await api.request('GET', `/api/v1/stations/${id}/firmware/status`)).body?.request !== null, {
        timeoutMs: 15_000,
        message: 'request recorded',
      });
      const status = (await api.request('GET', `/api/v1/stations/${id}/firmware/status`)).body as Json;
      expect(status).toMatchObject({ status: 'Installed', finished: true, request: { firmwareId } });
      expect((status.flow as Json[]).map((s): unknown => s.status).filter((s) => s !== 'Idle')).toEqual([
        'Downloading',
        'Downloaded',
        'Installing',
        'Installed',
      ]);
    } finally {
      simulator.kill('SIGTERM');
      await exited;
    }
  }, 120_000);

  it('UpdateFirmware with an unknown firmwareId is a 404 and reaches no station', async () => {
    const { id, received } = await bootedStation('ocpp1.6', {});
    const answer = await api.request('POST', `/api/v1/stations/${id}/ocpp16/update-firmware`, {
      firmwareId: '00000000-0000-4000-8000-000000000000',
    });
    expect(answer.status).toBe(404);
    expect((await api.request('POST', `/api/v1/stations/${id}/ocpp16/update-firmware`, { firmwareId: 'nope' })).status).toBe(400);
    expect(received.has('UpdateFirmware')).toBe(false);
  });
});
