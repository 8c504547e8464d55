import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { badRequest, type ProblemError } from './problem';

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

const INTEGER = /^[+-]?\d{1,20}$/;

/**
 * A path or query parameter as a PostgreSQL integer (int4), or the 400 problem that names it.
 * The one parser of integer parameters of the operator API: `abc`, `1.5`, `2147483648` never
 * reach a query (where they were a 500 `value out of range for type integer`).
 */
export function parseInt32(text: unknown, parameter: string, bounds: { min?: number; max?: number } = {}): number {
  const min = bounds.min ?? INT32_MIN;
  const max = bounds.max ?? INT32_MAX;
  const value = typeof text === 'string' && INTEGER.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) throw int32Problem(text, parameter, min, max);
  return value;
}

function int32Problem(text: unknown, parameter: string, min: number, max: number): ProblemError {
  const shown = typeof text === 'string' ? (text.length > 40 ? `${text.slice(0, 37)}...` : text) : String(text);
  return badRequest(`${parameter} must be an integer from ${min} to ${max}, not "${shown}"`, { parameter });
}

/** `@Param('reservationId', Int32Pipe) reservationId: number` (or `new Int32Pipe({ min: 0 })`). */
export class Int32Pipe implements PipeTransform<unknown, number> {
  constructor(private readonly bounds: { min?: number; max?: number } = {}) {}

  transform(value: unknown, metadata: ArgumentMetadata): number {
    return parseInt32(value, metadata.data ?? metadata.type, this.bounds);
  }
}
