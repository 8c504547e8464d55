import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CustomerServiceHandle } from '@voltlane/customer-service';
import type { SessionServiceHandle } from '@voltlane/session-service';
import {
  PROMETHEUS_METRICS,
  exportsMetric,
  parseExposition,
  referencedMetrics,
  sampleValue,
  uniqueName,
  waitFor,
  type Exposition,
} from '@voltlane/testing';
import { EDGE_ORDER, StackHarness, type ServiceName } from './stack-harness';

const OPERATIONS = readFileSync(resolve(__dirname, '../../../docs/operations.md'), 'utf8');
const TAG = 'METRICS-0001';

/**
 * The alerts and dashboards of the Helm chart (helm/voltlane/monitoring) name only metrics the
 * processes really export: the distributed stack (the gateway and every service on Kafka, Redis and
 * PostgreSQL, each service's HTTP API as runServiceProcess serves it, the api-edge) gets station
 * traffic, a CDR, a CALLERROR and a dead letter, then every component's /metrics is scraped.
 */
describe('monitoring: the metrics the alerts and dashboards use are exported (e2e)', () => {
  let harness: StackHarness;
  const scrapes = new Map<string, Exposition>();

  beforeAll(async () => {
    harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'metering', 'billing', 'report', 'energy', 'ocpi'],
      api: 'edge',
      serviceEnv: { STATION_SERVICE_UNKNOWN_STATIONS: 'accept' },
    });
    const tokens = (harness.service('customer') as CustomerServiceHandle).tokens;
    const token = await tokens.createToken({
      idToken: TAG,
      type: 'ISO14443',
      customerId: (await tokens.createCustomer({ name: 'Metrics' })).id,
    });
    await waitFor(async () => (await (harness.service('session') as SessionServiceHandle).tokens.find(token.key)) !== null, {
      timeoutMs: 20_000,
      message: 'token in the session-service',
    });
  }, 120_000);
  afterAll(() => harness?.stop());

  async function scrapeAll(): Promise<void> {
    const endpoints: [string, string][] = [
      ['ocpp-gateway', `http://127.0.0.1:${String(harness.gateway.opsPort)}/metrics`],
      ['api-edge', `${harness.edge?.url}/metrics`],
      ...EDGE_ORDER.map((name: ServiceName): [string, string] => [`${name}-service`, `${harness.serviceApiUrls[name]}/metrics`]),
    ];
    for (const [component, url] of endpoints) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      scrapes.set(component, parseExposition(await response.text()));
    }
  }
  const value = (component: string, name: string, labels: Record<string, string> = {}) =>
    sampleValue(scrapes.get(component) as Exposition, name, labels);

  it('after station traffic, a CDR, a CALLERROR and a dead letter, serves every metric the chart uses', async () => {
    const id = uniqueName('metrics');
    const station = await harness.connect(id, 'ocpp1.6', { bootStatus: 'Accepted' });
    expect((await station.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Metrics' }))[2]).toMatchObject({
      status: 'Accepted',
    });
    const started = await station.call('StartTransaction', {
      connectorId: 1,
      idTag: TAG,
      meterStart: 1_000,
      timestamp: new Date(Date.now() - 600_000).toISOString(),
    });
    const { transactionId } = started[2] as { transactionId: number };
    await station.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '1500' }] }],
    });
    expect(
      (await station.call('StopTransaction', { transactionId, meterStop: 2_000, timestamp: new Date().toISOString(), reason: 'Local' }))[0],
    ).toBe(3);
    await harness.waitForRecord('BillingCdrs', (m) => m.key === id, 30_000);
    // A CALL of an action outside the catalog: the gateway's own CALLERROR.
    expect((await station.call('NoSuchAction', {}))[2]).toBe('NotImplemented');
    // A value no column holds: answered at once, parked as a dead letter.
    await station.call('StartTransaction', { connectorId: 2147483648, idTag: TAG, meterStart: 5, timestamp: new Date().toISOString() });
    // An operator API request through the edge.
    expect((await harness.api.request('GET', '/api/v1/stations?limit=5')).status).toBe(200);

    await waitFor(
      async () => {
        await scrapeAll();
        return (
          (value('billing-service', 'voltlane_billing_cdrs_published_total') ?? 0) >= 1 &&
          (value('session-service', 'voltlane_dead_letters_open') ?? 0) >= 1
        );
      },
      { timeoutMs: 30_000, message: 'the CDR and the dead letter in the metrics' },
    );

    const missing = [...referencedMetrics()]
      .filter(([name]) => !PROMETHEUS_METRICS.has(name))
      .filter(([name]) => ![...scrapes.values()].some((exposition) => exportsMetric(exposition, name)))
      .map(([name, sources]) => `${name} (used by ${sources.join('; ')})`);
    expect(missing).toEqual([]);
  });

  it('reports what happened with the values it happened with', () => {
    expect(value('ocpp-gateway', 'voltlane_gateway_call_errors_total', { action: 'unknown', code: 'NotImplemented' })).toBe(1);
    expect(value('ocpp-gateway', 'voltlane_gateway_ready', { check: 'kafka' })).toBe(1);
    expect(value('ocpp-gateway', 'voltlane_redis_up', { client: 'registry' })).toBe(1);
    // Boot, Start, MeterValues, Stop and the bad Start; the unknown action never reached Kafka.
    expect(value('ocpp-gateway', 'voltlane_kafka_produced_records_total', { topic: harness.topics.OcppInbound })).toBe(5);
    expect(value('billing-service', 'voltlane_billing_cdrs_issued_total')).toBe(1);
    expect(value('billing-service', 'voltlane_billing_cdrs_unpublished')).toBe(0);
    expect(value('billing-service', 'voltlane_kafka_produced_records_total', { topic: harness.topics.BillingCdrs })).toBeGreaterThanOrEqual(
      1,
    );
    // billing answers no CALL: its lag comes from its topic consumers (sessions.lifecycle.v1 among them).
    expect(value('billing-service', 'voltlane_kafka_consumer_lag', { topic: harness.topics.SessionLifecycle })).toBeDefined();
    expect(value('session-service', 'voltlane_service_calls_total', { action: 'StartTransaction', outcome: 'refused' })).toBe(1);
    expect(value('session-service', 'voltlane_outbox_pending_records')).toBe(0);
    for (const name of EDGE_ORDER) {
      const component = `${name}-service`;
      expect(value(component, 'voltlane_db_pool_max_connections', { pool: component })).toBeGreaterThan(0);
      expect(value(component, 'voltlane_redis_up', { client: 'registry' })).toBe(1);
      expect(value(component, 'voltlane_kafka_producer_batch_in_flight_seconds')).toBe(0);
    }
    expect(value('station-service', 'voltlane_http_request_duration_seconds_count')).toBeGreaterThanOrEqual(1);
  });

  it('documents every Voltlane metric a process exports in docs/operations.md', () => {
    const exported = new Set([...scrapes.values()].flatMap((e) => [...e.declared.keys()]).filter((n) => n.startsWith('voltlane_')));
    expect([...exported].filter((name) => !OPERATIONS.includes(`\`${name}`))).toEqual([]);
  });
});
