import { resolve } from 'node:path';
import { ConfigError } from '@voltlane/config';
import { DEFAULT_SERVICE_PORTS, loadDistributedConfig, servicePortVariable } from './distributed-config';

describe('loadDistributedConfig', () => {
  it('has defaults for everything', () => {
    expect(loadDistributedConfig({})).toEqual({
      servicePorts: DEFAULT_SERVICE_PORTS,
      stateDir: resolve('.voltlane/distributed'),
      readyTimeoutMs: 120_000,
      stopTimeoutMs: 30_000,
    });
  });

  it('reads each service port from VOLTLANE_<SERVICE>_SERVICE_PORT', () => {
    expect(servicePortVariable('metering')).toBe('VOLTLANE_METERING_SERVICE_PORT');
    const config = loadDistributedConfig({ VOLTLANE_METERING_SERVICE_PORT: '18084', VOLTLANE_DISTRIBUTED_READY_TIMEOUT_S: '5' });
    expect(config.servicePorts).toEqual({ ...DEFAULT_SERVICE_PORTS, metering: 18084 });
    expect(config.readyTimeoutMs).toBe(5_000);
  });

  it('names every bad variable', () => {
    const load = () => loadDistributedConfig({ VOLTLANE_STATION_SERVICE_PORT: '0', VOLTLANE_DISTRIBUTED_STOP_TIMEOUT_S: 'x' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/VOLTLANE_STATION_SERVICE_PORT[\s\S]*VOLTLANE_DISTRIBUTED_STOP_TIMEOUT_S/);
  });
});
