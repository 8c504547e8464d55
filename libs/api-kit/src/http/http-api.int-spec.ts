import { Body, Controller, Get, Module, Post, Query, type DynamicModule } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { createLogger } from '@voltlane/telemetry';
import { infraEnv, uniqueName } from '@voltlane/testing';
import { ApiKeyStore } from '../keys/api-key-store';
import { RequireScope } from '../keys/api-key.guard';
import { listQuerySchema, page, type PageQuery } from './pagination';
import { badRequest } from './problem';
import { SchemaPipe } from './schema-pipe';
import { startHttpApi, type HttpApi } from './http-api';
import { apiKeyId, apiKeySecret } from '../keys/api-key-store';

const widgetSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 20 }, size: { type: 'integer', minimum: 1 } },
};
const listSchema = listQuerySchema({ name: { type: 'string', maxLength: 20 } });

@Controller('api/v1/widgets')
class WidgetsController {
  private readonly widgets: { name: string; size?: number }[] = [];

  @Post()
  @ApiBody({ schema: widgetSchema })
  create(@Body(new SchemaPipe(widgetSchema)) body: { name: string; size?: number }): { name: string } {
    if (body.name === 'forbidden') throw badRequest('That name is reserved');
    this.widgets.push(body);
    return body;
  }

  @Get()
  list(@Query(new SchemaPipe(listSchema, 'query')) query: PageQuery & { name?: string }) {
    const items = this.widgets.filter((w) => !query.name || w.name === query.name);
    return page(items.slice(query.offset, query.offset + query.limit), items.length, query);
  }

  @Get('boom')
  boom(): never {
    throw new Error('unexpected failure');
  }

  @Post('dangerous')
  @RequireScope('admin')
  dangerous(): { ok: boolean } {
    return { ok: true };
  }
}

@Module({ controllers: [WidgetsController] })
class WidgetsModule {}
const widgetsModule: DynamicModule = { module: WidgetsModule };

/** Two operations with one operationId: a generated client could not tell them apart. */
@Controller('api/v1/twins')
class TwinsController {
  @Get('one')
  @ApiOperation({ operationId: 'getTwin', summary: 'One' })
  one(): string {
    return 'one';
  }

  @Get('two')
  @ApiOperation({ operationId: 'getTwin', summary: 'Two' })
  two(): string {
    return 'two';
  }
}
@Module({ controllers: [TwinsController] })
class TwinsModule {}

describe('operator API host (api-kit)', () => {
  let keys: ApiKeyStore;
  let api: HttpApi;
  const issued: Record<string, string> = {};
  /** Everything the API logs, at every level. */
  const logged: string[] = [];

  beforeAll(async () => {
    keys = await ApiKeyStore.open(infraEnv().databaseUrl, uniqueName('iam'));
    for (const scope of ['read', 'write', 'admin'] as const) issued[scope] = (await keys.create(`${scope} key`, scope)).key;
    api = await startHttpApi({
      modules: [widgetsModule],
      port: 0,
      host: '127.0.0.1',
      keys,
      logger: createLogger('spec', 'trace', { write: (line: string) => void logged.push(line) }),
      registry: new Registry(),
      readiness: [],
      serveApiKeys: true,
    });
  });
  afterAll(async () => {
    await api.close();
    await keys.close();
  });

  const call = (path: string, init: RequestInit & { key?: string } = {}) =>
    fetch(`${api.url}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(init.key ? { 'x-api-key': init.key } : {}), ...(init.headers ?? {}) },
    });

  it('refuses requests without a key, with a wrong key and with a key lacking the scope', async () => {
    const none = await call('/api/v1/widgets');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect(await none.json()).toMatchObject({ status: 401, title: 'Unauthorized', detail: expect.stringContaining('API key is required') });
    expect((await call('/api/v1/widgets', { key: issued.read.slice(0, -2) + 'xx' })).status).toBe(401);
    expect((await call('/api/v1/widgets', { key: 'not-a-key' })).status).toBe(401);
    expect((await call('/api/v1/widgets', { method: 'POST', key: issued.read, body: JSON.stringify({ name: 'a' }) })).status).toBe(403);
    expect((await call('/api/v1/widgets/dangerous', { method: 'POST', key: issued.write })).status).toBe(403);
    expect((await call('/api/v1/widgets/dangerous', { method: 'POST', key: issued.admin })).status).toBe(201);
    expect((await call('/api/v1/widgets', { headers: { authorization: `Bearer ${issued.read}` } })).status).toBe(200);
  });

  it.each([
    ['unknown field', { name: 'a', colour: 'red' }, /unknown property "colour"/],
    ['missing field', { size: 2 }, /must have property "name"/],
    ['wrong type', { name: 'a', size: 'big' }, /\/size must be integer/],
    ['SQL-shaped string too long', { name: "x'; DROP TABLE api_keys; --" }, /\/name must NOT have more than 20 characters/],
  ])('answers an invalid body (%s) with a 400 problem saying what is wrong', async (_case, body, detail) => {
    const response = await call('/api/v1/widgets', { method: 'POST', key: issued.write, body: JSON.stringify(body) });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { detail: string }).detail).toMatch(detail);
  });

  it('answers malformed JSON, an oversize body, an unknown route and a domain error as problems', async () => {
    expect((await call('/api/v1/widgets', { method: 'POST', key: issued.write, body: '{"name":' })).status).toBe(400);
    expect(
      (await call('/api/v1/widgets', { method: 'POST', key: issued.write, body: JSON.stringify({ name: 'x'.repeat(2_000_000) }) })).status,
    ).toBe(413);
    expect((await call('/api/v1/nothing-here', { key: issued.read })).status).toBe(404);
    const reserved = await call('/api/v1/widgets', { method: 'POST', key: issued.write, body: JSON.stringify({ name: 'forbidden' }) });
    expect(await reserved.json()).toMatchObject({ status: 400, detail: 'That name is reserved' });
  });

  it('validates and coerces list queries, and pages', async () => {
    for (const name of ['a', 'b', 'c'])
      await call('/api/v1/widgets', { method: 'POST', key: issued.write, body: JSON.stringify({ name }) });
    expect(await (await call('/api/v1/widgets?limit=1&offset=1', { key: issued.read })).json()).toEqual({
      items: [{ name: 'b' }],
      total: 3,
      limit: 1,
      offset: 1,
    });
    expect(await (await call('/api/v1/widgets?name=c', { key: issued.read })).json()).toEqual({
      items: [{ name: 'c' }],
      total: 1,
      limit: 50,
      offset: 0,
    });
    expect((await call('/api/v1/widgets?limit=5000', { key: issued.read })).status).toBe(400);
    expect((await call('/api/v1/widgets?sort=name', { key: issued.read })).status).toBe(400);
  });

  it('manages API keys: created once (hashed), listed without secrets, revoked', async () => {
    const created = await call('/api/v1/api-keys', {
      method: 'POST',
      key: issued.admin,
      body: JSON.stringify({ name: 'ci', scope: 'read' }),
    });
    expect(created.status).toBe(201);
    const { key, apiKey } = (await created.json()) as { key: string; apiKey: { id: string } };
    expect(key).toMatch(/^vl_[a-f0-9]{12}_/);
    const listed = await (await call('/api/v1/api-keys', { key: issued.admin })).text();
    expect(listed).toContain(apiKey.id);
    expect(listed).not.toContain(apiKeySecret(key)!);
    const row = await keys.dataSource.query('SELECT key_hash FROM api_keys WHERE id = $1', [apiKey.id]);
    expect(row[0].key_hash).toMatch(/^scrypt\$/);
    expect((await call('/api/v1/widgets', { key })).status).toBe(200);
    expect((await call(`/api/v1/api-keys/${apiKey.id}`, { method: 'DELETE', key: issued.admin })).status).toBe(204);
    expect((await call('/api/v1/widgets', { key })).status).toBe(401);
    expect((await call('/api/v1/api-keys', { key: issued.write })).status).toBe(403);
  });

  it('tells any valid key its own id and scope (GET /api/v1/api-keys/current), and refuses none', async () => {
    for (const scope of ['read', 'write', 'admin'] as const) {
      const response = await call('/api/v1/api-keys/current', { key: issued[scope] });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ id: apiKeyId(issued[scope]), scope });
    }
    expect((await call('/api/v1/api-keys/current', {})).status).toBe(401);
  });

  it('never writes a key or its hash into the logs, whatever the request did', async () => {
    const created = await call('/api/v1/api-keys', {
      method: 'POST',
      key: issued.admin,
      body: JSON.stringify({ name: 'logged', scope: 'write' }),
    });
    const { key, apiKey } = (await created.json()) as { key: string; apiKey: { id: string } };
    const [{ key_hash: hash }] = await keys.dataSource.query<{ key_hash: string }[]>('SELECT key_hash FROM api_keys WHERE id = $1', [
      apiKey.id,
    ]);
    expect((await call('/api/v1/widgets/boom', { key })).status).toBe(500);
    expect((await call('/api/v1/widgets/boom', { headers: { authorization: `Bearer ${key}` } })).status).toBe(500);
    expect((await call('/api/v1/widgets', { key: `${key}x` })).status).toBe(401);
    expect((await call('/api/v1/widgets', { method: 'POST', key, body: JSON.stringify({ name: key }) })).status).toBe(400);
    const text = logged.join('');
    expect(text).toContain('request failed');
    for (const secret of [key, apiKeySecret(key)!, hash, ...Object.values(issued)]) expect(text).not.toContain(secret);
  });

  it('serves a polished document: servers, Problem, 401/403 and the API key on every operation, named schemas with examples', async () => {
    const document = (await (await fetch(`${api.url}/docs/openapi.json`)).json()) as {
      servers: unknown;
      paths: Record<
        string,
        Record<
          string,
          {
            security: unknown;
            responses: Record<string, unknown>;
            requestBody?: { content: Record<string, { schema: unknown; example: unknown }> };
          }
        >
      >;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(document.components.schemas).toHaveProperty('Problem');
    const create = document.paths['/api/v1/widgets'].post;
    expect(create.security).toEqual([{ apiKey: [] }]);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['401', '403']));
    expect(create.requestBody?.content['application/json']).toEqual({
      schema: { $ref: '#/components/schemas/WidgetsControllerCreateRequest' },
      example: { name: 'string' },
    });
  });

  it('refuses to start when two operations share an operationId, naming both', async () => {
    const twins = startHttpApi({
      modules: [{ module: TwinsModule }],
      port: 0,
      host: '127.0.0.1',
      keys,
      logger: createLogger('spec', 'silent'),
      registry: new Registry(),
      readiness: [],
    });
    await expect(twins).rejects.toThrow('getTwin: GET /api/v1/twins/one, GET /api/v1/twins/two');
  });

  it('serves the OpenAPI document and Swagger UI without a key, and health', async () => {
    const docs = await fetch(`${api.url}/docs/openapi.json`);
    expect(docs.status).toBe(200);
    const document = (await docs.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/widgets', '/api/v1/api-keys', '/api/v1/api-keys/{id}']));
    expect((await fetch(`${api.url}/docs`)).status).toBe(200);
    expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
    expect(await (await fetch(`${api.url}/health/ready`)).json()).toEqual({ status: 'ok', checks: [] });
  });
});
