// Public surface of @voltlane/ocpp: OCPP-J framing, error codes, the action catalog, schema
// validation and generated payload types for OCPP 1.6J, 2.0.1 and 2.1. Framework-free.
export { OCPP_VERSIONS, isOcppVersion, type OcppVersion } from './versions/ocpp-version';

export {
  MAX_MESSAGE_ID_LENGTH,
  MessageType,
  UNKNOWN_MESSAGE_ID,
  type Call,
  type CallError,
  type CallResult,
  type CallResultError,
  type OcppFrame,
  type Send,
} from './framing/ocpp-frame';
export { parseFrame, type ParseOutcome } from './framing/parse-frame';
export { serializeFrame } from './framing/serialize-frame';
export { MAX_ERROR_DESCRIPTION_LENGTH, callErrorFrame, callResultErrorFrame } from './framing/call-error-frame';

export { errorCode, errorCodesOf, normalizeErrorCode, type RpcErrorName } from './errors/error-codes';

export { allowsDirection, type ActionDirection, type ActionInfo, type Direction } from './catalog/action-info';
export { actionInfo, actionsOf } from './catalog/catalog';
export { isTransactionMessage } from './catalog/transaction-messages';

export { OcppValidator, ocppValidator, type ValidationOutcome } from './validation/ocpp-validator';
export { schemaFor, type SchemaKind } from './schemas/schema-registry';
export type { JsonSchema } from './schemas/json-schema';
export { checkInboundCall, type InboundCallCheck } from './validation/check-inbound-call';

export * as v16 from './generated/ocpp16.generated';
export * as v201 from './generated/ocpp201.generated';
export * as v21 from './generated/ocpp21.generated';
