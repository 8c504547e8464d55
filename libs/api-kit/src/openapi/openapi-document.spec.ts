import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { OpenApiSchemaValidator } from './openapi-ajv';
import { duplicateOperationIds, operationsOf } from './polish-document';

/**
 * docs/openapi.json, the operator API as the api-edge serves it (apps/e2e/src/api-edge.int-spec.ts
 * checks that it is what the code serves; `npm run codegen:openapi` rewrites it): clean and
 * useful (issue #16).
 */
const ROOT = resolve(__dirname, '../../../..');
const DOCUMENT = join(ROOT, 'docs/openapi.json');

type Json = Record<string, unknown>;
type Media = { schema?: Json; example?: unknown };
type Operation = Json & {
  requestBody?: { content?: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
  security?: Json[];
};

const document = JSON.parse(readFileSync(DOCUMENT, 'utf8')) as Json & {
  servers?: { url: string }[];
  components: Json & { schemas: Record<string, Json> };
};
const operations = operationsOf(document).map(({ path, method, operation }) => ({
  name: `${method.toUpperCase()} ${path}`,
  operation: operation as Operation,
}));

describe('docs/openapi.json', () => {
  it('passes `redocly lint` with the rules of redocly.yaml (recommended): 0 errors', () => {
    const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');
    const run = spawnSync(process.execPath, [cli, 'lint', DOCUMENT, '--config', join(ROOT, 'redocly.yaml'), '--format=json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
    };
    const errors = report.problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`);
    expect(errors.slice(0, 20)).toEqual([]);
    expect([run.status, report.totals.errors]).toEqual([0, 0]);
  });

  it('has servers and one operationId per operation', () => {
    expect(document.servers?.length).toBeGreaterThan(0);
    expect(operations.length).toBeGreaterThan(150);
    expect(Object.fromEntries(duplicateOperationIds(document))).toEqual({});
  });

  it('describes every operation, and documents 401 and 403 problems and the API key on every protected one (the partner token on OCPI ones)', () => {
    const failures = operations.flatMap(({ name, operation }) => {
      const out: string[] = [];
      if (!operation.summary || !operation.description) out.push(`${name}: no summary or description`);
      if (!Object.keys(operation.responses).some((s) => s.startsWith('4'))) out.push(`${name}: no 4xx`);
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
      // OCPI endpoints (partners, not operators): the partner's token instead of an API key, 401 in the OCPI envelope.
      const isOcpi = operation.security?.some((r) => 'ocpiToken' in r) === true;
      if (isOcpi) {
        if (!operation.responses['401']?.content?.['application/json']) out.push(`${name}: no 401 OCPI answer`);
      } else if (!isPublic) {
        if (!operation.security?.some((r) => 'apiKey' in r)) out.push(`${name}: no apiKey security requirement`);
        for (const status of ['401', '403']) {
          if (operation.responses[status]?.content?.['application/problem+json']?.schema?.$ref !== '#/components/schemas/Problem')
            out.push(`${name}: no ${status} Problem`);
        }
      }
      return out;
    });
    expect(failures).toEqual([]);
    expect(document.components.schemas.Problem).toMatchObject({ type: 'object', required: ['type', 'title', 'status'] });
  });

  it('names every request body and 2xx answer schema as a component and gives each an example that fits it (ajv)', () => {
    const validator = new OpenApiSchemaValidator(document.components);
    let checked = 0;
    const failures = operations.flatMap(({ name, operation }) => {
      const media = [
        ...Object.entries(operation.requestBody?.content ?? {}).map(([type, m]) => [`request ${type}`, m] as const),
        ...Object.entries(operation.responses)
          .filter(([status]) => status.startsWith('2'))
          .flatMap(([status, r]) => Object.entries(r.content ?? {}).map(([type, m]) => [`${status} ${type}`, m] as const)),
      ];
      return media.flatMap(([what, m]) => {
        checked++;
        if (typeof m.schema?.$ref !== 'string' || !m.schema.$ref.startsWith('#/components/schemas/'))
          return [`${name} ${what}: inline schema`];
        if (!('example' in m)) return [`${name} ${what}: no example`];
        const errors = validator.errors(m.schema, m.example);
        return errors.length ? [`${name} ${what}: ${errors.join('; ')}`] : [];
      });
    });
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });
});
