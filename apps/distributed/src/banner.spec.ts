import { banner } from './banner';
import type { RunningDistributed } from './start-distributed';

function running(overrides: Partial<RunningDistributed> = {}): RunningDistributed {
  return {
    gatewayUrl: 'ws://127.0.0.1:9000/ocpp',
    apiUrl: 'http://127.0.0.1:8080',
    securityProfiles: [0],
    adminKey: { key: 'vl_0123456789ab_secretsecretsecretsecretsecretsecret', source: 'created', file: '/state/admin-api-key' },
    apps: [
      { name: 'ocpp-gateway', pid: 101, opsUrl: 'http://127.0.0.1:9100' },
      { name: 'station-service', pid: 102, opsUrl: 'http://127.0.0.1:8081' },
    ],
    servers: { KAFKA_BROKERS: '127.0.0.1:39092', DATABASE_URL: 'postgres://voltlane:hunter2@127.0.0.1:35432/voltlane' },
    ranInfraSh: true,
    ended: new Promise(() => undefined),
    stop: () => Promise.reject(new Error('not here')),
    kill: () => undefined,
    ...overrides,
  };
}

describe('the banner of start:distributed', () => {
  it('lists the OCPP and API URLs, the key, the servers (no password) and every app with its pid and ops URLs', () => {
    const text = banner(running(), 200);
    expect(text).toContain('OCPP:  ws://127.0.0.1:9000/ocpp/<station-id>   (security profile 0)');
    expect(text).toContain('API:   http://127.0.0.1:8080/api/v1   docs: http://127.0.0.1:8080/docs');
    expect(text).toContain('Console: http://127.0.0.1:8080/   (served by the api-edge');
    expect(text).toContain('Admin API key (made on this start; kept in /state/admin-api-key):\n    vl_0123456789ab_secret');
    expect(text).toContain('DATABASE_URL=postgres://voltlane:***@127.0.0.1:35432/voltlane');
    expect(text).not.toContain('hunter2');
    expect(text).toContain('npm run infra -- down');
    expect(text).toContain('    ocpp-gateway     pid 101      http://127.0.0.1:9100/metrics  http://127.0.0.1:9100/health/ready');
    expect(text).not.toContain('(!)');
  });

  it('says so when the API refuses the key, and never shows a key from the environment', () => {
    expect(banner(running({ adminKey: { key: 'vl_x', source: 'file', file: '/state/admin-api-key' } }), 401)).toContain(
      '(!) the operator API answers this key with 401',
    );
    const fromEnv = banner(running({ adminKey: { key: 'vl_0123456789ab_fromtheenvironment000000000000', source: 'env' } }), 200);
    expect(fromEnv).toContain('Admin API key: the one in API_BOOTSTRAP_ADMIN_KEY');
    expect(fromEnv).not.toContain('fromtheenvironment');
  });
});
