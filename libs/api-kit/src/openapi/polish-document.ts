import { STATUS_CODES } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { COMMAND_PARTS_SCHEMA_NAME, commandPartsDefinition } from '../commands/splitting/command-parts.schema';
import { PROBLEM_MEDIA_TYPE, PROBLEM_SCHEMA_NAME, problemSchema } from './problem-schema';
import { exampleFor } from './schema-example';

type Json = Record<string, unknown>;

/** The HTTP methods an OpenAPI path item can hold an operation under. */
export const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Set on the operations of `@Public()` routes (no API key needed): they get `security: []` and no
 * 401/403. The polishing pass removes the extension.
 */
export const PUBLIC_OPERATION_EXTENSION = 'x-voltlane-public';

/**
 * On an operation: security schemes it names besides the API key (`{ name: definition }`), e.g. a
 * public operation that checks a credential of its own (OCPI's `Authorization: Token`). Polishing
 * moves them into components.securitySchemes; a public operation that declares such a
 * requirement (`@ApiSecurity(name)`) keeps it instead of `security: []`.
 */
export const SECURITY_SCHEMES_EXTENSION = 'x-voltlane-security-schemes';

/** The security scheme every other operation needs (DocumentBuilder.addApiKey(…, 'apiKey')). */
export const API_KEY_SECURITY_SCHEME = 'apiKey';

const PROBLEM_REF = `#/components/schemas/${PROBLEM_SCHEMA_NAME}`;
const problemContent = (): Json => ({ [PROBLEM_MEDIA_TYPE]: { schema: { $ref: PROBLEM_REF } } });

export interface DocumentOperation {
  path: string;
  method: (typeof OPERATION_METHODS)[number];
  operation: Json;
}

/** Every operation of the document, in path order as the document has them. */
export function operationsOf(document: unknown): DocumentOperation[] {
  const paths = ((document as Json | undefined)?.paths ?? {}) as Record<string, Json | undefined>;
  return Object.entries(paths).flatMap(([path, item]) =>
    OPERATION_METHODS.filter((method) => item?.[method] && typeof item[method] === 'object').map((method) => ({
      path,
      method,
      operation: item![method] as Json,
    })),
  );
}

/** operationIds that more than one operation uses (or that an operation lacks: ''), with `METHOD /path` of each. */
export function duplicateOperationIds(document: unknown): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  for (const { path, method, operation } of operationsOf(document)) {
    const id = typeof operation.operationId === 'string' ? operation.operationId : '';
    byId.set(id, [...(byId.get(id) ?? []), `${method.toUpperCase()} ${path}`]);
  }
  return new Map([...byId].filter(([id, where]) => id === '' || where.length > 1));
}

/** Thrown at start-up: a client generated from the document would have two methods of one name. */
export class DuplicateOperationIdsError extends Error {
  constructor(
    readonly duplicates: Map<string, string[]>,
    what: string,
  ) {
    super(
      `${what} has operations without a unique operationId (give each @ApiOperation({ operationId }) its own): ` +
        [...duplicates].map(([id, where]) => `${id === '' ? '(no operationId)' : id}: ${where.join(', ')}`).join('; '),
    );
    this.name = 'DuplicateOperationIdsError';
  }
}

/** Throws DuplicateOperationIdsError, listing every clash, unless each operation has its own operationId. */
export function assertUniqueOperationIds(document: unknown, what = 'The OpenAPI document'): void {
  const duplicates = duplicateOperationIds(document);
  if (duplicates.size > 0) throw new DuplicateOperationIdsError(duplicates, what);
}

/**
 * The OpenAPI document a process serves, made clean and useful (issue #16) from what
 * SwaggerModule generated from the controllers:
 * - every operationId unique, or DuplicateOperationIdsError (never renamed silently);
 * - `servers: [{url: '/'}]` (the api-edge puts its public URL instead);
 * - `Problem` in components.schemas, and every application/problem+json answer that documents no
 *   more than a problem refers to it;
 * - every operation but the public ones needs the API key and documents 401 and 403; every
 *   operation has a 4xx answer, a summary and a description; every answer a description;
 * - every inline request body and 2xx answer schema is a named component, `<OperationId>Request`
 *   / `<OperationId>Response` (another 2xx status: `<OperationId><status>Response`; another media
 *   type: `<OperationId><Subtype>Response`), an identical one under the same name shared;
 * - every request body and 2xx answer has an example (generated from its schema when it has none).
 * Returns a new document; deterministic for one input.
 */
export function polishDocument<T extends object>(input: T, options: { securityScheme?: string } = {}): T {
  assertUniqueOperationIds(input);
  const document = structuredClone(input) as Json;
  const scheme = options.securityScheme ?? API_KEY_SECURITY_SCHEME;
  const components = (document.components ??= {}) as Json;
  const schemas = (components.schemas ??= {}) as Record<string, unknown>;
  schemas[PROBLEM_SCHEMA_NAME] = structuredClone(problemSchema);
  document.servers = [{ url: '/', description: 'This process (through the api-edge: the edge’s public URL)' }];
  const resolve = (ref: string): Json | undefined => {
    const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
    return match ? (schemas[match[1]] as Json | undefined) : undefined;
  };

  for (const { path, method, operation } of operationsOf(document)) {
    const isPublic = operation[PUBLIC_OPERATION_EXTENSION] === true;
    delete operation[PUBLIC_OPERATION_EXTENSION];
    const declaredSchemes = operation[SECURITY_SCHEMES_EXTENSION] as Record<string, unknown> | undefined;
    delete operation[SECURITY_SCHEMES_EXTENSION];
    if (declaredSchemes && typeof declaredSchemes === 'object') {
      const securitySchemes = (components.securitySchemes ??= {}) as Record<string, unknown>;
      for (const [name, definition] of Object.entries(declaredSchemes)) securitySchemes[name] ??= definition;
    }
    const base = pascalCase(String(operation.operationId));
    if (!nonEmpty(operation.summary)) operation.summary = generatedSummary(method, path, operation);
    if (!nonEmpty(operation.description)) operation.description = sentence(String(operation.summary));

    const responses = (operation.responses ??= {}) as Record<string, Json>;
    if (isPublic) operation.security = ownSecurity(operation.security, scheme);
    else {
      const security = Array.isArray(operation.security) ? (operation.security as Json[]) : [];
      if (!security.some((requirement) => scheme in requirement)) operation.security = [...security, { [scheme]: [] }];
      responses['401'] ??= {
        description: 'No API key, or not a valid one (send "X-API-Key: <key>" or "Authorization: Bearer <key>")',
        content: problemContent(),
      };
      responses['403'] ??= {
        description:
          'The API key lacks the scope this operation needs (GET and HEAD need read, every other method write; API keys need admin)',
        content: problemContent(),
      };
    }
    if (!Object.keys(responses).some((status) => /^4(\d\d|XX)$/.test(status)))
      responses['4XX'] = { description: 'The request was refused', content: problemContent() };

    for (const [status, response] of Object.entries(responses)) {
      if (!nonEmpty(response.description)) response.description = STATUS_CODES[status] ?? (status.startsWith('2') ? 'Success' : 'Error');
      const content = response.content as Record<string, Json> | undefined;
      const problem = content?.[PROBLEM_MEDIA_TYPE];
      if (problem && coveredByProblem(problem.schema)) problem.schema = { $ref: PROBLEM_REF };
    }

    const requestBody = operation.requestBody as Json | undefined;
    const requestContent = requestBody?.content as Record<string, Json> | undefined;
    if (requestContent) hoistContent(requestContent, `${base}`, 'Request', schemas, resolve);
    let firstSuccess = true;
    for (const status of Object.keys(responses)
      .filter((s) => /^2(\d\d|XX)$/.test(s))
      .sort()) {
      const content = responses[status].content as Record<string, Json> | undefined;
      if (!content || Object.keys(content).length === 0) continue;
      hoistContent(content, firstSuccess ? base : `${base}${status}`, 'Response', schemas, resolve);
      firstSuccess = false;
    }
  }
  if (JSON.stringify(document).includes(`"#/components/schemas/${COMMAND_PARTS_SCHEMA_NAME}"`))
    schemas[COMMAND_PARTS_SCHEMA_NAME] ??= structuredClone(commandPartsDefinition);
  components.schemas = sortKeys(schemas);
  return document as T;
}

/** A public operation's security: the requirements it declares itself (not the API key), else none. */
function ownSecurity(security: unknown, apiKeyScheme: string): Json[] {
  if (!Array.isArray(security)) return [];
  return (security as Json[]).filter((requirement) => Object.keys(requirement).length > 0 && !(apiKeyScheme in requirement));
}

/** Hoists each media type's inline schema into components.schemas and gives it an example. */
function hoistContent(
  content: Record<string, Json>,
  base: string,
  suffix: string,
  schemas: Record<string, unknown>,
  resolve: (ref: string) => Json | undefined,
): void {
  const mediaTypes = Object.keys(content);
  const primary = mediaTypes.find((m) => /json/.test(m)) ?? mediaTypes[0];
  for (const mediaType of mediaTypes) {
    const media = content[mediaType];
    const schema = media.schema as Json | undefined;
    if (schema && !isRef(schema)) {
      const name = uniqueName(`${base}${mediaType === primary ? '' : pascalCase(subtypeOf(mediaType))}${suffix}`, schema, schemas);
      schemas[name] = schema;
      media.schema = { $ref: `#/components/schemas/${name}` };
    }
    if (media.schema && !('example' in media) && !('examples' in media)) media.example = exampleFor(media.schema, resolve);
  }
}

/** `name`, or `name2`, `name3`… when another schema has it; an identical schema keeps the name. */
function uniqueName(name: string, schema: Json, schemas: Record<string, unknown>): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${name}${n}`;
    if (!(candidate in schemas) || isDeepStrictEqual(schemas[candidate], schema)) return candidate;
  }
}

/** A problem schema that says no more than Problem (its properties are Problem's): replaced by the reference. */
function coveredByProblem(schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return true;
  const s = schema as Json;
  if (isRef(s)) return s.$ref === PROBLEM_REF;
  if (isDeepStrictEqual(s, problemSchema)) return true;
  const known = Object.keys(problemSchema.properties ?? {});
  const keywordsOk = Object.keys(s).every((k) =>
    ['type', 'properties', 'description', 'required', 'additionalProperties', 'title', 'example'].includes(k),
  );
  return (
    keywordsOk &&
    (s.type === undefined || s.type === 'object') &&
    Object.keys((s.properties as Json | undefined) ?? {}).every((p) => known.includes(p))
  );
}

const isRef = (schema: Json): boolean => typeof schema.$ref === 'string';
const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;
const sentence = (text: string): string => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
const subtypeOf = (mediaType: string): string => mediaType.split(';')[0].split('/').pop()!.replace(/\+.*$/, '');

/** `ocpp16Reset` → `Ocpp16Reset`, `ApiKeysController_create` → `ApiKeysControllerCreate`, `text/csv` → `Csv`. */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

function generatedSummary(method: string, path: string, operation: Json): string {
  const tag = Array.isArray(operation.tags) && typeof operation.tags[0] === 'string' ? ` (${operation.tags[0]})` : '';
  return `${method.toUpperCase()} ${path}${tag}`;
}

const sortKeys = <V>(record: Record<string, V>): Record<string, V> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
