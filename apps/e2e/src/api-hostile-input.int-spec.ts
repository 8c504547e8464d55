import { Client } from 'pg';
import { uniqueName } from '@voltlane/testing';
import { StackHarness } from './stack-harness';

/** Strings shaped like SQL injection (and LIKE wildcards, quotes, NUL, comment markers). */
const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE station; --",
  "x' UNION SELECT key_hash FROM api_keys --",
  '1) OR (1=1',
  '%',
  '_',
  "%' OR 1=1 --",
  '" OR ""="',
  "\\'; SELECT pg_sleep(3); --",
  'a\u0000b',
  '$1',
  '*/ OR 1=1 /*',
];

interface OpenApiParameter {
  name: string;
  in: 'query' | 'path' | 'header';
  schema?: { type?: string; enum?: unknown[]; format?: string };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: OpenApiParameter[] }>>;
}

const SERVICES = ['station', 'customer', 'session', 'metering', 'billing'] as const;

describe('operator API: hostile and broken input', () => {
  let harness: StackHarness;
  let api: StackHarness['api'];
  let document: OpenApiDocument;
  const stationId = uniqueName('hostile');
  const stationPassword = `pw-${uniqueName('secret')}`.slice(0, 40);

  beforeAll(async () => {
    harness = await StackHarness.start({ services: [...SERVICES], api: true });
    api = harness.api;
    document = (await (await fetch(`${api.url}/docs/openapi.json`)).json()) as OpenApiDocument;
    // Rows a "matches everything" injection would reveal.
    expect(
      (await api.request('POST', '/api/v1/stations', { id: stationId, credentials: { securityProfile: 1, password: stationPassword } }))
        .status,
    ).toBe(201);
    expect((await api.request('POST', '/api/v1/customers', { name: 'Hostile Input Ltd' })).status).toBe(201);
    expect((await api.request('POST', '/api/v1/id-tokens', { idToken: 'HOSTILE-1', type: 'ISO14443' })).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
  });

  const problem = (response: { status: number; headers: Headers }): void => {
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  };

  describe('API keys', () => {
    it('refuses requests without a key, with a wrong or malformed key, and with a read key on a write endpoint', async () => {
      const none = await fetch(`${api.url}/api/v1/customers`);
      expect(none.status).toBe(401);
      expect(none.headers.get('content-type')).toContain('application/problem+json');
      for (const key of ['vl_000000000000_wrongwrongwrongwrongwrongwrongwr', 'not-a-key', "' OR '1'='1", 'x'.repeat(5000)]) {
        const response = await api.request('GET', '/api/v1/customers', undefined, key);
        expect(response.status).toBe(401);
        problem(response);
      }
      const bearer = await fetch(`${api.url}/api/v1/customers`, { headers: { Authorization: 'Bearer nope' } });
      expect(bearer.status).toBe(401);
      for (const [method, path, body] of [
        ['POST', '/api/v1/customers', { name: 'x' }],
        ['POST', '/api/v1/id-tokens', { idToken: 'RO-1', type: 'ISO14443' }],
        ['POST', '/api/v1/stations', { id: uniqueName('ro'), credentials: { securityProfile: 0 } }],
        ['POST', '/api/v1/api-keys', { name: 'escalate', scope: 'admin' }],
      ] as const) {
        const response = await api.request(method, path, body, api.keys.read);
        expect(response.status).toBe(403);
        expect(response.body.detail).toMatch(/scope "read"/);
      }
      expect((await api.request('POST', '/api/v1/api-keys', { name: 'escalate', scope: 'admin' }, api.keys.write)).status).toBe(403);
      expect((await api.request('GET', '/api/v1/customers', undefined, api.keys.read)).status).toBe(200);
    });

    it('stores API keys and station passwords as scrypt hashes, and never returns them', async () => {
      const created = await api.request('POST', '/api/v1/api-keys', { name: uniqueName('ops'), scope: 'read' });
      expect(created.status).toBe(201);
      const key = created.body.key as string;
      const keyId = /^vl_([0-9a-f]+)_/.exec(key)?.[1];
      expect(keyId).toBeDefined();
      const listed = await api.request('GET', '/api/v1/api-keys');
      const station = await api.request('GET', `/api/v1/stations/${stationId}`);
      const client = new Client({ connectionString: harness.env.databaseUrl });
      await client.connect();
      try {
        const schemas = await client.query<{ table_schema: string }>(
          "SELECT table_schema FROM information_schema.tables WHERE table_name = 'api_keys'",
        );
        const hashes: string[] = [];
        for (const { table_schema: schema } of schemas.rows) {
          const rows = await client.query<{ key_hash: string }>(`SELECT key_hash FROM "${schema}".api_keys WHERE id = $1`, [keyId]);
          hashes.push(...rows.rows.map((r) => r.key_hash));
        }
        expect(hashes).toHaveLength(1);
        expect(hashes[0]).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
        expect(hashes[0]).not.toContain(key);
        const credential = await client.query<{ password_hash: string }>(
          `SELECT password_hash FROM "${harness.serviceEnv.STATION_SERVICE_DB_SCHEMA}".station_credential WHERE station_id = $1`,
          [stationId],
        );
        expect(credential.rows[0].password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$/);
        expect(credential.rows[0].password_hash).not.toContain(stationPassword);
        for (const response of [listed, station]) {
          const text = JSON.stringify(response.body);
          expect(text).not.toContain(key);
          expect(text).not.toContain(hashes[0]);
          expect(text).not.toContain(stationPassword);
          expect(text).not.toContain(credential.rows[0].password_hash);
          expect(text).not.toMatch(/scrypt\$/);
        }
      } finally {
        await client.end();
      }
    });
  });

  describe('request bodies', () => {
    it('refuses malformed JSON, wrong types and unknown fields with 400 naming what is wrong', async () => {
      const malformed = await api.request('POST', '/api/v1/customers', '{"name": "x",');
      expect(malformed.status).toBe(400);
      problem(malformed);
      const wrongType = await api.request('POST', '/api/v1/customers', { name: 42 });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.detail).toMatch(/name/);
      const unknown = await api.request('POST', '/api/v1/customers', { name: 'x', isAdmin: true });
      expect(unknown.status).toBe(400);
      problem(unknown);
      expect(unknown.body.detail).toContain('"isAdmin"');
      const nested = await api.request('POST', '/api/v1/stations', {
        id: uniqueName('n'),
        credentials: { securityProfile: 1, password: 'p'.repeat(20), role: 'admin' },
      });
      expect(nested.status).toBe(400);
      expect(nested.body.detail).toContain('"role"');
      const nul = await api.request('POST', '/api/v1/customers', { name: 'a\u0000b' });
      expect(nul.status).toBe(400);
      expect(nul.body.detail).toMatch(/NUL/);
      for (const body of [null, [], 'string', 12, { name: { $ne: null } }]) {
        const response = await api.request('POST', '/api/v1/customers', JSON.stringify(body));
        expect(response.status).toBe(400);
        problem(response);
      }
    });

    it('refuses oversize lists (maxItems) with 400 and oversize bodies with 413', async () => {
      const band = { name: 'b', from: '00:00', to: '01:00' };
      const tariff = {
        name: uniqueName('t'),
        currency: 'EUR',
        timeZone: 'Europe/Berlin',
        taxRatePercent: '19',
        bands: Array(49).fill(band),
      };
      const tooMany = await api.request('POST', '/api/v1/tariffs', tariff);
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.detail).toMatch(/bands.*48/);
      const huge = await api.request('POST', '/api/v1/customers', { name: 'x'.repeat(2 * 1024 * 1024) });
      expect(huge.status).toBe(413);
      problem(huge);
    });
  });

  describe('SQL-injection-shaped filters', () => {
    /** Every GET endpoint of the document, with its path and string query parameters. */
    function listEndpoints(): { path: string; query: string[] }[] {
      return Object.entries(document.paths)
        .filter(([, ops]) => ops.get !== undefined)
        .map(([path, ops]) => ({
          path,
          query: (ops.get.parameters ?? []).filter((p) => p.in === 'query' && p.schema?.enum === undefined).map((p) => p.name),
        }));
    }

    const concrete = (path: string): string => path.replace(/\{[^}]+\}/g, (m) => (m === '{id}' || m === '{stationId}' ? stationId : 'x'));

    it('every query filter of every resource answers 4xx or treats the string as a literal that matches nothing', async () => {
      const endpoints = listEndpoints();
      expect(endpoints.filter((e) => e.query.length > 0).length).toBeGreaterThanOrEqual(10);
      const failures: string[] = [];
      for (const { path, query } of endpoints) {
        for (const name of query) {
          for (const value of INJECTIONS) {
            const url = `${concrete(path)}?${new URLSearchParams({ [name]: value }).toString()}`;
            const response = await api.request('GET', url);
            if (response.status >= 500) failures.push(`${url} -> ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
            else if (response.status === 200 && typeof response.body?.total === 'number' && response.body.total > 0) {
              failures.push(`${url} -> 200 with ${response.body.total} rows: the filter was not taken literally`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
    }, 300_000);

    it('injection in path parameters gives 4xx, never 500', async () => {
      const failures: string[] = [];
      for (const { path } of listEndpoints().filter((e) => e.path.includes('{'))) {
        for (const value of INJECTIONS) {
          const url = path.replace(/\{[^}]+\}/g, encodeURIComponent(value));
          const response = await api.request('GET', url);
          if (response.status >= 500) failures.push(`${url} -> ${response.status}`);
        }
      }
      expect(failures).toEqual([]);
    }, 300_000);

    it('integer path parameters out of int4, fractional or not numbers: 400 problem naming the parameter (Int32Pipe), never 500', async () => {
      for (const [template, parameter] of [
        ['/api/v1/stations/x/reservations/{v}', 'reservationId'],
        ['/api/v1/stations/x/charging-profiles/{v}', 'profileId'],
        ['/api/v1/stations/x/reports/Report/{v}', 'requestId'],
      ]) {
        for (const value of ['2147483648', '-2147483649', 'abc', '1.5']) {
          const response = await api.request('GET', template.replace('{v}', value));
          expect({ url: template.replace('{v}', value), status: response.status }).toEqual({
            url: template.replace('{v}', value),
            status: 400,
          });
          problem(response);
          expect(response.body).toMatchObject({ parameter });
        }
        expect((await api.request('GET', template.replace('{v}', '2147483647'))).status).toBe(404);
      }
    });

    it('leaves the tables intact afterwards', async () => {
      expect((await api.request('GET', `/api/v1/stations/${stationId}`)).status).toBe(200);
      expect((await api.request('GET', '/api/v1/customers?name=Hostile%20Input')).body.total).toBe(1);
      expect((await api.request('GET', '/api/v1/id-tokens?idToken=HOSTILE-1')).body.total).toBe(1);
      for (const path of ['/api/v1/stations', '/api/v1/sessions', '/api/v1/tariffs', '/api/v1/cdrs', '/api/v1/api-keys']) {
        expect((await api.request('GET', path)).status).toBe(200);
      }
    });
  });
});
