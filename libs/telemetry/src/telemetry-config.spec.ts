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

  it('exports spans when an OTLP endpoint or an exporter is set, never when the SDK is disabled', () => {
    expect(loadTracingConfig('station-service', {})).toEqual({
      serviceName: 'station-service',
      exporting: false,
      semconvOptIn: 'http,database',
    });
    expect(loadTracingConfig('station-service', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toMatchObject({
      serviceName: 'station-service',
      exporting: true,
    });
    expect(
      loadTracingConfig('station-service', {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/v1/t',
        OTEL_SERVICE_NAME: 'csms-station',
      }),
    ).toMatchObject({ serviceName: 'csms-station', exporting: true });
    expect(loadTracingConfig('gateway', { VOLTLANE_APP_VERSION: '1.4.0', OTEL_SEMCONV_STABILITY_OPT_IN: 'http/dup' })).toMatchObject({
      version: '1.4.0',
      semconvOptIn: 'http/dup',
    });
    expect(loadTracingConfig('gateway', { OTEL_TRACES_EXPORTER: 'console' }).exporting).toBe(true);
    expect(loadTracingConfig('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }).exporting).toBe(
      false,
    );
    expect(loadTracingConfig('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }).exporting).toBe(false);
  });

  it('names a standard OTEL_* variable whose value the SDK would not understand', () => {
    expect(() => loadTracingConfig('gateway', { OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(
      /OTEL_TRACES_EXPORTER has unknown exporter\(s\) jaeger/,
    );
    expect(() => loadTracingConfig('gateway', { OTEL_EXPORTER_OTLP_PROTOCOL: 'udp' })).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL must be one of/,
    );
    expect(() => loadTracingConfig('gateway', { OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(/OTEL_TRACES_SAMPLER must be one of/);
  });

  it('names an OTLP endpoint that is not an http(s) URL', () => {
    expect(() => loadTracingConfig('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT must use http or https/,
    );
  });
});
