import { ContractViolation } from '@voltlane/contracts';
import { PermanentFailure, TransientFailure } from './permanent-failure';

/**
 * How a consumer treats a handler's error:
 * - transient: the world is briefly unable (a server unreachable, a lock or serialization
 *   conflict, a timeout). Retried with back-off and jitter; nothing is lost.
 * - permanent: the record itself can never succeed (a broken contract, a value out of range, a
 *   constraint or encoding the database refuses, a value the domain refuses, a bug). Never retried
 *   in place: answered definitively and parked as a dead letter.
 */
export interface FailureClass {
  kind: 'transient' | 'permanent';
  /** A short stable name for metrics and dead letters (e.g. ValueOutOfBounds, DatabaseUnavailable). */
  code: string;
  reason: string;
}

/** PostgreSQL SQLSTATE classes and codes that a later attempt can pass. */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '53', '57', '58']);
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03', '55006']);
/** Node socket errors: the server is not reachable right now. */
const TRANSIENT_SYSCALL_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
  'EADDRNOTAVAIL',
  'ESOCKETTIMEDOUT',
  'ERR_SOCKET_CLOSED',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
/** Messages of the pg pool and ioredis when the connection is gone (they carry no code). */
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /connection (is )?closed/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
  /max retries per request/i,
  /stream isn't writeable/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  // TypeORM once its DataSource is destroyed (a service shutting down while a record is in hand).
  /driver not connected/i,
  /connection is not yet established/i,
];

/** The error and the errors it wraps (TypeORM's driverError, `cause`), outermost first. */
function* chain(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const record = current as Record<string, unknown>;
    yield record;
    current = record['driverError'] ?? record['cause'] ?? record['originalError'];
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Decides whether retrying `error` can help; everything not known to be transient is permanent. */
export function classifyFailure(error: unknown): FailureClass {
  const reason = messageOf(error);
  for (const e of chain(error)) {
    if (e instanceof PermanentFailure) return { kind: 'permanent', code: e.code, reason };
    if (e instanceof TransientFailure) return { kind: 'transient', code: 'Race', reason };
    if (e instanceof ContractViolation) return { kind: 'permanent', code: 'ContractViolation', reason };
    if (e instanceof SyntaxError) return { kind: 'permanent', code: 'MalformedJson', reason };
    const name = typeof e['name'] === 'string' ? e['name'] : '';
    const code = typeof e['code'] === 'string' ? e['code'] : '';
    if (/^[0-9A-Z]{5}$/.test(code) && (e['severity'] !== undefined || name === 'QueryFailedError' || name === 'error')) {
      if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2)))
        return { kind: 'transient', code: code.startsWith('40') || code.startsWith('55') ? 'LockConflict' : 'DatabaseUnavailable', reason };
      if (code.startsWith('22')) return { kind: 'permanent', code: 'DatabaseRejectedValue', reason };
      if (code.startsWith('23')) return { kind: 'permanent', code: 'ConstraintViolation', reason };
      return { kind: 'permanent', code: 'DatabaseRejected', reason };
    }
    if (TRANSIENT_SYSCALL_CODES.has(code)) return { kind: 'transient', code: 'ServerUnreachable', reason };
    if (name.startsWith('KafkaJS')) {
      // A record the broker refuses (too large, invalid) is not cured by retrying; anything else is the broker.
      if (e['retriable'] === false && name === 'KafkaJSProtocolError') return { kind: 'permanent', code: 'BrokerRejected', reason };
      return { kind: 'transient', code: 'BrokerUnavailable', reason };
    }
    if (name === 'TimeoutError' || name === 'AbortError' || code === 'ETIMEOUT') return { kind: 'transient', code: 'Timeout', reason };
    if (name === 'MaxRetriesPerRequestError') return { kind: 'transient', code: 'CacheUnavailable', reason };
    const message = typeof e['message'] === 'string' ? e['message'] : '';
    if (TRANSIENT_MESSAGES.some((pattern) => pattern.test(message))) return { kind: 'transient', code: 'ServerUnreachable', reason };
  }
  const own = error && typeof error === 'object' ? (error as Record<string, unknown>)['code'] : undefined;
  if (typeof own === 'string' && /^[A-Za-z][A-Za-z0-9_]{2,63}$/.test(own)) return { kind: 'permanent', code: own, reason };
  return {
    kind: 'permanent',
    code: error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError ? 'Bug' : 'Unprocessable',
    reason,
  };
}
