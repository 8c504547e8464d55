import { ConfigError } from '@voltlane/config';
import { loadStationServiceConfig } from './station-service-config';

describe('offline detection settings', () => {
  it('defaults to 60 s of grace and a sweep every 30 s', () => {
    expect(loadStationServiceConfig({}).offline).toEqual({ graceS: 60, sweepMs: 30_000 });
  });

  it('reads STATION_SERVICE_OFFLINE_GRACE_S and STATION_SERVICE_OFFLINE_SWEEP_MS', () => {
    expect(loadStationServiceConfig({ STATION_SERVICE_OFFLINE_GRACE_S: '0', STATION_SERVICE_OFFLINE_SWEEP_MS: '250' }).offline).toEqual({
      graceS: 0,
      sweepMs: 250,
    });
  });

  it('still reads the deprecated STATION_OFFLINE_GRACE_SECONDS and STATION_OFFLINE_SWEEP_MS, warning once each, naming both names', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const old = { STATION_OFFLINE_GRACE_SECONDS: '5', STATION_OFFLINE_SWEEP_MS: '400' };
      expect(loadStationServiceConfig(old).offline).toEqual({ graceS: 5, sweepMs: 400 });
      expect(loadStationServiceConfig(old).offline).toEqual({ graceS: 5, sweepMs: 400 });
      const messages = warn.mock.calls.map(([message]) => String(message));
      expect(messages).toEqual([
        expect.stringMatching(/STATION_OFFLINE_GRACE_SECONDS is deprecated: rename it to STATION_SERVICE_OFFLINE_GRACE_S/),
        expect.stringMatching(/STATION_OFFLINE_SWEEP_MS is deprecated: rename it to STATION_SERVICE_OFFLINE_SWEEP_MS/),
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it.each([
    ['STATION_SERVICE_OFFLINE_GRACE_S', '-1'],
    ['STATION_SERVICE_OFFLINE_GRACE_S', 'soon'],
    ['STATION_SERVICE_OFFLINE_SWEEP_MS', '10'],
    ['STATION_SERVICE_OFFLINE_SWEEP_MS', '1.5'],
    ['STATION_OFFLINE_GRACE_SECONDS', 'soon'],
    ['STATION_OFFLINE_SWEEP_MS', '10'],
  ])('fails naming %s=%s', (name, value) => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(() => loadStationServiceConfig({ [name]: value })).toThrow(ConfigError);
      expect(() => loadStationServiceConfig({ [name]: value })).toThrow(name);
    } finally {
      warn.mockRestore();
    }
  });
});
