import { EnvReader } from '@voltlane/config';
import { loadServiceConfig } from './service-config';

const load = (vars: Record<string, string>) => {
  const reader = new EnvReader(vars);
  const config = loadServiceConfig(reader, 'station-service', 'station');
  return { config, done: () => reader.done() };
};

describe('loadServiceConfig: database pool size', () => {
  it('is 10 by default', () => {
    const { config, done } = load({});
    expect(config.database.poolSize).toBe(10);
    expect(done).not.toThrow();
  });

  it('takes DATABASE_POOL_SIZE for every service, and <SERVICE>_DB_POOL_SIZE over it for one', () => {
    expect(load({ DATABASE_POOL_SIZE: '20' }).config.database.poolSize).toBe(20);
    expect(load({ DATABASE_POOL_SIZE: '20', STATION_SERVICE_DB_POOL_SIZE: '32' }).config.database.poolSize).toBe(32);
  });

  it.each([
    ['STATION_SERVICE_DB_POOL_SIZE', '0', /STATION_SERVICE_DB_POOL_SIZE must be >= 1/],
    ['DATABASE_POOL_SIZE', 'many', /DATABASE_POOL_SIZE must be an integer/],
  ])('refuses %s=%s, naming the variable', (name, value, message) => {
    const { done } = load({ [name]: value });
    expect(done).toThrow(message);
  });
});
