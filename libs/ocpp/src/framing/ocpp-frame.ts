/** OCPP-J RPC message type numbers (reference 1.2). 5 and 6 exist only on ocpp2.1. */
export enum MessageType {
  Call = 2,
  CallResult = 3,
  CallError = 4,
  CallResultError = 5,
  Send = 6,
}

export interface Call {
  type: MessageType.Call;
  id: string;
  action: string;
  payload: Record<string, unknown>;
}

export interface CallResult {
  type: MessageType.CallResult;
  id: string;
  payload: Record<string, unknown>;
}

export interface CallError {
  type: MessageType.CallError;
  id: string;
  code: string;
  description: string;
  details: Record<string, unknown>;
}

/** ocpp2.1 only: the answer to an invalid CALLRESULT; `id` is that CALLRESULT's id. */
export interface CallResultError {
  type: MessageType.CallResultError;
  id: string;
  code: string;
  description: string;
  details: Record<string, unknown>;
}

/** ocpp2.1 only: a one-way message that gets no response of any kind. */
export interface Send {
  type: MessageType.Send;
  id: string;
  action: string;
  payload: Record<string, unknown>;
}

export type OcppFrame = Call | CallResult | CallError | CallResultError | Send;

/** Message ids are strings of at most 36 characters (sized for UUIDs). */
export const MAX_MESSAGE_ID_LENGTH = 36;

/** Id to use in a CALLERROR when the offending frame's id cannot be read. */
export const UNKNOWN_MESSAGE_ID = '-1';
