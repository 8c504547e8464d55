import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createLogger } from '@voltlane/telemetry';
import { TestStation, infraEnv, parseExposition, sampleValue, uniqueName, waitFor } from '@voltlane/testing';
import { loadAllInOneConfig } from '../src/allinone-config';
import { startAllInOne, type RunningAllInOne } from '../src/allinone';

const SERVICES = ['station', 'customer', 'session', 'metering', 'billing', 'report', 'energy', 'ocpi'];

/**
 * The all-in-one's one /metrics (on its API port): the gateway's metrics beside every service's,
 * in one registry, each family once. Started in this process on the real PostgreSQL of
 * DATABASE_URL (unique schemas) instead of the embedded one.
 */
describe('all-in-one /metrics', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'voltlane-aio-metrics-'));
  const databaseUrl = infraEnv().databaseUrl;
  const schemas: Record<string, string> = {
    ...Object.fromEntries(SERVICES.map((s) => [`${s.toUpperCase()}_SERVICE_DB_SCHEMA`, uniqueName(s)])),
    API_KEYS_DB_SCHEMA: uniqueName('iam'),
    DEAD_LETTERS_DB_SCHEMA: uniqueName('ops'),
  };
  let running: RunningAllInOne;

  beforeAll(async () => {
    const config = loadAllInOneConfig({
      VOLTLANE_DATA_DIR: dataDir,
      VOLTLANE_DATABASE_URL: databaseUrl,
      OCPP_PORT: '0',
      API_PORT: '0',
      GATEWAY_DRAIN_WINDOW_MS: '0',
      GATEWAY_DRAIN_REPLY_GRACE_MS: '0',
      ...schemas,
    });
    running = await startAllInOne(config, createLogger('allinone-metrics', process.env.TEST_LOG_LEVEL ?? 'silent'));
  }, 120_000);
  afterAll(async () => {
    await running?.stop();
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    for (const schema of Object.values(schemas)) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves the gateway's metrics beside the services', each family declared once", async () => {
    const id = uniqueName('aio-metrics');
    const station = await TestStation.connect(`ws://127.0.0.1:${running.ocppPort}/ocpp/${id}`, ['ocpp2.0.1']);
    try {
      const boot = await station.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } });
      expect(boot[2]).toMatchObject({ status: 'Accepted' });
      let text = '';
      await waitFor(
        async () => {
          text = await (await fetch(`${running.api.url}/metrics`)).text();
          return (
            sampleValue(text, 'voltlane_service_calls_total', {
              service: 'station-service',
              action: 'BootNotification',
              outcome: 'result',
            }) === 1
          );
        },
        { message: 'the BootNotification counted' },
      );
      const metrics = parseExposition(text);
      expect(sampleValue(metrics, 'voltlane_gateway_connected_stations', { protocol: 'ocpp2.0.1', app: 'voltlane' })).toBe(1);
      expect(sampleValue(metrics, 'voltlane_gateway_calls_total', { action: 'BootNotification' })).toBe(1);
      expect(sampleValue(metrics, 'voltlane_gateway_call_duration_seconds_count', { action: 'BootNotification', outcome: 'result' })).toBe(
        1,
      );
      expect(sampleValue(metrics, 'voltlane_gateway_ready', { check: 'listening' })).toBe(1);
      for (const service of SERVICES)
        expect(sampleValue(metrics, 'voltlane_db_pool_max_connections', { pool: `${service}-service` })).toBeGreaterThan(0);
      expect(sampleValue(metrics, 'voltlane_db_pool_max_connections', { pool: 'dead-letters' })).toBeGreaterThan(0);
      expect(metrics.declared.has('voltlane_billing_cdrs_published_total')).toBe(true);
      expect(metrics.declared.has('voltlane_outbox_pending_records')).toBe(true);
      // In-process bus and stores: no Kafka producer, no Redis.
      expect([...metrics.declared.keys()].filter((n) => /^voltlane_(kafka|redis)_/.test(n))).toEqual([]);
      const types = text.split('\n').filter((line) => line.startsWith('# TYPE '));
      expect(types.length).toBe(new Set(types).size);
      expect(types.filter((line) => line.startsWith('# TYPE process_cpu_seconds_total '))).toHaveLength(1);
    } finally {
      await station.close();
    }
  });
});
