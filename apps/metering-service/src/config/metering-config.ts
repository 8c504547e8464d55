import { EnvReader, type Env } from '@voltlane/config';
import { loadServiceConfig, type ServiceConfig } from '@voltlane/service-kit';

export const METERING_SERVICE = 'metering-service';

/** The metering-service's configuration, validated once; fails naming every bad variable. */
export function loadMeteringConfig(env: Env): ServiceConfig {
  const reader = new EnvReader(env);
  const config = loadServiceConfig(reader, METERING_SERVICE, 'metering');
  reader.done();
  return config;
}
