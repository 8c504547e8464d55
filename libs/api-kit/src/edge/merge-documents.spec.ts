import { DuplicateOperationIdsError } from '../openapi/polish-document';
import { OWNER_EXTENSION, mergeDocuments } from './merge-documents';

describe('mergeDocuments', () => {
  const station = {
    openapi: '3.0.0',
    info: { title: 'Voltlane operator API', version: '1' },
    security: [{ apiKey: [] }],
    tags: [{ name: 'stations' }],
    paths: {
      '/api/v1/stations': {
        get: {
          operationId: 'listStations',
          responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } } },
        },
      },
      '/api/v1/dead-letters': { get: { operationId: 'dl' } },
    },
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
      schemas: { Problem: { type: 'object', properties: { status: { type: 'integer' } } }, Station: { type: 'object' } },
    },
  };
  const billing = {
    openapi: '3.0.0',
    info: { title: 'Voltlane operator API', version: '1' },
    tags: [{ name: 'stations' }, { name: 'billing' }],
    paths: {
      '/api/v1/cdrs': {
        parameters: [{ name: 'x', in: 'query' }],
        get: {
          operationId: 'listCdrs',
          responses: { 400: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } } },
        },
      },
      '/api/v1/dead-letters': { get: { operationId: 'dl' } },
    },
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
      schemas: { Problem: { type: 'object', properties: { code: { type: 'string' } } }, Station: { type: 'object' } },
    },
  };
  const merged = mergeDocuments(
    [
      { service: 'station', document: station },
      { service: 'billing', document: billing },
    ],
    { serverUrl: 'https://api.example.com' },
  ) as {
    servers: { url: string }[];
    tags: unknown[];
    paths: Record<string, Record<string, Record<string, unknown>>>;
    components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    security: unknown;
  };

  it('keeps every operation, marked with the service that answers it', () => {
    expect(Object.keys(merged.paths)).toEqual(['/api/v1/cdrs', '/api/v1/dead-letters', '/api/v1/stations']);
    expect(merged.paths['/api/v1/stations'].get[OWNER_EXTENSION]).toBe('station');
    expect(merged.paths['/api/v1/cdrs'].get[OWNER_EXTENSION]).toBe('billing');
    expect(merged.paths['/api/v1/cdrs'].parameters).toEqual([{ name: 'x', in: 'query' }]);
    expect(merged.paths['/api/v1/dead-letters'].get[OWNER_EXTENSION]).toBe('station');
  });

  it('shares identical components, and renames a clashing one with its references', () => {
    expect(Object.keys(merged.components.schemas).sort()).toEqual(['Problem', 'Station', 'billing_Problem']);
    expect(merged.components.schemas.billing_Problem).toEqual(billing.components.schemas.Problem);
    expect(JSON.stringify(merged.paths['/api/v1/cdrs'])).toContain('#/components/schemas/billing_Problem');
    expect(JSON.stringify(merged.paths['/api/v1/stations'])).toContain('"#/components/schemas/Problem"');
    expect(Object.keys(merged.components.securitySchemes)).toEqual(['apiKey']);
  });

  it('refuses an operationId that operations of two services share, listing them; an operation both serve keeps its one id', () => {
    const one = {
      paths: { '/api/v1/things': { get: { operationId: 'listThings' } }, '/api/v1/dead-letters': { get: { operationId: 'dl' } } },
    };
    const two = {
      paths: { '/api/v1/other-things': { get: { operationId: 'listThings' } }, '/api/v1/dead-letters': { get: { operationId: 'dl' } } },
    };
    const merge = () =>
      mergeDocuments(
        [
          { service: 'station', document: one },
          { service: 'billing', document: two },
        ],
        { serverUrl: '/' },
      );
    expect(merge).toThrow(DuplicateOperationIdsError);
    expect(merge).toThrow('listThings: GET /api/v1/other-things, GET /api/v1/things');
    expect(() =>
      mergeDocuments(
        [
          { service: 'station', document: one },
          { service: 'billing', document: { paths: { '/api/v1/dead-letters': { get: { operationId: 'dl' } } } } },
        ],
        { serverUrl: '/' },
      ),
    ).not.toThrow();
  });

  it('names the entry point in servers and merges tags and security', () => {
    expect(merged.servers).toEqual([expect.objectContaining({ url: 'https://api.example.com' })]);
    expect(merged.tags).toEqual([{ name: 'stations' }, { name: 'billing' }]);
    expect(merged.security).toEqual([{ apiKey: [] }]);
  });
});
