import { ContractViolation } from '@voltlane/contracts';
import { classifyFailure } from './failure-class';
import { PermanentFailure, TransientFailure, ValueOutOfBounds } from './permanent-failure';

function pgError(code: string, message = 'pg says no'): Error {
  return Object.assign(new Error(message), { name: 'error', code, severity: 'ERROR' });
}

/** TypeORM wraps the driver's error and copies its fields. */
function queryFailed(code: string, message: string): Error {
  const driverError = pgError(code, message);
  return Object.assign(new Error(message), { name: 'QueryFailedError', code, driverError });
}

function kafkaError(name: string, retriable: boolean): Error {
  return Object.assign(new Error(name), { name, retriable });
}

describe('classifyFailure', () => {
  it.each([
    [
      'a value out of range (checked before the database)',
      new ValueOutOfBounds('StartTransaction.connectorId', '2147483648 is outside int4'),
      'ValueOutOfBounds',
    ],
    ['a domain refusal', new PermanentFailure('UnknownTariff', 'no tariff'), 'UnknownTariff'],
    ['a broken contract', new ContractViolation('sessions.lifecycle.v1', 'sessionId missing'), 'ContractViolation'],
    ['a record that is not JSON', new SyntaxError('Unexpected token'), 'MalformedJson'],
    [
      'integer out of range (22003) from TypeORM',
      queryFailed('22003', 'value "2147483648" is out of range for type integer'),
      'DatabaseRejectedValue',
    ],
    ['NUL in text (22021)', pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00'), 'DatabaseRejectedValue'],
    ['NUL in jsonb (22P05)', pgError('22P05', 'unsupported Unicode escape sequence'), 'DatabaseRejectedValue'],
    ['a unique violation (23505)', pgError('23505'), 'ConstraintViolation'],
    ['a syntax error in our SQL (42601)', pgError('42601'), 'DatabaseRejected'],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')"), 'Bug'],
    ['an unknown error', new Error('something odd'), 'Unprocessable'],
    ['a record the broker refuses', kafkaError('KafkaJSProtocolError', false), 'BrokerRejected'],
  ])('%s is permanent', (_what, error, code) => {
    expect(classifyFailure(error)).toEqual({ kind: 'permanent', code, reason: error.message });
  });

  it.each([
    ['a serialization failure (40001)', queryFailed('40001', 'could not serialize access'), 'LockConflict'],
    ['a deadlock (40P01)', pgError('40P01'), 'LockConflict'],
    ['a lock not available (55P03)', pgError('55P03'), 'LockConflict'],
    [
      'an administrator shutdown (57P01)',
      queryFailed('57P01', 'terminating connection due to administrator command'),
      'DatabaseUnavailable',
    ],
    ['too many connections (53300)', pgError('53300'), 'DatabaseUnavailable'],
    ['a lost connection (08006)', pgError('08006'), 'DatabaseUnavailable'],
    ['a statement timeout (57014)', pgError('57014'), 'DatabaseUnavailable'],
    ['a refused socket', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 'ServerUnreachable'],
    [
      'a reset socket wrapped as cause',
      new Error('publish failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }),
      'ServerUnreachable',
    ],
    ['the pg pool losing its connection', new Error('Connection terminated unexpectedly'), 'ServerUnreachable'],
    ['the pg pool timing out', new Error('timeout exceeded when trying to connect'), 'ServerUnreachable'],
    ['ioredis with the connection closed', new Error('Connection is closed.'), 'ServerUnreachable'],
    [
      'TypeORM after its DataSource was destroyed (shutdown)',
      Object.assign(new Error('Driver not Connected'), { name: 'TypeORMError' }),
      'ServerUnreachable',
    ],
    [
      'TypeORM before its DataSource is initialized',
      Object.assign(new Error('Cannot execute operation on "default" connection because connection is not yet established.'), {
        name: 'CannotExecuteNotConnectedError',
      }),
      'ServerUnreachable',
    ],
    ['a broker that is gone', kafkaError('KafkaJSNumberOfRetriesExceeded', false), 'BrokerUnavailable'],
    ['a broker connection error', kafkaError('KafkaJSConnectionError', true), 'BrokerUnavailable'],
    ['a timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'Timeout'],
    ['a closed socket', Object.assign(new Error('socket closed'), { code: 'ERR_SOCKET_CLOSED' }), 'ServerUnreachable'],
    ['a race a later attempt passes', new TransientFailure('session neither inserted nor found'), 'Race'],
  ])('%s is transient', (_what, error, code) => {
    expect(classifyFailure(error)).toMatchObject({ kind: 'transient', code });
  });
});
