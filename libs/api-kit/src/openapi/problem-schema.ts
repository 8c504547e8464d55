import type { SchemaObject } from '@nestjs/swagger';

/** Name of the problem schema in `components.schemas` of every OpenAPI document of the API. */
export const PROBLEM_SCHEMA_NAME = 'Problem';

/** Media type of every error answer of the operator API (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * An RFC 9457 problem, as ProblemFilter (and the api-edge) sends every error: the standard members,
 * an optional machine-readable `code`, and extension members that some answers add (e.g.
 * `stationId`, `errors`, `callError`). The one definition for every service's OpenAPI document.
 */
export const problemSchema: SchemaObject = {
  type: 'object',
  description: 'An RFC 9457 problem: the body of every error answer (application/problem+json)',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', description: 'A URI reference naming the problem type; about:blank for a plain HTTP status' },
    title: { type: 'string', description: 'Short summary of the problem type (the HTTP reason phrase for about:blank)' },
    status: { type: 'integer', minimum: 100, maximum: 599, description: 'The HTTP status code' },
    detail: { type: 'string', description: 'What went wrong with this request, for a person' },
    instance: { type: 'string', description: 'The request path' },
    code: { type: 'string', description: 'Machine-readable reason, where the answer has one (e.g. station-offline, TOKEN_ALREADY_EXISTS)' },
  },
  additionalProperties: true,
  example: { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No station CP-0001', instance: '/api/v1/stations/CP-0001' },
};
