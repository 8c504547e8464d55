import { ocppIdTokenTypeOf, type CommandResultEnvelope, type OcpiTokenType } from '@voltlane/contracts';
import type { OcppVersion } from '@voltlane/ocpp';
import { englishText, type CommandResult, type CommandResultType, type CommandType } from './command-requests';

/** A CSMS→station call for one protocol version. */
export interface OcppCall {
  action: string;
  payload: Record<string, unknown>;
}

/** The token a command carries, as the station gets it. */
export interface CommandToken {
  uid: string;
  type: OcpiTokenType;
}

const is16 = (protocol: OcppVersion): boolean => protocol === 'ocpp1.6';

function idToken2x(token: CommandToken): { idToken: string; type: string } {
  return { idToken: token.uid, type: ocppIdTokenTypeOf(token.type) };
}

/** START_SESSION → 1.6 RemoteStartTransaction (idTag = uid, connectorId) / 2.x RequestStartTransaction. */
export function startSessionCall(protocol: OcppVersion, token: CommandToken, evseId: number | null, remoteStartId: number): OcppCall {
  if (is16(protocol))
    return { action: 'RemoteStartTransaction', payload: { idTag: token.uid, ...(evseId !== null ? { connectorId: evseId } : {}) } };
  return {
    action: 'RequestStartTransaction',
    payload: { remoteStartId, idToken: idToken2x(token), ...(evseId !== null ? { evseId } : {}) },
  };
}

/** STOP_SESSION → 1.6 RemoteStopTransaction (the CSMS's integer id) / 2.x RequestStopTransaction (the station's id). */
export function stopSessionCall(protocol: OcppVersion, transactionRef: string): OcppCall | { unsupported: string } {
  if (is16(protocol)) {
    const id = /^\d+$/.test(transactionRef) ? Number(transactionRef) : NaN;
    if (!Number.isSafeInteger(id) || id <= 0)
      return { unsupported: `the session's OCPP 1.6 transaction id ${transactionRef} is not a positive integer` };
    return { action: 'RemoteStopTransaction', payload: { transactionId: id } };
  }
  return { action: 'RequestStopTransaction', payload: { transactionId: transactionRef } };
}

/** RESERVE_NOW → ReserveNow with our reservation id (1.6 connectorId 0 = any connector; 2.x without evseId = any EVSE). */
export function reserveNowCall(
  protocol: OcppVersion,
  token: CommandToken,
  evseId: number | null,
  expiry: string,
  reservationId: number,
): OcppCall {
  if (is16(protocol))
    return { action: 'ReserveNow', payload: { connectorId: evseId ?? 0, expiryDate: expiry, idTag: token.uid, reservationId } };
  return {
    action: 'ReserveNow',
    payload: { id: reservationId, expiryDateTime: expiry, idToken: idToken2x(token), ...(evseId !== null ? { evseId } : {}) },
  };
}

export function cancelReservationCall(reservationId: number): OcppCall {
  return { action: 'CancelReservation', payload: { reservationId } };
}

/** UNLOCK_CONNECTOR → 1.6 UnlockConnector(connectorId = the EVSE) / 2.x UnlockConnector(evseId, connectorId). */
export function unlockConnectorCall(protocol: OcppVersion, evseId: number, connectorId: string): OcppCall {
  if (is16(protocol)) return { action: 'UnlockConnector', payload: { connectorId: evseId } };
  const connector = /^\d+$/.test(connectorId) && Number(connectorId) > 0 ? Number(connectorId) : 1;
  return { action: 'UnlockConnector', payload: { evseId, connectorId: connector } };
}

/** The station's `status` → CommandResultType, per command. */
const STATUS_RESULTS: Record<CommandType, Record<string, CommandResultType>> = {
  START_SESSION: { Accepted: 'ACCEPTED', Rejected: 'REJECTED' },
  STOP_SESSION: { Accepted: 'ACCEPTED', Rejected: 'REJECTED' },
  RESERVE_NOW: {
    Accepted: 'ACCEPTED',
    Faulted: 'EVSE_INOPERATIVE',
    Occupied: 'EVSE_OCCUPIED',
    Rejected: 'REJECTED',
    Unavailable: 'EVSE_INOPERATIVE',
  },
  // OCPP: Rejected = no reservation with this id.
  CANCEL_RESERVATION: { Accepted: 'ACCEPTED', Rejected: 'UNKNOWN_RESERVATION' },
  UNLOCK_CONNECTOR: {
    Unlocked: 'ACCEPTED',
    UnlockFailed: 'FAILED',
    NotSupported: 'NOT_SUPPORTED',
    OngoingAuthorizedTransaction: 'REJECTED',
    UnknownConnector: 'REJECTED',
  },
};

/** CALLERRORs that say the station does not do this at all. */
const UNSUPPORTED_ERRORS = new Set(['NotImplemented', 'NotSupported']);

/** What the station's answer (the command-result envelope) means for the eMSP. */
export function commandResultOf(command: CommandType, answer: CommandResultEnvelope): CommandResult {
  const action = answer.request.action;
  switch (answer.outcome) {
    case 'result': {
      const payload = answer.payload ?? {};
      const status = typeof payload.status === 'string' ? payload.status : '';
      const result = STATUS_RESULTS[command][status] ?? 'FAILED';
      const info = statusInfoText(payload.statusInfo);
      return { result, message: englishText(`The charge point answered ${action}: ${status || 'no status'}${info ? ` (${info})` : ''}`) };
    }
    case 'timeout':
      return { result: 'TIMEOUT', message: englishText(`The charge point did not answer ${action} in time`) };
    case 'offline':
      return { result: 'FAILED', message: englishText('The charge point is not connected') };
    case 'error': {
      const code = answer.error?.code ?? 'a CALLERROR';
      const text = `The charge point answered ${action} with ${code}${answer.error?.description ? `: ${answer.error.description}` : ''}`;
      return { result: UNSUPPORTED_ERRORS.has(code) ? 'NOT_SUPPORTED' : 'FAILED', message: englishText(text) };
    }
    case 'invalid-response':
      return { result: 'FAILED', message: englishText(`The charge point answered ${action} with an invalid payload`) };
    case 'rejected':
      return { result: 'FAILED', message: englishText(`${action} was not sent: ${answer.reason ?? 'refused by the gateway'}`) };
  }
}

function statusInfoText(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { reasonCode, additionalInfo } = value as { reasonCode?: unknown; additionalInfo?: unknown };
  const parts = [reasonCode, additionalInfo].filter((v): v is string => typeof v === 'string' && v.length > 0);
  return parts.length > 0 ? parts.join(': ') : undefined;
}
