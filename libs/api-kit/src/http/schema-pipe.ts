import type { PipeTransform } from '@nestjs/common';
import Ajv, { type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { badRequest } from './problem';

const strict = new Ajv({ allErrors: true, strict: false, useDefaults: true });
const coercing = new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: true });
addFormats(strict);
addFormats(coercing);

/**
 * Validates a request body (or, with `coerce`, a query string) against a JSON schema. The same
 * schema documents the endpoint in OpenAPI. Failures are 400 problems listing every error.
 */
export class SchemaPipe<T = unknown> implements PipeTransform<unknown, T> {
  private readonly validate: ValidateFunction;

  constructor(
    schema: AnySchema,
    private readonly what: 'body' | 'query' = 'body',
  ) {
    this.validate = (what === 'query' ? coercing : strict).compile(schema);
  }

  transform(value: unknown): T {
    const input = value ?? {};
    if (this.validate(input)) return input as T;
    const errors = (this.validate.errors ?? []).slice(0, 20).map(describe);
    throw badRequest(`Invalid ${this.what}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, { errors });
  }
}

function describe(error: ErrorObject): { path: string; message: string } {
  const base = error.instancePath || '/';
  if (error.keyword === 'additionalProperties') {
    return { path: base, message: `has unknown property "${String((error.params as { additionalProperty: string }).additionalProperty)}"` };
  }
  if (error.keyword === 'required')
    return { path: base, message: `must have property "${String((error.params as { missingProperty: string }).missingProperty)}"` };
  if (error.keyword === 'enum')
    return {
      path: base,
      message: `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`,
    };
  return { path: base, message: error.message ?? 'is invalid' };
}
