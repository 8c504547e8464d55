import { ConfigError } from '@voltlane/config';
import { loadEdgeConfig } from './edge-config';

describe('api-edge configuration', () => {
  it('needs API_EDGE_UPSTREAMS and names it when missing', () => {
    expect(() => loadEdgeConfig({})).toThrow(ConfigError);
    expect(() => loadEdgeConfig({})).toThrow(/API_EDGE_UPSTREAMS is required/);
  });

  it('reads the upstreams and its defaults', () => {
    const config = loadEdgeConfig({ API_EDGE_UPSTREAMS: 'station=http://station:8080,billing=http://billing:8080' });
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', serverUrl: '/', refreshMs: 30_000, timeoutMs: 120_000 });
    expect(config.upstreams.map((u) => u.name)).toEqual(['station', 'billing']);
  });

  it('names the variable of a bad value', () => {
    expect(() => loadEdgeConfig({ API_EDGE_UPSTREAMS: 'station=http://s', API_EDGE_TIMEOUT_MS: 'soon' })).toThrow(
      /API_EDGE_TIMEOUT_MS must be an integer/,
    );
    expect(() => loadEdgeConfig({ API_EDGE_UPSTREAMS: 'station' })).toThrow(/API_EDGE_UPSTREAMS/);
  });
});
