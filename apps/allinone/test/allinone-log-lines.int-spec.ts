// The all-in-one's log lines (issue #19 part 4): one `app` per process, every key once (its lines
// had "app" twice: the process's and a child logger's), the access log and security events of the
// operator API, and the station's address behind a trusted proxy.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@voltlane/telemetry';
import { LogLines, TestStation, infraEnv, uniqueName, waitFor } from '@voltlane/testing';
import { loadAllInOneConfig } from '../src/allinone-config';
import { startAllInOne, type RunningAllInOne } from '../src/allinone';

const SCHEMAS = ['STATION', 'SESSION', 'METERING', 'CUSTOMER', 'BILLING', 'REPORT', 'ENERGY', 'OCPI'].map((s) => `${s}_SERVICE_DB_SCHEMA`);

describe('all-in-one log lines', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'voltlane-aio-logs-'));
  const logs = new LogLines();
  let running: RunningAllInOne;

  beforeAll(async () => {
    const config = loadAllInOneConfig({
      VOLTLANE_DATA_DIR: dataDir,
      // The test server, in schemas of this suite's own, instead of an embedded PostgreSQL.
      VOLTLANE_DATABASE_URL: infraEnv().databaseUrl,
      ...Object.fromEntries([...SCHEMAS, 'API_KEYS_DB_SCHEMA', 'DEAD_LETTERS_DB_SCHEMA'].map((v) => [v, uniqueName('aio_logs')])),
      OCPP_PORT: '0',
      API_PORT: '0',
      TRUSTED_PROXIES: '127.0.0.1',
    });
    running = await startAllInOne(config, createLogger('voltlane', 'info', logs));
  }, 120_000);
  afterAll(async () => {
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes each key once, app "voltlane" on every line, with the part that wrote it', async () => {
    const id = uniqueName('cs');
    const station = await TestStation.connect(`ws://127.0.0.1:${running.ocppPort}/ocpp/${id}`, ['ocpp1.6'], {
      headers: { 'X-Forwarded-For': '198.51.100.23' },
    });
    expect((await station.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }))[0]).toBe(3);
    await station.close();
    const api = running.api.url;
    expect((await fetch(`${api}/api/v1/stations`)).status).toBe(401);
    expect((await fetch(`${api}/api/v1/stations`, { headers: { 'x-api-key': running.createdAdminKey! } })).status).toBe(200);
    await waitFor(() => logs.lines.filter((l) => l.event === 'http.request').length >= 2, { message: 'access lines' });

    const lines = logs.lines; // throws on a line with a duplicate key
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter((l) => l.app !== 'voltlane')).toEqual([]);
    expect(lines.some((l) => l.service === 'station-service')).toBe(true);
    expect(lines.find((l) => l.stationId === id && l.msg === 'station connected')).toMatchObject({
      component: 'ocpp-gateway',
      clientAddress: '198.51.100.23',
      peerAddress: '127.0.0.1',
    });
    expect(lines.find((l) => l.event === 'security.auth_failed')).toMatchObject({ component: 'http', status: 401, reason: 'no API key' });
    expect(lines.filter((l) => l.event === 'http.request').map((l) => [l.route, l.status, typeof l.keyId])).toEqual([
      ['/api/v1/stations', 401, 'undefined'],
      ['/api/v1/stations', 200, 'string'],
    ]);
  });
});
