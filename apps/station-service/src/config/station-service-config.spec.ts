import { ConfigError } from '@voltlane/config';
import { loadStationServiceConfig } from './station-service-config';

describe('loadStationServiceConfig', () => {
  it('has defaults that work with nothing set', () => {
    const config = loadStationServiceConfig({});
    expect(config.boot).toEqual({ unknownStations: 'pending', defaultPolicy: 'accept', heartbeatIntervalS: 300, retryIntervalS: 60 });
    expect(config.service.database.schema).toBe('station');
    expect(config.service.serviceName).toBe('station-service');
    expect(config.messageLog).toEqual({ retentionDays: 7 });
  });

  it('reads the message log retention', () => {
    expect(loadStationServiceConfig({ STATION_SERVICE_MESSAGE_LOG_RETENTION_DAYS: '30' }).messageLog.retentionDays).toBe(30);
  });

  it('reads the policy and intervals', () => {
    const config = loadStationServiceConfig({ STATION_SERVICE_UNKNOWN_STATIONS: 'reject', STATION_SERVICE_HEARTBEAT_INTERVAL_S: '60' });
    expect(config.boot.unknownStations).toBe('reject');
    expect(config.boot.heartbeatIntervalS).toBe(60);
  });

  it.each([
    ['STATION_SERVICE_UNKNOWN_STATIONS', 'maybe'],
    ['STATION_SERVICE_DEFAULT_BOOT_POLICY', 'yes'],
    ['STATION_SERVICE_HEARTBEAT_INTERVAL_S', 'often'],
    ['STATION_SERVICE_HEARTBEAT_INTERVAL_S', '0'],
    ['STATION_SERVICE_BOOT_RETRY_INTERVAL_S', '-5'],
    ['STATION_SERVICE_MESSAGE_LOG_RETENTION_DAYS', '0'],
    ['STATION_SERVICE_MESSAGE_LOG_RETENTION_DAYS', '3651'],
    ['STATION_SERVICE_MESSAGE_LOG_RETENTION_DAYS', 'week'],
  ])('fails naming %s=%s', (name, value) => {
    expect(() => loadStationServiceConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadStationServiceConfig({ [name]: value })).toThrow(name);
  });
});
