import { errorCode, type RpcErrorName } from '../errors/error-codes';
import { type OcppVersion } from '../versions/ocpp-version';
import { type CallError, type CallResultError, MessageType } from './ocpp-frame';

/** errorDescription is limited to 255 characters in 2.x; the same cap is harmless on 1.6. */
export const MAX_ERROR_DESCRIPTION_LENGTH = 255;

/** Cuts `text` to `max` UTF-16 units without leaving half a surrogate pair at the end. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.charCodeAt(max - 1) >= 0xd800 && text.charCodeAt(max - 1) <= 0xdbff ? max - 1 : max;
  return text.slice(0, cut);
}

function errorDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  // errorDetails must be `{}` when empty (reference 1.3); never share one mutable object.
  return details === undefined ? {} : details;
}

/** A CALLERROR answering call `id`, with the code spelled for `version`. */
export function callErrorFrame(
  version: OcppVersion,
  id: string,
  name: RpcErrorName,
  description: string,
  details?: Record<string, unknown>,
): CallError {
  return {
    type: MessageType.CallError,
    id,
    code: errorCode(version, name),
    description: truncateText(description, MAX_ERROR_DESCRIPTION_LENGTH),
    details: errorDetails(details),
  };
}

/** ocpp2.1 only: a CALLRESULTERROR answering an invalid CALLRESULT whose id was `id`. */
export function callResultErrorFrame(
  id: string,
  name: RpcErrorName,
  description: string,
  details?: Record<string, unknown>,
): CallResultError {
  return {
    type: MessageType.CallResultError,
    id,
    code: errorCode('ocpp2.1', name),
    description: truncateText(description, MAX_ERROR_DESCRIPTION_LENGTH),
    details: errorDetails(details),
  };
}
