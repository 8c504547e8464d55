import { ConfigError } from '@voltlane/config';
import { loadTracingConfig, logLevelFromEnv } from './telemetry-config';

describe('telemetry configuration', () => {
  it('logs at info unless LOG_LEVEL says otherwise, and names LOG_LEVEL when it is not a level', () => {
    expect(logLevelFromEnv({})).toBe('info');
    expect(logLevelFromEnv({ LOG_LEVEL: 'debug' })).toBe('debug');
    expect(() => logLevelFromEnv({ LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => logLevelFromEnv({ LOG_LEVEL: 'loud' })).toThrow(
      /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"/,
    );
  });

  it('exports spans only when an OTLP endpoint is set, the traces endpoint first', () => {
    expect(loadTracingConfig('station-service', {})).toEqual({ serviceName: 'station-service' });
    expect(loadTracingConfig('station-service', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({
      serviceName: 'station-service',
      otlpEndpoint: 'http://collector:4318/v1/traces',
    });
    expect(
      loadTracingConfig('station-service', {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/v1/t',
        OTEL_SERVICE_NAME: 'csms-station',
      }),
    ).toEqual({ serviceName: 'csms-station', otlpEndpoint: 'https://traces.example/v1/t' });
  });

  it('names an OTLP endpoint that is not an http(s) URL', () => {
    expect(() => loadTracingConfig('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT must use http or https/,
    );
  });
});
