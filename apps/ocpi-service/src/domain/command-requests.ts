import { FieldProblems, ciString, dateTime, isObject, url } from './token-fields';
import { readToken, type OcpiToken, type Parsed } from './token-object';

/** OCPI 2.2.1 CommandType. */
export const COMMAND_TYPES = ['CANCEL_RESERVATION', 'RESERVE_NOW', 'START_SESSION', 'STOP_SESSION', 'UNLOCK_CONNECTOR'] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

/** CommandResponseType: the CPO's answer to the request, given at once. */
export type CommandResponseType = 'ACCEPTED' | 'NOT_SUPPORTED' | 'REJECTED' | 'UNKNOWN_SESSION';

/** CommandResultType: what became of the command at the charge point (POSTed to response_url). */
export type CommandResultType =
  | 'ACCEPTED'
  | 'CANCELED_RESERVATION'
  | 'EVSE_OCCUPIED'
  | 'EVSE_INOPERATIVE'
  | 'FAILED'
  | 'NOT_SUPPORTED'
  | 'REJECTED'
  | 'TIMEOUT'
  | 'UNKNOWN_RESERVATION';

/** DisplayText. */
export interface DisplayText {
  language: string;
  text: string;
}

export interface CommandResponse {
  result: CommandResponseType;
  /** Seconds within which the result is POSTed to response_url. */
  timeout: number;
  message?: DisplayText[];
}

export interface CommandResult {
  result: CommandResultType;
  message?: DisplayText[];
}

export interface StartSession {
  command: 'START_SESSION';
  response_url: string;
  token: OcpiToken;
  location_id: string;
  evse_uid?: string;
  connector_id?: string;
  authorization_reference?: string;
}

export interface StopSession {
  command: 'STOP_SESSION';
  response_url: string;
  session_id: string;
}

export interface ReserveNow {
  command: 'RESERVE_NOW';
  response_url: string;
  token: OcpiToken;
  expiry_date: string;
  reservation_id: string;
  location_id: string;
  evse_uid?: string;
  authorization_reference?: string;
}

export interface CancelReservation {
  command: 'CANCEL_RESERVATION';
  response_url: string;
  reservation_id: string;
}

export interface UnlockConnector {
  command: 'UNLOCK_CONNECTOR';
  response_url: string;
  location_id: string;
  evse_uid: string;
  connector_id: string;
}

export type CommandRequest = StartSession | StopSession | ReserveNow | CancelReservation | UnlockConnector;

export function isCommandType(value: string): value is CommandType {
  return (COMMAND_TYPES as readonly string[]).includes(value);
}

/** An English DisplayText list of one message (OCPI `message` fields). */
export function englishText(text: string): DisplayText[] {
  return [{ language: 'en', text: text.length > 512 ? `${text.slice(0, 509)}...` : text }];
}

/** The body of a POST to `/commands/{command}`: the command's object, every field checked (2001 otherwise). */
export function parseCommand(command: CommandType, body: unknown): Parsed<CommandRequest> {
  if (!isObject(body)) return { ok: false, message: `Invalid ${command}: the body must be a JSON object` };
  const p = new FieldProblems();
  const responseUrl = url(p, body, 'response_url');
  const optional = (field: string): Record<string, string> => {
    const value = ciString(p, body, field, 36, false);
    return value === undefined || value === '' ? {} : { [field]: value };
  };
  const required = (field: string): string => ciString(p, body, field, 36, true) ?? '';
  let request: CommandRequest | undefined;
  switch (command) {
    case 'START_SESSION': {
      const token = readToken(body.token, p, 'token.');
      const evse = optional('evse_uid');
      const connector = optional('connector_id');
      if (connector.connector_id !== undefined && evse.evse_uid === undefined) p.add('evse_uid', 'is required when connector_id is set');
      request = {
        command,
        response_url: responseUrl ?? '',
        token: token as OcpiToken,
        location_id: required('location_id'),
        ...evse,
        ...connector,
        ...optional('authorization_reference'),
      };
      break;
    }
    case 'STOP_SESSION':
      request = { command, response_url: responseUrl ?? '', session_id: required('session_id') };
      break;
    case 'RESERVE_NOW': {
      const token = readToken(body.token, p, 'token.');
      request = {
        command,
        response_url: responseUrl ?? '',
        token: token as OcpiToken,
        expiry_date: dateTime(p, body, 'expiry_date', true) ?? '',
        reservation_id: required('reservation_id'),
        location_id: required('location_id'),
        ...optional('evse_uid'),
        ...optional('authorization_reference'),
      };
      break;
    }
    case 'CANCEL_RESERVATION':
      request = { command, response_url: responseUrl ?? '', reservation_id: required('reservation_id') };
      break;
    case 'UNLOCK_CONNECTOR':
      request = {
        command,
        response_url: responseUrl ?? '',
        location_id: required('location_id'),
        evse_uid: required('evse_uid'),
        connector_id: required('connector_id'),
      };
      break;
  }
  return p.ok && request ? { ok: true, value: request } : { ok: false, message: `Invalid ${command}: ${p.message()}` };
}
