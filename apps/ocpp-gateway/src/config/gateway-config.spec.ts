import { OCPP_TLS12_CIPHERS, loadGatewayConfig } from './gateway-config';

describe('loadGatewayConfig', () => {
  it('has working defaults', () => {
    const config = loadGatewayConfig({});
    expect(config.listeners).toEqual([{ port: 9000, host: '0.0.0.0', securityProfiles: [1], proxyProtocol: false }]);
    expect(config.trustedProxies.any).toBe(false);
    expect(config.protocols).toEqual(['ocpp2.1', 'ocpp2.0.1', 'ocpp1.6']);
    expect(config.pathPrefixes).toEqual(['/ocpp']);
    expect(config.allowUnknownStations).toBe(false);
    expect(config.topics.inbound).toBe('ocpp.inbound.v1');
    expect(config.handshakeTimeoutMs).toBe(10_000);
    expect(config.maxJsonDepth).toBe(64);
    expect(config.authFailureLimit).toEqual({ windowMs: 300_000, maxPerIdentity: 10, maxPerAddress: 100 });
    expect(config.topics.frames).toBe('ocpp.frames.v1');
    expect(config.messageLog).toEqual({
      enabled: true,
      flushMs: 200,
      batchBytes: 262_144,
      maxBufferBytes: 8_388_608,
      maxFrameBytes: 65_536,
    });
    expect(loadGatewayConfig({ GATEWAY_MESSAGE_LOG: 'off', TOPIC_SUFFIX: '_t1' })).toMatchObject({
      messageLog: { enabled: false },
      topics: { frames: 'ocpp.frames.v1_t1' },
    });
  });

  it.each([
    [{ OCPP_PORT: 'abc' }, /OCPP_PORT must be an integer/],
    [{ OCPP_SECURITY_PROFILE: '4' }, /OCPP_SECURITY_PROFILE must be a profile 0–3/],
    [{ OCPP_SECURITY_PROFILE: 'two' }, /OCPP_SECURITY_PROFILE must be a profile 0–3/],
    [{ OCPP_SECURITY_PROFILE: '1,2' }, /OCPP_SECURITY_PROFILE can combine only profiles 2 and 3/],
    [{ OCPP_SECURITY_PROFILE: '2' }, /OCPP_TLS_CERT_FILE is required[\s\S]*OCPP_TLS_KEY_FILE is required/],
    [{ OCPP_SECURITY_PROFILE: '2,3', OCPP_TLS_CERT_FILE: 'a.pem', OCPP_TLS_KEY_FILE: 'a.key' }, /OCPP_TLS_CA_FILE is required/],
    [
      { OCPP_SECURITY_PROFILE: '2', OCPP_TLS_CERT_FILE: 'rsa.pem,ec.pem', OCPP_TLS_KEY_FILE: 'rsa.key' },
      /OCPP_TLS_KEY_FILE must name one key per certificate chain in OCPP_TLS_CERT_FILE \(2 chains, 1 keys\)/,
    ],
    [
      { OCPP_SECURITY_PROFILE: '2', OCPP_TLS_CERT_FILE: 'a.pem', OCPP_TLS_KEY_FILE: 'a.key', OCPP_TLS_RELOAD_INTERVAL_MS: '-1' },
      /OCPP_TLS_RELOAD_INTERVAL_MS must be >= 0/,
    ],
    [{ OCPP_PROTOCOLS: 'ocpp1.6,ocpp3' }, /OCPP_PROTOCOLS has unknown value\(s\) ocpp3/],
    [{ OCPP_SECURITY_PROFILE: '1', OCPP_TLS_RELOAD_INTERVAL_MS: 'often' }, /OCPP_TLS_RELOAD_INTERVAL_MS must be an integer/],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL must use redis or rediss/],
    [{ OCPP_HANDSHAKE_TIMEOUT_MS: '10s' }, /OCPP_HANDSHAKE_TIMEOUT_MS must be an integer/],
    [{ GATEWAY_MAX_BUFFERED_BYTES: '10' }, /GATEWAY_MAX_BUFFERED_BYTES must be >= 1024/],
    [{ GATEWAY_MAX_JSON_DEPTH: '2' }, /GATEWAY_MAX_JSON_DEPTH must be >= 4/],
    [{ GATEWAY_MESSAGE_LOG: 'yes' }, /GATEWAY_MESSAGE_LOG must be one of on, off/],
    [{ GATEWAY_MESSAGE_LOG_FLUSH_MS: '0' }, /GATEWAY_MESSAGE_LOG_FLUSH_MS must be >= 10/],
    [
      { GATEWAY_MESSAGE_LOG_BATCH_BYTES: '8192', GATEWAY_MESSAGE_LOG_MAX_FRAME_BYTES: '16384' },
      /GATEWAY_MESSAGE_LOG_MAX_FRAME_BYTES must not exceed GATEWAY_MESSAGE_LOG_BATCH_BYTES/,
    ],
    [
      { GATEWAY_MESSAGE_LOG_MAX_BUFFER_BYTES: '131072' },
      /GATEWAY_MESSAGE_LOG_MAX_BUFFER_BYTES must be at least GATEWAY_MESSAGE_LOG_BATCH_BYTES/,
    ],
    [{ GATEWAY_AUTH_FAILURE_WINDOW_MS: '0' }, /GATEWAY_AUTH_FAILURE_WINDOW_MS must be >= 1000/],
    [{ GATEWAY_AUTH_FAILURE_MAX_PER_IDENTITY: 'many' }, /GATEWAY_AUTH_FAILURE_MAX_PER_IDENTITY must be an integer/],
    [{ TRUSTED_PROXIES: '10.0.0.0/8,ingress' }, /TRUSTED_PROXIES has entries that are no IP address, CIDR range.*: ingress/],
    [{ OCPP_PROXY_PROTOCOL: 'true' }, /OCPP_PROXY_PROTOCOL needs TRUSTED_PROXIES/],
    [{ OCPP_PROXY_PROTOCOL: 'v2', TRUSTED_PROXIES: '10.0.0.1' }, /OCPP_PROXY_PROTOCOL must be true or false/],
  ])('fails fast naming the variable: %p', (env, message) => {
    expect(() => loadGatewayConfig(env)).toThrow(message);
  });

  it('serves profiles 2 and 3 on one TLS listener, with several certificate chains and the OCPP suites first', () => {
    const [listener] = loadGatewayConfig({
      OCPP_SECURITY_PROFILE: '3, 2',
      OCPP_TLS_CERT_FILE: 'rsa.pem, ec.pem',
      OCPP_TLS_KEY_FILE: 'rsa.key,ec.key',
      OCPP_TLS_CA_FILE: 'ca.pem',
    }).listeners;
    expect(listener.securityProfiles).toEqual([2, 3]);
    expect(listener.tls).toMatchObject({
      certFiles: ['rsa.pem', 'ec.pem'],
      keyFiles: ['rsa.key', 'ec.key'],
      caFile: 'ca.pem',
      reloadIntervalMs: 30_000,
    });
    expect(listener.tls?.ciphers.split(':').slice(0, 6)).toEqual(OCPP_TLS12_CIPHERS);
  });

  it('reads the PROXY protocol and the trusted proxies (IPv4 and IPv6)', () => {
    const config = loadGatewayConfig({ OCPP_PROXY_PROTOCOL: 'true', TRUSTED_PROXIES: '10.0.0.0/8, fd00::/8' });
    expect(config.listeners[0].proxyProtocol).toBe(true);
    expect(config.trustedProxies.trusts('10.1.2.3')).toBe(true);
    expect(config.trustedProxies.trusts('fd00::7')).toBe(true);
    expect(config.trustedProxies.trusts('192.0.2.1')).toBe(false);
  });

  it('normalises path prefixes', () => {
    expect(loadGatewayConfig({ OCPP_PATH_PREFIXES: 'ocpp/, /cs/ws/' }).pathPrefixes).toEqual(['/ocpp', '/cs/ws']);
  });
});
