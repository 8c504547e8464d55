import { ConfigError } from '@voltlane/config';
import { loadStationServiceConfig } from './station-service-config';

describe('offline detection settings', () => {
  it('defaults to 60 s of grace and a sweep every 30 s', () => {
    expect(loadStationServiceConfig({}).offline).toEqual({ graceS: 60, sweepMs: 30_000 });
  });

  it('reads STATION_OFFLINE_GRACE_SECONDS and STATION_OFFLINE_SWEEP_MS', () => {
    expect(loadStationServiceConfig({ STATION_OFFLINE_GRACE_SECONDS: '0', STATION_OFFLINE_SWEEP_MS: '250' }).offline).toEqual({ graceS: 0, sweepMs: 250 });
  });

  it.each([
    ['STATION_OFFLINE_GRACE_SECONDS', '-1'],
    ['STATION_OFFLINE_GRACE_SECONDS', 'soon'],
    ['STATION_OFFLINE_SWEEP_MS', '10'],
    ['STATION_OFFLINE_SWEEP_MS', '1.5'],
  ])('fails naming %s=%s', (name, value) => {
    expect(() => loadStationServiceConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadStationServiceConfig({ [name]: value })).toThrow(name);
  });
});
