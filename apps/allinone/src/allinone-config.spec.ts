import { ConfigError } from '@voltlane/config';
import { loadAllInOneConfig } from './allinone-config';

describe('loadAllInOneConfig', () => {
  it('runs on the embedded PostgreSQL by default, whatever DATABASE_URL says', () => {
    const config = loadAllInOneConfig({ DATABASE_URL: 'postgres://u:p@db.example:5432/voltlane' });
    expect(config.externalDatabaseUrl).toBeUndefined();
    expect(config.postgresPort).toBe(54329);
    expect(config.appEnv.OCPP_SECURITY_PROFILE).toBe('0');
    expect(config.appEnv.OCPP_ALLOW_UNKNOWN_STATIONS).toBe('true');
  });

  it('uses the PostgreSQL server VOLTLANE_DATABASE_URL names instead of the embedded one', () => {
    const url = 'postgres://voltlane:secret@127.0.0.1:35432/voltlane';
    expect(loadAllInOneConfig({ VOLTLANE_DATABASE_URL: url }).externalDatabaseUrl).toBe(url);
    expect(loadAllInOneConfig({ VOLTLANE_DATABASE_URL: ` ${url.replace('postgres:', 'postgresql:')} ` }).externalDatabaseUrl).toBe(
      url.replace('postgres:', 'postgresql:'),
    );
  });

  it('treats an empty VOLTLANE_DATABASE_URL as unset', () => {
    expect(loadAllInOneConfig({ VOLTLANE_DATABASE_URL: '  ' }).externalDatabaseUrl).toBeUndefined();
  });

  it('refuses a VOLTLANE_DATABASE_URL that is not a PostgreSQL URL, without echoing its password', () => {
    expect(() => loadAllInOneConfig({ VOLTLANE_DATABASE_URL: 'mysql://u:hunter2@db:3306/x' })).toThrow(ConfigError);
    expect(() => loadAllInOneConfig({ VOLTLANE_DATABASE_URL: 'mysql://u:hunter2@db:3306/x' })).toThrow(
      /VOLTLANE_DATABASE_URL must use postgres or postgresql/,
    );
    let message = '';
    try {
      loadAllInOneConfig({ VOLTLANE_DATABASE_URL: 'postgres//u:hunter2@db/x' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/VOLTLANE_DATABASE_URL must be a URL/);
    expect(message).not.toContain('hunter2');
  });

  it('points the station file URLs at the operator API, and names a bad API_PORT', () => {
    expect(loadAllInOneConfig({ API_PORT: '8181' }).appEnv.FILES_PUBLIC_URL).toBe('http://127.0.0.1:8181');
    expect(loadAllInOneConfig({ API_PORT: '0' }).appEnv.FILES_PUBLIC_URL).toBeUndefined();
    expect(() => loadAllInOneConfig({ API_PORT: 'eighty' })).toThrow(/API_PORT must be an integer/);
  });

  it("points the OCPI partners' base URL at the operator API's port, unless it is set", () => {
    expect(loadAllInOneConfig({}).appEnv.OCPI_SERVICE_PUBLIC_URL).toBe('http://127.0.0.1:8080');
    expect(loadAllInOneConfig({ API_PORT: '8181', API_HOST: '0.0.0.0' }).appEnv.OCPI_SERVICE_PUBLIC_URL).toBe('http://127.0.0.1:8181');
    const set = { API_PORT: '8181', OCPI_SERVICE_PUBLIC_URL: 'https://ocpi.example.com' };
    expect(loadAllInOneConfig(set).appEnv.OCPI_SERVICE_PUBLIC_URL).toBe('https://ocpi.example.com');
  });

  it('passes the per-service schema settings through to the apps, so runs on one server do not collide', () => {
    const config = loadAllInOneConfig({
      VOLTLANE_DATABASE_URL: 'postgres://voltlane:voltlane@127.0.0.1:35432/voltlane',
      STATION_SERVICE_DB_SCHEMA: 'run1_station',
      API_KEYS_DB_SCHEMA: 'run1_iam',
      DEAD_LETTERS_DB_SCHEMA: 'run1_ops',
    });
    expect(config.appEnv).toMatchObject({
      STATION_SERVICE_DB_SCHEMA: 'run1_station',
      API_KEYS_DB_SCHEMA: 'run1_iam',
      DEAD_LETTERS_DB_SCHEMA: 'run1_ops',
    });
  });
});
