import { type OcppVersion } from '../versions/ocpp-version';

/** RPC error codes by their canonical (OCPP 2.x) name; `errorCode()` gives a version's wire spelling. */
export type RpcErrorName =
  | 'NotImplemented'
  | 'NotSupported'
  | 'InternalError'
  | 'ProtocolError'
  | 'SecurityError'
  | 'FormatViolation'
  | 'PropertyConstraintViolation'
  | 'OccurrenceConstraintViolation'
  | 'TypeConstraintViolation'
  | 'GenericError'
  | 'MessageTypeNotSupported'
  | 'RpcFrameworkError';

const RPC_ERROR_NAMES: readonly RpcErrorName[] = [
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormatViolation',
  'PropertyConstraintViolation',
  'OccurrenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
  'MessageTypeNotSupported',
  'RpcFrameworkError',
];

/**
 * OCPP-J 1.6 wire spellings. The 1.6J errata keeps the misspellings "FormationViolation" and
 * "OccurenceConstraintViolation" on purpose, so they are what a 1.6 charger expects.
 *
 * 1.6 defines neither RpcFrameworkError nor MessageTypeNotSupported:
 * - RpcFrameworkError (the frame is not a valid RPC message: bad JSON, not an array, unreadable
 *   id) becomes FormationViolation, which 1.6 defines as "payload is syntactically incorrect or
 *   not conform the PDU structure" — the closest match for a malformed frame.
 * - MessageTypeNotSupported becomes GenericError. In practice it is never sent on 1.6: an unknown
 *   message type is ignored there (reference 1.5), so this mapping only matters if a caller asks.
 */
const WIRE_16: Readonly<Record<RpcErrorName, string>> = {
  NotImplemented: 'NotImplemented',
  NotSupported: 'NotSupported',
  InternalError: 'InternalError',
  ProtocolError: 'ProtocolError',
  SecurityError: 'SecurityError',
  FormatViolation: 'FormationViolation',
  PropertyConstraintViolation: 'PropertyConstraintViolation',
  OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
  TypeConstraintViolation: 'TypeConstraintViolation',
  GenericError: 'GenericError',
  MessageTypeNotSupported: 'GenericError',
  RpcFrameworkError: 'FormationViolation',
};

const CODES_16: readonly string[] = Object.freeze([...new Set(Object.values(WIRE_16))]);
const CODES_2X: readonly string[] = Object.freeze([...RPC_ERROR_NAMES]);

/** Either spelling -> canonical name. */
const BY_CODE: ReadonlyMap<string, RpcErrorName> = new Map<string, RpcErrorName>([
  ...RPC_ERROR_NAMES.map((name): [string, RpcErrorName] => [name, name]),
  ['FormationViolation', 'FormatViolation'],
  ['OccurenceConstraintViolation', 'OccurrenceConstraintViolation'],
]);

/** The error code to put on the wire for `name` on a connection speaking `version`. */
export function errorCode(version: OcppVersion, name: RpcErrorName): string {
  return version === 'ocpp1.6' ? WIRE_16[name] : name;
}

/** Canonical name for an error code received in either the 1.6 or the 2.x spelling. */
export function normalizeErrorCode(code: string): RpcErrorName | undefined {
  return BY_CODE.get(code);
}

/** The error codes `version` defines, in its wire spelling (10 for 1.6, 12 for 2.x). */
export function errorCodesOf(version: OcppVersion): readonly string[] {
  return version === 'ocpp1.6' ? CODES_16 : CODES_2X;
}
