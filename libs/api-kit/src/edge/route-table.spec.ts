import { RouteTable } from './route-table';

const doc = (paths: Record<string, string[]>) => ({
  paths: Object.fromEntries(
    Object.entries(paths).map(([p, methods]) => [p, Object.fromEntries(methods.map((m) => [m, { responses: {} }]))]),
  ),
});

describe('RouteTable', () => {
  const table = new RouteTable([
    {
      service: 'station',
      document: doc({
        '/api/v1/stations': ['get', 'post'],
        '/api/v1/stations/{id}': ['get', 'delete'],
        '/api/v1/stations/{id}/ocpp16/reset': ['post'],
        '/api/v1/dead-letters': ['get'],
      }),
    },
    {
      service: 'session',
      document: doc({
        '/api/v1/stations/{id}/remote-start': ['post'],
        '/api/v1/stations/{id}/transactions/{transactionId}/status': ['get'],
        '/api/v1/dead-letters': ['get'],
      }),
    },
    {
      service: 'metering',
      document: doc({ '/api/v1/stations/{id}/transactions/{transactionRef}/energy': ['get'], '/api/v1/dead-letters': ['get'] }),
    },
    { service: 'billing', document: doc({ '/api/v1/cdrs': ['get'], '/api/v1/cdrs.csv': ['get'], '/api/v1/cdrs/{cdrId}': ['get'] }) },
  ]);

  const owner = (method: string, path: string): string | number => {
    const hit = table.lookup(method, path);
    return 'found' in hit ? hit.found.service : hit.status;
  };

  it('routes each operation to the service whose document declares it, even under a shared prefix', () => {
    expect(owner('GET', '/api/v1/stations')).toBe('station');
    expect(owner('POST', '/api/v1/stations/CP-1/ocpp16/reset')).toBe('station');
    expect(owner('POST', '/api/v1/stations/CP-1/remote-start')).toBe('session');
    expect(owner('GET', '/api/v1/stations/CP-1/transactions/42/status')).toBe('session');
    expect(owner('GET', '/api/v1/stations/CP-1/transactions/42/energy')).toBe('metering');
  });

  it('prefers a literal segment to a parameter, and backtracks when the literal leads nowhere', () => {
    expect(owner('GET', '/api/v1/cdrs.csv')).toBe('billing');
    expect(table.lookup('GET', '/api/v1/cdrs/cdr-9')).toMatchObject({ found: { template: '/api/v1/cdrs/{cdrId}' } });
    // a station called "remote-start" is still a station
    expect(table.lookup('GET', '/api/v1/stations/remote-start')).toMatchObject({
      found: { template: '/api/v1/stations/{id}', service: 'station' },
    });
  });

  it('gives an operation several services declare to the first of them, and lists them all', () => {
    expect(table.lookup('GET', '/api/v1/dead-letters')).toEqual({
      found: { template: '/api/v1/dead-letters', service: 'station', services: ['station', 'session', 'metering'] },
    });
  });

  it('answers 404 for unknown paths and 405 with the allowed methods for a known path', () => {
    expect(owner('GET', '/api/v1/nothing')).toBe(404);
    expect(owner('GET', '/api/v1/stations/CP-1/ocpp16')).toBe(404);
    expect(owner('GET', '/api/v1/stations/%zz')).toBe(404);
    expect(table.lookup('PUT', '/api/v1/stations/CP-1')).toEqual({ status: 405, allow: ['GET', 'DELETE'] });
  });

  it('routes HEAD like GET and matches percent-encoded segments', () => {
    expect(owner('HEAD', '/api/v1/stations/CP-1')).toBe('station');
    expect(owner('GET', '/api/v1/stations/CP%2F1')).toBe('station');
    expect(owner('GET', '/api/v1/stations/CP-1/')).toBe('station');
  });

  it('lists every operation once with its owner', () => {
    expect(table.list()).toHaveLength(12);
    expect(table.list().filter((o) => o.template === '/api/v1/dead-letters')).toHaveLength(1);
  });

  it('routes paths outside /api (OCPI: versions, a version with dots, its modules) like any other', () => {
    const ocpi = new RouteTable([
      { service: 'station', document: doc({ '/api/v1/stations/{id}': ['get'] }) },
      {
        service: 'ocpi',
        document: doc({
          '/ocpi/versions': ['get'],
          '/ocpi/2.2.1': ['get'],
          '/ocpi/2.2.1/credentials': ['get', 'post', 'put', 'delete'],
          '/ocpi/cpo/2.2.1/tokens/{country_code}/{party_id}/{token_uid}': ['get', 'put', 'patch'],
        }),
      },
    ]);
    const at = (method: string, path: string) => {
      const hit = ocpi.lookup(method, path);
      return 'found' in hit ? `${hit.found.service} ${hit.found.template}` : hit.status;
    };
    expect(at('GET', '/ocpi/versions')).toBe('ocpi /ocpi/versions');
    expect(at('GET', '/ocpi/2.2.1')).toBe('ocpi /ocpi/2.2.1');
    expect(at('DELETE', '/ocpi/2.2.1/credentials')).toBe('ocpi /ocpi/2.2.1/credentials');
    expect(at('PATCH', '/ocpi/cpo/2.2.1/tokens/DE/ABC/0123%2F4')).toBe('ocpi /ocpi/cpo/2.2.1/tokens/{country_code}/{party_id}/{token_uid}');
    expect(at('GET', '/ocpi/2.2')).toBe(404);
    expect(ocpi.lookup('PATCH', '/ocpi/2.2.1/credentials')).toEqual({ status: 405, allow: ['GET', 'PUT', 'POST', 'DELETE'] });
  });
});
