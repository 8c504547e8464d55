import { allowsDirection } from '../catalog/action-info';
import { actionInfo } from '../catalog/catalog';
import { type RpcErrorName } from '../errors/error-codes';
import { callErrorFrame } from '../framing/call-error-frame';
import { type Call, type CallError } from '../framing/ocpp-frame';
import { type OcppVersion } from '../versions/ocpp-version';
import { ocppValidator, type OcppValidator } from './ocpp-validator';

export type InboundCallCheck = { ok: true; call: Call } | { ok: false; reply: CallError };

/**
 * Checks a CALL received from a charging station: known action (else NotImplemented), one the
 * station may send (else NotSupported), sent as a CALL rather than a SEND (else ProtocolError),
 * and a payload that matches the schema (else the mapped constraint code). A failed check comes
 * with the CALLERROR to send back, spelled for `version`.
 */
export function checkInboundCall(version: OcppVersion, call: Call, validator: OcppValidator = ocppValidator): InboundCallCheck {
  const info = actionInfo(version, call.action);
  if (info === undefined) {
    return reject(version, call, 'NotImplemented', `unknown action ${call.action}`);
  }
  if (!allowsDirection(info, 'StationToCsms')) {
    return reject(version, call, 'NotSupported', `${call.action} is sent by the CSMS, not by a charging station`);
  }
  if (info.send === true) {
    return reject(version, call, 'ProtocolError', `${call.action} must be sent as a SEND (message type 6)`);
  }
  const outcome = validator.validateRequest(version, call.action, call.payload);
  if (!outcome.ok) return reject(version, call, outcome.error, outcome.message);
  return { ok: true, call };
}

function reject(version: OcppVersion, call: Call, name: RpcErrorName, description: string): InboundCallCheck {
  return { ok: false, reply: callErrorFrame(version, call.id, name, description) };
}
