import fc from 'fast-check';
import { EXTREME_DATE_TIMES, EXTREME_DECIMALS, EXTREME_INTEGERS, EXTREME_STRINGS } from '@voltlane/testing';
import { FUZZ_SEED } from '@voltlane/testing/jest-suites';
import { StackHarness } from './stack-harness';

/**
 * Issue #14, part 3, operator API: every route of the OpenAPI document the API serves
 * (/docs/openapi.json), with extreme path parameters, query values and JSON bodies (huge and
 * negative integers, NUL, very long strings, wrong types, malformed JSON). No response may be a
 * 5xx, except 502/504 (a station command's answer or time-out) and 503 with Retry-After.
 */

interface OpenApiSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
  allOf?: OpenApiSchema[];
}
interface OpenApiOperation {
  parameters?: { name: string; in: string; schema?: OpenApiSchema }[];
  requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, OpenApiSchema> };
}

interface Route {
  method: string;
  path: string;
  operation: OpenApiOperation;
}

interface FuzzRequest {
  method: string;
  path: string;
  body: string | undefined;
}

const SAMPLES_PER_ROUTE = Number(process.env.API_FUZZ_SAMPLES ?? 12);
const BUDGET_MS = Number(process.env.API_FUZZ_BUDGET_MS ?? 60_000);
const CONCURRENCY = 4;
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Path and query values: numbers out of every range, NUL, traversal, very long, JSON-looking. */
const HOSTILE_TEXT: readonly string[] = [
  ...EXTREME_INTEGERS.map(String),
  ...EXTREME_DECIMALS.map(String),
  ...EXTREME_STRINGS,
  ...EXTREME_DATE_TIMES,
  '9'.repeat(400),
  '-9'.repeat(200),
  'x'.repeat(4_000),
  '\u0000'.repeat(500),
  'NaN',
  'Infinity',
  '-0',
  '0x7fffffff',
  'null',
  'true',
  '[]',
  '{}',
  '../../../etc/passwd',
  '%',
  '%00',
];

const MALFORMED_JSON: readonly string[] = [
  '{',
  '{"a":',
  '[1,2',
  'nul',
  '{"a":1}}',
  '\u0000',
  '{"a":"\\u0000"}',
  '{"a":1e999}',
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  '"just a string"',
  '42',
  'null',
  '{"__proto__":{"admin":true}}',
];

/** A value of any JSON type, biased to extremes: the wrong type for most fields. */
const anyHostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    ...EXTREME_INTEGERS,
    ...EXTREME_DECIMALS,
    ...EXTREME_STRINGS,
    ...EXTREME_DATE_TIMES,
    null,
    true,
    false,
    'x'.repeat(100_000),
    [],
    {},
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

function resolveRef(schema: OpenApiSchema | undefined, doc: OpenApiDocument): OpenApiSchema | undefined {
  if (schema?.$ref === undefined) return schema?.allOf?.length === 1 ? resolveRef(schema.allOf[0], doc) : schema;
  const name = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref)?.[1];
  return name === undefined ? undefined : resolveRef(doc.components?.schemas?.[name], doc);
}

/** A value for a field: right-typed extremes (enum values included) or a wrong type. */
function fieldValue(schema: OpenApiSchema | undefined, doc: OpenApiDocument, depth: number): fc.Arbitrary<unknown> {
  const s = resolveRef(schema, doc);
  if (s === undefined || depth > 4) return anyHostile;
  let typed: fc.Arbitrary<unknown>;
  if (s.enum !== undefined && s.enum.length > 0) typed = fc.constantFrom(...s.enum);
  else if (s.type === 'integer') typed = fc.constantFrom(...EXTREME_INTEGERS);
  else if (s.type === 'number') typed = fc.constantFrom(...EXTREME_DECIMALS);
  else if (s.type === 'string' && s.format === 'date-time') typed = fc.constantFrom(...EXTREME_DATE_TIMES);
  else if (s.type === 'string') typed = fc.constantFrom(...EXTREME_STRINGS, 'x'.repeat(100_000), '\u0000'.repeat(1_000));
  else if (s.type === 'boolean') typed = fc.boolean();
  else if (s.type === 'array') typed = fc.array(fieldValue(s.items, doc, depth + 1), { maxLength: 3 });
  else if (s.properties !== undefined) typed = bodyObject(s, doc, depth + 1);
  else typed = anyHostile;
  return fc.oneof({ arbitrary: typed, weight: 3 }, { arbitrary: anyHostile, weight: 1 });
}

function bodyObject(schema: OpenApiSchema, doc: OpenApiDocument, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const model = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, p]) => [key, fieldValue(p, doc, depth)]));
  return fc.record(model, { requiredKeys: [] });
}

function bodyFor(route: Route, doc: OpenApiDocument): fc.Arbitrary<string | undefined> {
  const schema = resolveRef(route.operation.requestBody?.content?.['application/json']?.schema, doc);
  if (route.method === 'get' || route.method === 'delete') return fc.constant(undefined);
  const shaped =
    schema?.properties !== undefined ? bodyObject(schema, doc, 0) : fc.dictionary(fc.string({ maxLength: 8 }), anyHostile, { maxKeys: 4 });
  return fc.oneof(
    { arbitrary: shaped.map((b) => JSON.stringify(b)), weight: 4 },
    { arbitrary: anyHostile.map((v) => JSON.stringify(v)), weight: 1 },
    { arbitrary: fc.constantFrom(...MALFORMED_JSON), weight: 1 },
  );
}

function requestFor(route: Route, doc: OpenApiDocument): fc.Arbitrary<FuzzRequest> {
  const parameters = route.operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const text = fc.oneof(
    { arbitrary: fc.constantFrom(...HOSTILE_TEXT), weight: 3 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 1 },
  );
  const queryValue = (schema: OpenApiSchema | undefined): fc.Arbitrary<string> => {
    const enums = resolveRef(schema, doc)?.enum;
    return enums !== undefined && enums.length > 0 ? fc.oneof(fc.constantFrom(...enums.map(String)), text) : text;
  };
  return fc
    .record({
      path: fc.tuple(...pathParams.map(() => text)),
      query: fc.tuple(...queryParams.map((p) => fc.option(queryValue(p.schema), { nil: undefined }))),
      body: bodyFor(route, doc),
    })
    .map(({ path, query, body }) => {
      let url = route.path;
      pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, percentEncode(path[i]))));
      const search = new URLSearchParams();
      queryParams.forEach((p, i) => {
        const value = query[i];
        if (value !== undefined) search.append(p.name, value);
      });
      const qs = search.toString();
      return { method: route.method.toUpperCase(), path: qs ? `${url}?${qs}` : url, body };
    });
}

/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD, as any HTTP client sends it). */
function percentEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

function acceptable(status: number, headers: Headers): boolean {
  if (status < 500 || status === 502 || status === 504) return true;
  return status === 503 && headers.get('retry-after') !== null;
}

describe(`operator API fuzz (seed ${FUZZ_SEED}, ${SAMPLES_PER_ROUTE} requests per route)`, () => {
  let harness: StackHarness;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'metering', 'billing', 'report', 'energy', 'ocpi'],
      api: true,
      serviceEnv: { STATION_SERVICE_UNKNOWN_STATIONS: 'accept' },
    });
    doc = (await (await fetch(`${harness.api.url}/docs/openapi.json`)).json()) as OpenApiDocument;
  }, 120_000);
  afterAll(() => harness?.stop());

  it('no route answers 5xx (502/504 for station commands and 503 with Retry-After excepted)', async () => {
    const routes: Route[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => HTTP_METHODS.has(method))
        .map(([method, operation]) => ({ method, path, operation })),
    );
    expect(routes.length).toBeGreaterThan(10);
    // Round-robin over the routes, so a slow route cannot use up the budget of the others.
    const perRoute = routes.map((route, i) => fc.sample(requestFor(route, doc), { seed: FUZZ_SEED + i, numRuns: SAMPLES_PER_ROUTE }));
    const queue: FuzzRequest[] = [];
    for (let n = 0; n < SAMPLES_PER_ROUTE; n++) for (const samples of perRoute) queue.push(samples[n]);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    const deadline = performance.now() + BUDGET_MS;
    const worker = async (): Promise<void> => {
      for (let request = queue.shift(); request !== undefined && performance.now() < deadline; request = queue.shift()) {
        sent++;
        let status: number;
        let headers: Headers;
        let text = '';
        try {
          const response = await fetch(`${harness.api.url}${request.path}`, {
            method: request.method,
            headers: { 'x-api-key': harness.api.keys.admin, ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
            body: request.body,
            signal: AbortSignal.timeout(20_000),
          });
          status = response.status;
          headers = response.headers;
          // A stream (server-sent events) never ends by itself: its status is the answer.
          if (headers.get('content-type')?.startsWith('text/event-stream')) await response.body?.cancel();
          else text = await response.text();
        } catch (error) {
          failures.push(
            `${request.method} ${request.path.slice(0, 200)} → no response (${(error as Error).message}) body ${String(request.body).slice(0, 200)}`,
          );
          continue;
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (!acceptable(status, headers)) {
          failures.push(
            `${request.method} ${request.path.slice(0, 200)} → ${status} ${text.slice(0, 200)} for body ${String(request.body).slice(0, 300)}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const figures = `${sent} requests over ${routes.length} routes (${queue.length} not sent within ${BUDGET_MS} ms); statuses ${JSON.stringify(Object.fromEntries(statuses))}`;
    if (process.env.FUZZ_REPORT) process.stdout.write(`api fuzz: ${figures}\n`);
    if (failures.length > 0)
      throw new Error(`${figures}\nreplay with FUZZ_SEED=${FUZZ_SEED}; ${failures.length} failures:\n${failures.slice(0, 25).join('\n')}`);
    expect(queue.length).toBe(0);
  }, 150_000);
});
