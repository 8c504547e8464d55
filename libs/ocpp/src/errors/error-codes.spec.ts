import { OCPP_VERSIONS } from '../versions/ocpp-version';
import { errorCode, errorCodesOf, normalizeErrorCode, type RpcErrorName } from './error-codes';

const NAMES: readonly RpcErrorName[] = [
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

describe('error codes', () => {
  it.each([
    ['FormatViolation', 'FormationViolation', 'FormatViolation'],
    ['OccurrenceConstraintViolation', 'OccurenceConstraintViolation', 'OccurrenceConstraintViolation'],
    ['RpcFrameworkError', 'FormationViolation', 'RpcFrameworkError'],
    ['MessageTypeNotSupported', 'GenericError', 'MessageTypeNotSupported'],
    ['TypeConstraintViolation', 'TypeConstraintViolation', 'TypeConstraintViolation'],
    ['NotImplemented', 'NotImplemented', 'NotImplemented'],
  ] as const)('%s is spelled %s on 1.6 and %s on 2.x', (name, v16, v2x) => {
    expect(errorCode('ocpp1.6', name)).toBe(v16);
    expect(errorCode('ocpp2.0.1', name)).toBe(v2x);
    expect(errorCode('ocpp2.1', name)).toBe(v2x);
  });

  it.each(OCPP_VERSIONS)('%s: every wire code is one the version defines', (version) => {
    for (const name of NAMES) expect(errorCodesOf(version)).toContain(errorCode(version, name));
  });

  it('1.6 defines the 10 published codes, 2.x all 12', () => {
    expect([...errorCodesOf('ocpp1.6')].sort()).toEqual(
      [
        'NotImplemented',
        'NotSupported',
        'InternalError',
        'ProtocolError',
        'SecurityError',
        'FormationViolation',
        'PropertyConstraintViolation',
        'OccurenceConstraintViolation',
        'TypeConstraintViolation',
        'GenericError',
      ].sort(),
    );
    expect([...errorCodesOf('ocpp2.0.1')].sort()).toEqual([...NAMES].sort());
    expect(errorCodesOf('ocpp2.1')).toEqual(errorCodesOf('ocpp2.0.1'));
  });

  it.each([
    ['FormationViolation', 'FormatViolation'],
    ['FormatViolation', 'FormatViolation'],
    ['OccurenceConstraintViolation', 'OccurrenceConstraintViolation'],
    ['OccurrenceConstraintViolation', 'OccurrenceConstraintViolation'],
    ['RpcFrameworkError', 'RpcFrameworkError'],
    ['GenericError', 'GenericError'],
    ['formatviolation', undefined],
    ['SomethingElse', undefined],
    ['toString', undefined],
  ])('normalizeErrorCode(%s) -> %s', (code, name) => {
    expect(normalizeErrorCode(code)).toBe(name);
  });

  it.each(NAMES)('%s survives a round trip through every version spelling', (name) => {
    expect(normalizeErrorCode(errorCode('ocpp2.1', name))).toBe(name);
    const v16 = normalizeErrorCode(errorCode('ocpp1.6', name));
    expect(v16).toBeDefined();
  });
});
