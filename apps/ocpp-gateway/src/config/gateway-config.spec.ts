import { loadGatewayConfig } from './gateway-config';

describe('loadGatewayConfig', () => {
  it('has working defaults', () => {
    const config = loadGatewayConfig({});
    expect(config.listeners).toEqual([{ port: 9000, host: '0.0.0.0', securityProfile: 1 }]);
    expect(config.protocols).toEqual(['ocpp2.1', 'ocpp2.0.1', 'ocpp1.6']);
    expect(config.pathPrefixes).toEqual(['/ocpp']);
    expect(config.allowUnknownStations).toBe(false);
    expect(config.topics.inbound).toBe('ocpp.inbound.v1');
  });

  it.each([
    [{ OCPP_PORT: 'abc' }, /OCPP_PORT must be an integer/],
    [{ OCPP_SECURITY_PROFILE: '4' }, /OCPP_SECURITY_PROFILE must be <= 3/],
    [{ OCPP_SECURITY_PROFILE: '2' }, /OCPP_TLS_CERT_FILE is required[\s\S]*OCPP_TLS_KEY_FILE is required/],
    [{ OCPP_PROTOCOLS: 'ocpp1.6,ocpp3' }, /OCPP_PROTOCOLS has unknown value\(s\) ocpp3/],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL must use redis or rediss/],
  ])('fails fast naming the variable: %p', (env, message) => {
    expect(() => loadGatewayConfig(env)).toThrow(message);
  });

  it('normalises path prefixes', () => {
    expect(loadGatewayConfig({ OCPP_PATH_PREFIXES: 'ocpp/, /cs/ws/' }).pathPrefixes).toEqual(['/ocpp', '/cs/ws']);
  });
});
