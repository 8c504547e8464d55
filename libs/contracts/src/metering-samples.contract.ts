import { contractValidator } from './contract-validator';

/**
 * `metering.samples.v1`, key = station id. One record per batch of newly stored meter samples
 * (one station frame: MeterValues, StartTransaction, StopTransaction or TransactionEvent).
 * Delivery is at least once: consumers deduplicate on `samples[].sampleId`, which is derived
 * from the sample's natural key and therefore stable across re-deliveries.
 */
export interface MeteringSample {
  /** Stable id of the sample (UUID derived from its natural key). */
  sampleId: string;
  /** ISO-8601 UTC. */
  timestamp: string;
  measurand: string;
  /** Absent = total over all phases. */
  phase?: string;
  location: string;
  context: string;
  /** Normalized unit: energy in Wh/varh/VAh, power in W/var/VA, ... ('' = dimensionless). */
  unit: string;
  /** Decimal string in `unit`; null for signed data or an unusable value. */
  value: string | null;
  /** The value exactly as the station sent it. */
  rawValue: string;
  signed?: { signedMeterData: string; encodingMethod?: string; signingMethod?: string; publicKey?: string };
  /** Why `value` is null when the sample is not signed. */
  invalid?: string;
}

export interface MeteringSamplesEvent {
  stationId: string;
  protocol: 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1';
  /** The station frame the samples came from. */
  source: { action: 'MeterValues' | 'StartTransaction' | 'StopTransaction' | 'TransactionEvent'; messageId: string };
  /** 1.6: the CSMS's integer transactionId as text; 2.x: the station's transactionId; null outside a transaction. */
  transactionRef: string | null;
  /** 1.6: connectorId; 2.x: evse.id (0 = main meter); null when unknown. */
  evseId: number | null;
  /** 2.x evse.connectorId when sent. */
  connectorId: number | null;
  /** ISO-8601 time the samples were stored. */
  recordedAt: string;
  /** @minItems 1 */
  samples: MeteringSample[];
}

const DECIMAL = '^-?[0-9]+(\\.[0-9]+)?$';

export const meteringSamplesSchema = {
  $id: 'urn:voltlane:metering.samples.v1',
  type: 'object',
  additionalProperties: false,
  required: ['stationId', 'protocol', 'source', 'transactionRef', 'evseId', 'connectorId', 'recordedAt', 'samples'],
  properties: {
    stationId: { type: 'string', minLength: 1 },
    protocol: { enum: ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] },
    source: {
      type: 'object',
      additionalProperties: false,
      required: ['action', 'messageId'],
      properties: {
        action: { enum: ['MeterValues', 'StartTransaction', 'StopTransaction', 'TransactionEvent'] },
        messageId: { type: 'string', minLength: 1 },
      },
    },
    transactionRef: { type: ['string', 'null'], minLength: 1 },
    evseId: { type: ['integer', 'null'], minimum: 0 },
    connectorId: { type: ['integer', 'null'], minimum: 0 },
    recordedAt: { type: 'string', format: 'date-time' },
    samples: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sampleId', 'timestamp', 'measurand', 'location', 'context', 'unit', 'value', 'rawValue'],
        properties: {
          sampleId: { type: 'string', format: 'uuid' },
          timestamp: { type: 'string', format: 'date-time' },
          measurand: { type: 'string', minLength: 1 },
          phase: { type: 'string', minLength: 1 },
          location: { type: 'string', minLength: 1 },
          context: { type: 'string', minLength: 1 },
          unit: { type: 'string' },
          value: { type: ['string', 'null'], pattern: DECIMAL },
          rawValue: { type: 'string' },
          signed: {
            type: 'object',
            additionalProperties: false,
            required: ['signedMeterData'],
            properties: {
              signedMeterData: { type: 'string' },
              encodingMethod: { type: 'string' },
              signingMethod: { type: 'string' },
              publicKey: { type: 'string' },
            },
          },
          invalid: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;

/** Validates a consumed `metering.samples.v1` payload; throws ContractViolation. */
export const parseMeteringSamplesEvent = contractValidator<MeteringSamplesEvent>('metering.samples.v1', meteringSamplesSchema);
