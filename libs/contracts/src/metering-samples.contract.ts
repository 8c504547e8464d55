import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract-validator';
import { Enum, Nullable, Protocol, Timestamp } from './schema-builders';

const DECIMAL = '^-?[0-9]+(\\.[0-9]+)?$';

export const meteringSampleSchema = Type.Object({
  sampleId: Type.String({ description: 'Stable id of the sample (UUID derived from its natural key).', format: 'uuid' }),
  timestamp: Timestamp({ description: 'ISO-8601 UTC.' }),
  measurand: Type.String({ minLength: 1 }),
  phase: Type.Optional(Type.String({ description: 'Absent = total over all phases.', minLength: 1 })),
  location: Type.String({ minLength: 1 }),
  context: Type.String({ minLength: 1 }),
  unit: Type.String({ description: "Normalized unit: energy in Wh/varh/VAh, power in W/var/VA, ... ('' = dimensionless)." }),
  value: Nullable(Type.String({ pattern: DECIMAL }), {
    description: 'Decimal string in `unit`; null for signed data or an unusable value.',
  }),
  rawValue: Type.String({ description: 'The value exactly as the station sent it.' }),
  signed: Type.Optional(
    Type.Object({
      signedMeterData: Type.String(),
      encodingMethod: Type.Optional(Type.String()),
      signingMethod: Type.Optional(Type.String()),
      publicKey: Type.Optional(Type.String()),
    }),
  ),
  invalid: Type.Optional(Type.String({ description: 'Why `value` is null when the sample is not signed.', minLength: 1 })),
});
export type MeteringSample = Static<typeof meteringSampleSchema>;

/** The topic's documentation: the schema's `description`, so it reaches docs/asyncapi.json and docs/contracts.md. */
const METERING_SAMPLES_DESCRIPTION = [
  "`metering.samples.v1`, key = station id. One record per batch of newly stored meter samples (one station frame: MeterValues, StartTransaction, StopTransaction or TransactionEvent). Delivery is at least once: consumers deduplicate on `samples[].sampleId`, which is derived from the sample's natural key and therefore stable across re-deliveries.",
].join('\n\n');

/** `metering.samples.v1`: the payload's schema (the TypeScript type is derived from it; `description` documents the topic). */
export const meteringSamplesSchema = Type.Object(
  {
    stationId: Type.String({ minLength: 1 }),
    protocol: Protocol(),
    source: Type.Object(
      {
        action: Enum(['MeterValues', 'StartTransaction', 'StopTransaction', 'TransactionEvent']),
        messageId: Type.String({ minLength: 1 }),
      },
      { description: 'The station frame the samples came from.' },
    ),
    transactionRef: Nullable(Type.String({ minLength: 1 }), {
      description: "1.6: the CSMS's integer transactionId as text; 2.x: the station's transactionId; null outside a transaction.",
    }),
    evseId: Nullable(Type.Integer({ minimum: 0 }), { description: '1.6: connectorId; 2.x: evse.id (0 = main meter); null when unknown.' }),
    connectorId: Nullable(Type.Integer({ minimum: 0 }), { description: '2.x evse.connectorId when sent.' }),
    recordedAt: Timestamp({ description: 'ISO-8601 time the samples were stored.' }),
    samples: Type.Array(meteringSampleSchema, { minItems: 1 }),
  },
  { $id: 'urn:voltlane:metering.samples.v1', description: METERING_SAMPLES_DESCRIPTION },
);
export type MeteringSamplesEvent = Static<typeof meteringSamplesSchema>;

export const meteringSamplesContract = defineContract('metering.samples.v1', meteringSamplesSchema);

/** Validates a consumed `metering.samples.v1` payload (a tolerant reader); throws ContractViolation. */
export const parseMeteringSamplesEvent = meteringSamplesContract.incoming;
