import type { OcppVersion } from '@voltlane/ocpp';
import { contractValidator } from './contract-validator';
import { replyChannelSchemas, type CommandResultEnvelope } from './reply-channel.contract';

/**
 * `ocpp.commands.v1`: a CSMS→station command and what became of it, published by the sender.
 * The service that owns an action's state applies accepted results (e.g. an accepted
 * ChangeConfiguration updates the stored configuration), whichever endpoint sent it.
 */
export interface OcppCommandEvent {
  stationId: string;
  protocol: OcppVersion | null;
  sentBy: string;
  sentAt: string;
  answeredAt: string;
  result: CommandResultEnvelope;
}

export const ocppCommandEventSchema = {
  $id: 'urn:voltlane:ocpp.commands.v1',
  type: 'object',
  required: ['stationId', 'protocol', 'sentBy', 'sentAt', 'answeredAt', 'result'],
  additionalProperties: false,
  properties: {
    stationId: { type: 'string', minLength: 1, maxLength: 48 },
    protocol: { enum: ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1', null] },
    sentBy: { type: 'string', minLength: 1 },
    sentAt: { type: 'string', format: 'date-time' },
    answeredAt: { type: 'string', format: 'date-time' },
    result: replyChannelSchemas.commandResultSchema,
  },
} as const;

export const parseOcppCommandEvent = contractValidator<OcppCommandEvent>('ocpp.commands.v1', ocppCommandEventSchema);

export type CommandOwner = 'station-service' | 'session-service' | 'customer-service' | 'billing-service';

const SESSION = new Set([
  'RemoteStartTransaction',
  'RemoteStopTransaction',
  'RequestStartTransaction',
  'RequestStopTransaction',
  'GetTransactionStatus',
  'ReserveNow',
  'CancelReservation',
  'SetChargingProfile',
  'ClearChargingProfile',
  'GetChargingProfiles',
  'GetCompositeSchedule',
]);
const CUSTOMER = new Set(['SendLocalList', 'GetLocalListVersion', 'ClearCache']);
const BILLING = new Set(['CostUpdated', 'SetDefaultTariff', 'GetTariffs', 'ClearTariffs', 'ChangeTransactionTariff']);

/** The service whose state a CSMS→station action changes, and which serves its typed endpoint. */
export function commandOwner(action: string): CommandOwner {
  if (SESSION.has(action)) return 'session-service';
  if (CUSTOMER.has(action)) return 'customer-service';
  if (BILLING.has(action)) return 'billing-service';
  return 'station-service';
}
