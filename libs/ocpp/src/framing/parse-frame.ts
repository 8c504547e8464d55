import { type OcppVersion } from '../versions/ocpp-version';
import { callErrorFrame } from './call-error-frame';
import { type Call, type CallError, MAX_MESSAGE_ID_LENGTH, MessageType, type OcppFrame, UNKNOWN_MESSAGE_ID } from './ocpp-frame';

/**
 * Result of reading one inbound text frame.
 * - `reply` present: send it back (always a CALLERROR).
 * - `reply` absent: drop the frame (log `reason`).
 * - `id`: the frame's message id when it could be read, so a caller can e.g. fail the pending
 *   CALL a malformed CALLRESULT was meant to answer instead of waiting for its timeout.
 */
export type ParseOutcome = { ok: true; frame: OcppFrame } | { ok: false; reason: string; reply?: CallError; id?: string };

type Json = unknown;

function isPlainObject(value: Json): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMessageId(value: Json): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_MESSAGE_ID_LENGTH;
}

const CORE_TYPES: readonly MessageType[] = [MessageType.Call, MessageType.CallResult, MessageType.CallError];

/** CALLRESULTERROR (5) and SEND (6) exist only on 2.1; elsewhere they are unknown types. */
const KNOWN_TYPES: Readonly<Record<OcppVersion, ReadonlySet<number>>> = {
  'ocpp1.6': new Set(CORE_TYPES),
  'ocpp2.0.1': new Set(CORE_TYPES),
  'ocpp2.1': new Set([...CORE_TYPES, MessageType.CallResultError, MessageType.Send]),
};

/** The frame is not an RPC message at all: RpcFrameworkError (1.6: FormationViolation), id "-1". */
function notAFrame(version: OcppVersion, reason: string): ParseOutcome {
  return { ok: false, reason, reply: callErrorFrame(version, UNKNOWN_MESSAGE_ID, 'RpcFrameworkError', reason) };
}

function unknownType(version: OcppVersion, type: number, rawId: Json): ParseOutcome {
  const reason = `message type ${type} is not supported on ${version}`;
  const id = isMessageId(rawId) ? rawId : undefined;
  // 2.0.1 answers MessageTypeNotSupported; 1.6 and 2.1 ignore the frame (reference 1.5).
  if (version !== 'ocpp2.0.1') return id === undefined ? { ok: false, reason } : { ok: false, reason, id };
  return {
    ok: false,
    reason,
    reply: callErrorFrame(version, id ?? UNKNOWN_MESSAGE_ID, 'MessageTypeNotSupported', reason),
    ...(id === undefined ? {} : { id }),
  };
}

function callShapeProblem(msg: readonly Json[]): string | undefined {
  if (msg.length !== 4) return `CALL must have 4 elements, got ${msg.length}`;
  if (typeof msg[2] !== 'string' || msg[2].length === 0) return 'CALL action must be a non-empty string';
  if (!isPlainObject(msg[3])) return 'CALL payload must be a JSON object';
  return undefined;
}

function parseCall(version: OcppVersion, msg: readonly Json[], id: string): ParseOutcome {
  const reason = callShapeProblem(msg);
  if (reason !== undefined) {
    return { ok: false, reason, id, reply: callErrorFrame(version, id, 'FormatViolation', reason) };
  }
  const frame: Call = {
    type: MessageType.Call,
    id,
    action: msg[2] as string,
    payload: msg[3] as Record<string, unknown>,
  };
  return { ok: true, frame };
}

function parseSend(msg: readonly Json[], id: string): ParseOutcome {
  // A SEND never gets a response of any kind, not even an error.
  if (msg.length !== 4) return { ok: false, reason: `SEND must have 4 elements, got ${msg.length}`, id };
  const action = msg[2];
  const payload = msg[3];
  if (typeof action !== 'string' || action.length === 0) {
    return { ok: false, reason: 'SEND action must be a non-empty string', id };
  }
  if (!isPlainObject(payload)) return { ok: false, reason: 'SEND payload must be a JSON object', id };
  return { ok: true, frame: { type: MessageType.Send, id, action, payload } };
}

function parseCallResult(msg: readonly Json[], id: string): ParseOutcome {
  // CALLERROR may only answer a CALL, so a malformed CALLRESULT is dropped, not answered.
  if (msg.length !== 3) return { ok: false, reason: `CALLRESULT must have 3 elements, got ${msg.length}`, id };
  const payload = msg[2];
  if (!isPlainObject(payload)) return { ok: false, reason: 'CALLRESULT payload must be a JSON object', id };
  return { ok: true, frame: { type: MessageType.CallResult, id, payload } };
}

function parseError(type: MessageType.CallError | MessageType.CallResultError, msg: readonly Json[], id: string): ParseOutcome {
  // Never answer an error with an error; drop malformed ones. Lenient: missing/null details -> {}.
  const name = type === MessageType.CallError ? 'CALLERROR' : 'CALLRESULTERROR';
  if (msg.length !== 4 && msg.length !== 5) {
    return { ok: false, reason: `${name} must have 5 elements, got ${msg.length}`, id };
  }
  const code = msg[2];
  const description = msg[3];
  const details = msg.length === 5 ? msg[4] : undefined;
  if (typeof code !== 'string') return { ok: false, reason: `${name} errorCode must be a string`, id };
  if (typeof description !== 'string') return { ok: false, reason: `${name} errorDescription must be a string`, id };
  if (details !== undefined && details !== null && !isPlainObject(details)) {
    return { ok: false, reason: `${name} errorDetails must be a JSON object`, id };
  }
  return { ok: true, frame: { type, id, code, description, details: isPlainObject(details) ? details : {} } };
}

/**
 * Reads one inbound OCPP-J text frame (one JSON.parse, no schema validation). Never throws.
 * Framing errors follow reference 1.3–1.5:
 * - not JSON / not an array / no numeric message type -> RpcFrameworkError (1.6 FormationViolation), id "-1";
 * - unknown message type (5 and 6 are unknown before 2.1) -> 2.0.1 MessageTypeNotSupported, else ignored;
 * - CALL with a missing, non-string, empty or >36-character id -> RpcFrameworkError / FormationViolation, id "-1";
 * - CALL with wrong element count, non-string action or non-object payload -> FormatViolation with its id;
 * - malformed CALLRESULT, CALLERROR, CALLRESULTERROR or SEND -> ignored (CALLERROR only answers a CALL).
 */
export function parseFrame(version: OcppVersion, text: string): ParseOutcome {
  let msg: Json;
  try {
    msg = JSON.parse(text);
  } catch {
    return notAFrame(version, 'frame is not valid JSON');
  }
  if (!Array.isArray(msg)) return notAFrame(version, 'frame is not a JSON array');
  const rawType: Json = msg[0];
  if (typeof rawType !== 'number') return notAFrame(version, 'frame has no numeric message type');
  if (!KNOWN_TYPES[version].has(rawType)) return unknownType(version, rawType, msg[1]);
  const type = rawType as MessageType;

  const id: Json = msg[1];
  if (!isMessageId(id)) {
    const reason = `message id must be a non-empty string of at most ${MAX_MESSAGE_ID_LENGTH} characters`;
    return type === MessageType.Call ? notAFrame(version, reason) : { ok: false, reason };
  }
  switch (type) {
    case MessageType.Call:
      return parseCall(version, msg, id);
    case MessageType.CallResult:
      return parseCallResult(msg, id);
    case MessageType.CallError:
      return parseError(MessageType.CallError, msg, id);
    case MessageType.CallResultError:
      return parseError(MessageType.CallResultError, msg, id);
    case MessageType.Send:
      return parseSend(msg, id);
  }
}
