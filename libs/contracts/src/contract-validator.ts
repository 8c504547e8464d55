import Ajv, { type AnySchema, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** A message that left another process does not match its contract. */
export class ContractViolation extends Error {
  constructor(readonly contract: string, readonly detail: string) {
    super(`${contract} contract violated: ${detail}`);
    this.name = 'ContractViolation';
  }
}

const ajv = new Ajv({ allErrors: false, strict: true });
addFormats(ajv);

/** Compiles a contract's JSON schema once; the returned function validates and narrows. */
export function contractValidator<T>(name: string, schema: AnySchema): (value: unknown) => T {
  const validate: ValidateFunction = ajv.compile(schema);
  return (value: unknown): T => {
    if (validate(value)) return value as T;
    const error = validate.errors?.[0];
    throw new ContractViolation(name, `${error?.instancePath || '/'} ${error?.message ?? 'is invalid'}`);
  };
}
