import { type ErrorObject } from 'ajv';
import { type RpcErrorName } from '../errors/error-codes';
import { MAX_ERROR_DESCRIPTION_LENGTH, truncateText } from '../framing/call-error-frame';

/**
 * Which RPC error a failing JSON-Schema keyword stands for. The RPC spec leaves the mapping to
 * the implementation: wrong JSON type -> TypeConstraint; a field or item missing or too many ->
 * OccurrenceConstraint; a value out of its allowed set or range -> PropertyConstraint; anything
 * else -> FormatViolation.
 */
const KEYWORDS: ReadonlyArray<readonly [RpcErrorName, readonly string[]]> = [
  ['TypeConstraintViolation', ['type']],
  [
    'OccurrenceConstraintViolation',
    ['required', 'minItems', 'maxItems', 'additionalProperties', 'additionalItems', 'minProperties', 'maxProperties', 'dependencies'],
  ],
  [
    'PropertyConstraintViolation',
    [
      'enum',
      'const',
      'maxLength',
      'minLength',
      'pattern',
      'format',
      'minimum',
      'maximum',
      'exclusiveMinimum',
      'exclusiveMaximum',
      'multipleOf',
      'uniqueItems',
    ],
  ],
];

const BY_KEYWORD: ReadonlyMap<string, RpcErrorName> = new Map(
  KEYWORDS.flatMap(([name, keywords]) => keywords.map((keyword) => [keyword, name] as const)),
);

export function rpcErrorForKeyword(keyword: string): RpcErrorName {
  return BY_KEYWORD.get(keyword) ?? 'FormatViolation';
}

function detail(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return ` ('${String(params['additionalProperty'])}')`;
  if (error.keyword === 'enum' && Array.isArray(params['allowedValues'])) {
    return `: ${params['allowedValues'].map(String).join(', ')}`;
  }
  return '';
}

/** "<instancePath> <ajv message>", e.g. "/idTagInfo/status must be equal to one of the allowed values: …", ≤255 chars. */
export function describeAjvError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  return truncateText(`${where} ${error.message ?? `fails ${error.keyword}`}${detail(error)}`, MAX_ERROR_DESCRIPTION_LENGTH);
}
