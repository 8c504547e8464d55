import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';

/** OpenAPI schema of the OCPI response envelope around `data` (none: an answer without data). */
export function ocpiEnvelopeSchema(data?: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'object',
    required: ['status_code', 'timestamp'],
    properties: {
      ...(data ? { data } : {}),
      status_code: { type: 'integer', description: 'OCPI status code: 1xxx success, 2xxx client error, 3xxx server error' },
      status_message: { type: 'string' },
      timestamp: { type: 'string', format: 'date-time' },
    },
  };
}

const errorEnvelope = ocpiEnvelopeSchema();

/** An OCPI error answer in the envelope (documented on OCPI operations instead of problem+json). */
export const ApiOcpiError = (status: number, description: string): MethodDecorator & ClassDecorator =>
  ApiResponse({ status, description, content: { 'application/json': { schema: errorEnvelope } } });

/** The headers every OCPI request may carry, and the 401 every OCPI operation can answer. */
export function ApiOcpiRequest(options: { routed?: boolean } = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({ name: 'X-Request-ID', required: false, description: 'Echoed in the answer (one is made up when absent)' }),
    ApiHeader({ name: 'X-Correlation-ID', required: false, description: 'Echoed in the answer and carried on requests it causes' }),
    ...(options.routed
      ? [
          ApiHeader({ name: 'OCPI-from-country-code', required: false, description: 'The party the request is from (message routing)' }),
          ApiHeader({ name: 'OCPI-from-party-id', required: false, description: 'The party the request is from (message routing)' }),
          ApiHeader({ name: 'OCPI-to-country-code', required: false, description: 'The party the request is for (message routing)' }),
          ApiHeader({ name: 'OCPI-to-party-id', required: false, description: 'The party the request is for (message routing)' }),
        ]
      : []),
    ApiOcpiError(401, 'No credentials token, an unknown one, or a registration token outside versions and credentials (status_code 2000)'),
  );
}
