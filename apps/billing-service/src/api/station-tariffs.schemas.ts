import { STATION_ID_PATTERN } from '@voltlane/api-kit';

const tariffRef = {
  tariffId: { type: 'string', format: 'uuid', description: 'Our tariff id' },
  version: { type: 'integer', minimum: 1, maximum: 999_999_999, description: 'A stored version of the tariff; default: the latest' },
  language: { type: 'string', minLength: 1, maxLength: 8, description: 'RFC 5646 language of the tariff description shown by the station' },
};

export const defaultTariffBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['tariffId'],
  properties: {
    ...tariffRef,
    evseId: { type: 'integer', minimum: 0, maximum: 2_147_483_647, default: 0, description: 'EVSE the tariff applies to; 0 = every EVSE' },
  },
};

export const transactionTariffBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['tariffId'],
  properties: tariffRef,
};

export const transactionIdPattern = '^[A-Za-z0-9._:@*+|-]{1,36}$';
export { STATION_ID_PATTERN };

export const stationTariffSchema = {
  type: 'object',
  required: [
    'stationId',
    'evseId',
    'stationTariffId',
    'tariffKind',
    'tariffId',
    'tariffVersion',
    'transactionId',
    'idTokens',
    'validFrom',
    'reportedBy',
    'reportedAt',
  ],
  properties: {
    stationId: { type: 'string' },
    evseId: { type: 'integer', description: '0 = every EVSE' },
    stationTariffId: { type: 'string', description: 'The id on the station (<tariff id>:<version> for ours)' },
    tariffKind: { type: 'string', enum: ['DefaultTariff', 'DriverTariff'] },
    tariffId: { type: 'string', nullable: true, description: 'Our tariff id, when the station tariff is one of ours' },
    tariffVersion: { type: 'integer', nullable: true },
    transactionId: { type: 'string', nullable: true, description: 'The transaction of a ChangeTransactionTariff' },
    idTokens: { type: 'array', items: { type: 'string' }, nullable: true },
    validFrom: { type: 'string', format: 'date-time', nullable: true },
    reportedBy: { type: 'string', enum: ['SetDefaultTariff', 'ChangeTransactionTariff', 'GetTariffs'] },
    reportedAt: { type: 'string', format: 'date-time' },
  },
};
