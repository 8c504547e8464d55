import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './operator-api.generated';

/** The operator API's paths, operations and schemas, as docs/openapi.json declares them. */
export type OperatorApiPaths = paths;
export type OperatorApiOperations = operations;
export type OperatorApiSchemas = components['schemas'];

/** A fetch client typed by docs/openapi.json: `client.GET('/api/v1/stations/{id}', { params: { path: { id } } })`. */
export type OperatorApiClient = Client<paths>;

/**
 * A typed client of the operator API at `baseUrl` (the api-edge, or a process's own API), sending
 * `apiKey` as X-API-Key on every request (none: requests without a key), through `options.fetch`
 * (default: the global fetch). The types are generated
 * from docs/openapi.json by `npm run codegen:openapi`.
 */
export function operatorApiClient(baseUrl: string, apiKey?: string, options: { fetch?: typeof fetch } = {}): OperatorApiClient {
  return createClient<paths>({
    baseUrl,
    headers: apiKey === undefined ? {} : { 'X-API-Key': apiKey },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
