import { ocppValidator, type OcppVersion, type RpcErrorName } from '@voltlane/ocpp';
import type { FailureClass } from '../consuming/failure-class';

export type DefinitiveAnswer = { result: Record<string, unknown> } | { error: RpcErrorName; description: string };

/** Refusing answers of the actions whose response is not `{}`: the station stops asking. */
const REFUSALS: Record<string, (protocol: OcppVersion, payload: Record<string, unknown>) => Record<string, unknown>> = {
  BootNotification: () => ({ status: 'Rejected', currentTime: new Date().toISOString(), interval: 300 }),
  Heartbeat: () => ({ currentTime: new Date().toISOString() }),
  Authorize: (protocol) => (protocol === 'ocpp1.6' ? { idTagInfo: { status: 'Invalid' } } : { idTokenInfo: { status: 'Invalid' } }),
  StartTransaction: () => ({ idTagInfo: { status: 'Invalid' }, transactionId: 0 }),
  TransactionEvent: (_protocol, payload) => (payload['idToken'] ? { idTokenInfo: { status: 'Invalid' } } : {}),
  DataTransfer: () => ({ status: 'Rejected' }),
  SignCertificate: () => ({ status: 'Rejected' }),
  Get15118EVCertificate: () => ({ status: 'Failed', exiResponse: '' }),
  GetCertificateStatus: () => ({ status: 'Failed' }),
  NotifyEVChargingNeeds: () => ({ status: 'Rejected' }),
  NotifyEVChargingSchedule: () => ({ status: 'Rejected' }),
  PullDynamicScheduleUpdate: () => ({ status: 'Rejected' }),
};

/** Failure codes that mean "a field holds a value the CSMS cannot take". */
const VALUE_CODES = new Set(['ValueOutOfBounds', 'DatabaseRejectedValue', 'ConstraintViolation']);

/**
 * The answer to a station CALL whose processing failed permanently. Retrying cannot help, so the
 * station must not be told "retry later" (InternalError): it gets the action's refusing
 * CALLRESULT (a transaction message is then taken off its queue; the frame itself is kept as a
 * dead letter, so nothing is lost), or, for an action without one, a CALLERROR naming the field.
 */
export function definitiveAnswer(
  protocol: OcppVersion,
  action: string,
  payload: Record<string, unknown>,
  failure: FailureClass,
): DefinitiveAnswer {
  const candidates = [REFUSALS[action]?.(protocol, payload), {}].filter((c): c is Record<string, unknown> => c !== undefined);
  for (const candidate of candidates) {
    if (ocppValidator.validateResponse(protocol, action, candidate).ok) return { result: candidate };
  }
  const error: RpcErrorName = VALUE_CODES.has(failure.code) ? 'PropertyConstraintViolation' : 'GenericError';
  return { error, description: `${failure.code}: ${failure.reason}` };
}
