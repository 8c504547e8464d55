import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract-validator';
import { replyChannelSchemas } from './reply-channel.contract';
import { Nullable, Protocol, Timestamp } from './schema-builders';

/** The topic's documentation: the schema's `description`, so it reaches docs/asyncapi.json and docs/contracts.md. */
const OCPP_COMMAND_EVENT_DESCRIPTION = [
  "`ocpp.commands.v1`: a CSMS→station command and what became of it, published by the sender. The service that owns an action's state applies accepted results (e.g. an accepted ChangeConfiguration updates the stored configuration), whichever endpoint sent it.",
].join('\n\n');

/** `ocpp.commands.v1`: the payload's schema (the TypeScript type is derived from it; `description` documents the topic). */
export const ocppCommandEventSchema = Type.Object(
  {
    stationId: Type.String({ minLength: 1, maxLength: 48 }),
    protocol: Nullable(Protocol(), {
      description: "The station's protocol as the command result reported it; null when it carried none (e.g. offline).",
    }),
    sentBy: Type.String({ description: 'The service that sent the command (e.g. station-service).', minLength: 1 }),
    sentAt: Timestamp(),
    answeredAt: Timestamp(),
    result: replyChannelSchemas.commandResultSchema,
  },
  { $id: 'urn:voltlane:ocpp.commands.v1', description: OCPP_COMMAND_EVENT_DESCRIPTION },
);
export type OcppCommandEvent = Static<typeof ocppCommandEventSchema>;

export const ocppCommandEventContract = defineContract('ocpp.commands.v1', ocppCommandEventSchema);

/** Validates a consumed `ocpp.commands.v1` payload (a tolerant reader); throws ContractViolation. */
export const parseOcppCommandEvent = ocppCommandEventContract.incoming;

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
