import { ConfigError } from '@voltlane/config';
import { APP_NAMES, planStack, type PlanInput } from './app-plan';
import { loadDistributedConfig } from './distributed-config';

const KEY = 'vl_0123456789ab_abcdefghijklmnopqrstuvwxyz0123456789AB';

function plan(env: Record<string, string | undefined> = {}, extra: Partial<PlanInput> = {}) {
  return planStack({ env, config: loadDistributedConfig({ VOLTLANE_DISTRIBUTED_DIR: '/state', ...env }), adminKey: KEY, ...extra });
}

describe('planStack', () => {
  it('on defaults: the gateway on 9000 (ops 9100), the api-edge on 8080, the services on 8081–8088, all on loopback', () => {
    const stack = plan();
    expect(stack.apps.map((a) => a.name)).toEqual(APP_NAMES);
    expect(stack.gatewayUrl).toBe('ws://127.0.0.1:9000/ocpp');
    expect(stack.apiUrl).toBe('http://127.0.0.1:8080');
    expect(stack.securityProfiles).toEqual([0]);
    expect(Object.fromEntries(stack.apps.map((a) => [a.name, a.opsUrl]))).toEqual({
      'ocpp-gateway': 'http://127.0.0.1:9100',
      'station-service': 'http://127.0.0.1:8081',
      'customer-service': 'http://127.0.0.1:8082',
      'session-service': 'http://127.0.0.1:8083',
      'metering-service': 'http://127.0.0.1:8084',
      'billing-service': 'http://127.0.0.1:8085',
      'report-service': 'http://127.0.0.1:8086',
      'energy-service': 'http://127.0.0.1:8087',
      'ocpi-service': 'http://127.0.0.1:8088',
      'api-edge': 'http://127.0.0.1:8080',
    });
    for (const app of stack.apps)
      expect(app.env).toMatchObject({ OCPP_HOST: '127.0.0.1', API_HOST: '127.0.0.1', KAFKA_CREATE_TOPICS: 'false' });
  });

  it('gives each service its port and the admin key, the edge its upstreams; only services get the key', () => {
    const stack = plan();
    const byName = Object.fromEntries(stack.apps.map((a) => [a.name, a]));
    expect(byName['session-service'].env).toMatchObject({ API_PORT: '8083', API_BOOTSTRAP_ADMIN_KEY: KEY });
    expect(byName['session-service'].migrate).toBe('apps/session-service/src/migrate.js');
    expect(byName['station-service'].env).toMatchObject({ FILES_LOCAL_DIR: '/state/files', FILES_PUBLIC_URL: 'http://127.0.0.1:8081' });
    expect(byName['api-edge'].env.API_EDGE_UPSTREAMS).toBe(
      'station=http://127.0.0.1:8081,customer=http://127.0.0.1:8082,session=http://127.0.0.1:8083,' +
        'metering=http://127.0.0.1:8084,billing=http://127.0.0.1:8085,report=http://127.0.0.1:8086,energy=http://127.0.0.1:8087,' +
        'ocpi=http://127.0.0.1:8088',
    );
    // OCPI partners reach the ocpi-service through the api-edge.
    expect(byName['ocpi-service'].env.OCPI_SERVICE_PUBLIC_URL).toBe('http://127.0.0.1:8080');
    // The customer-service asks the ocpi-service about roaming tokens in real time, with the admin key.
    expect(byName['customer-service'].env).toMatchObject({
      CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_URL: 'http://127.0.0.1:8088',
      CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_API_KEY: KEY,
    });
    expect(byName['api-edge'].env.API_BOOTSTRAP_ADMIN_KEY).toBeUndefined();
    expect(byName['ocpp-gateway'].env.API_BOOTSTRAP_ADMIN_KEY).toBeUndefined();
    expect(byName['ocpp-gateway'].migrate).toBeUndefined();
  });

  it('takes ports from the environment, then from the caller; the caller’s env over the defaults, appEnv over all', () => {
    const stack = plan(
      { OCPP_PORT: '9500', GATEWAY_OPS_PORT: '9600', API_PORT: '7000', VOLTLANE_BILLING_SERVICE_PORT: '7005', OCPP_SECURITY_PROFILE: '1' },
      { ports: { api: 7100, services: { report: 7106 } }, appEnv: { 'ocpp-gateway': { OTEL_SERVICE_NAME: 'gw-under-test' } } },
    );
    const byName = Object.fromEntries(stack.apps.map((a) => [a.name, a]));
    expect(stack.gatewayUrl).toBe('ws://127.0.0.1:9500/ocpp');
    expect(stack.securityProfiles).toEqual([1]);
    expect(byName['ocpp-gateway'].opsUrl).toBe('http://127.0.0.1:9600');
    expect(byName['ocpp-gateway'].env.OTEL_SERVICE_NAME).toBe('gw-under-test');
    expect(byName['billing-service'].opsUrl).toBe('http://127.0.0.1:7005');
    expect(byName['billing-service'].env.OTEL_SERVICE_NAME).toBeUndefined();
    expect(byName['report-service'].env.API_PORT).toBe('7106');
    expect(stack.apiUrl).toBe('http://127.0.0.1:7100');
    expect(byName['api-edge'].env.API_EDGE_UPSTREAMS).toContain('report=http://127.0.0.1:7106');
    expect(byName['ocpi-service'].env.OCPI_SERVICE_PUBLIC_URL).toBe('http://127.0.0.1:7100');
    const own = plan({ OCPI_SERVICE_PUBLIC_URL: 'https://ocpi.example.com' });
    expect(own.apps.find((a) => a.name === 'ocpi-service')?.env.OCPI_SERVICE_PUBLIC_URL).toBe('https://ocpi.example.com');
  });

  it.each([
    { env: { OCPP_PORT: '0' }, error: /OCPP_PORT must be a fixed port/ },
    { env: { GATEWAY_OPS_PORT: '-1' }, error: /GATEWAY_OPS_PORT must be a fixed port/ },
    { env: { API_PORT: '8083' }, error: /VOLTLANE_SESSION_SERVICE_PORT is 8083, the port of API_PORT as well/ },
    { env: { OCPP_SECURITY_PROFILE: '7' }, error: /OCPP_SECURITY_PROFILE/ },
    { env: { API_EDGE_TIMEOUT_MS: 'soon' }, error: /API_EDGE_TIMEOUT_MS/ },
  ])('a bad setting fails naming its variable: $env', ({ env, error }) => {
    expect(() => plan(env)).toThrow(ConfigError);
    expect(() => plan(env)).toThrow(error);
  });
});
