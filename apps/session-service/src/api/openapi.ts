import { applyDecorators } from '@nestjs/common';
import { ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { COMMAND_QUEUE_FULL_RESPONSE } from '@voltlane/api-kit';
import { commandAnswerSchema, problemSchema } from './schemas';

type Json = Record<string, unknown>;

/** One ApiQuery per property of a query schema. */
export function ApiQueries(schema: Json): MethodDecorator {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  return applyDecorators(
    ...Object.entries(properties).map(([name, property]) => ApiQuery({ name, required: required.has(name), schema: property })),
  );
}

const problem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: problemSchema } } });

/** The answers of a station command endpoint (api-kit commandResponse). */
export function CommandResponses(extra: Json = {}): MethodDecorator {
  return applyDecorators(
    ApiResponse({
      status: 200,
      description: "The station's answer",
      schema: { ...commandAnswerSchema, properties: { ...(commandAnswerSchema.properties as Json), ...extra } } as SchemaObject,
    }),
    problem(400, 'Invalid body or query, or the payload does not fit the station’s OCPP version'),
    problem(404, 'Unknown session'),
    problem(409, 'Station not connected, or not accepted (boot Pending/Rejected)'),
    ApiResponse({ ...COMMAND_QUEUE_FULL_RESPONSE, content: { 'application/problem+json': { schema: problemSchema } } }),
    problem(502, 'The station answered with a CALLERROR or an invalid payload'),
    problem(504, 'The station did not answer in time'),
  );
}

export function ReadResponses(schema: Json): MethodDecorator {
  return applyDecorators(ApiResponse({ status: 200, schema }), problem(400, 'Invalid query'), problem(404, 'Not found'));
}
