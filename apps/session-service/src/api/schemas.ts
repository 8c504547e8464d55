import { listQuerySchema, paginationQuerySchema } from '@voltlane/api-kit';

type Json = Record<string, unknown>;

const int = (minimum = 0, description?: string): Json => ({
  type: 'integer',
  minimum,
  maximum: 2_147_483_647,
  ...(description ? { description } : {}),
});
const stationId = { type: 'string', minLength: 1, maxLength: 48 };

export const idTokenSchema: Json = {
  description: 'An id token: a string (a `Central` token in 2.x), or { idToken, type } (the 2.x type is used as given).',
  anyOf: [
    { type: 'string', minLength: 1, maxLength: 255 },
    {
      type: 'object',
      additionalProperties: false,
      required: ['idToken'],
      properties: { idToken: { type: 'string', minLength: 1, maxLength: 255 }, type: { type: 'string', minLength: 1, maxLength: 20 } },
    },
  ],
};

const timeoutMs = {
  type: 'integer',
  minimum: 1000,
  maximum: 120_000,
  default: 30_000,
  description: 'How long to wait for the station (ms)',
};

/** Query of every command endpoint: only the timeout. */
export const timeoutQuerySchema: Json = { type: 'object', additionalProperties: false, properties: { timeoutMs } };

const purposes = [
  'ChargePointMaxProfile',
  'ChargingStationMaxProfile',
  'TxDefaultProfile',
  'TxProfile',
  'ChargingStationExternalConstraints',
  'PriorityCharging',
  'LocalGeneration',
];

export const remoteStartBodySchema: Json = {
  type: 'object',
  additionalProperties: false,
  required: ['idToken'],
  properties: {
    idToken: idTokenSchema,
    connectorId: int(1, '1.6 connector (2.x: used as the EVSE when evseId is absent)'),
    evseId: int(1, '2.x EVSE (1.6: used as the connector when connectorId is absent)'),
    groupIdToken: idTokenSchema,
    chargingProfile: { type: 'object', description: "A TxProfile without transactionId, in the station's version schema" },
  },
};

export const remoteStopBodySchema: Json = {
  type: 'object',
  additionalProperties: false,
  required: ['transactionId'],
  properties: {
    transactionId: {
      description: '1.6: the CSMS-assigned integer id; 2.x: the station-generated string id',
      anyOf: [
        { type: 'integer', minimum: 1 },
        { type: 'string', minLength: 1, maxLength: 36 },
      ],
    },
  },
};

export const reservationBodySchema: Json = {
  type: 'object',
  additionalProperties: false,
  required: ['idToken', 'expiresAt'],
  properties: {
    idToken: idTokenSchema,
    expiresAt: { type: 'string', format: 'date-time' },
    connectorId: int(0, '1.6 connector (0: any, if the station supports it)'),
    evseId: int(0, '2.x EVSE'),
    connectorType: { type: 'string', minLength: 1, maxLength: 20, description: '2.x only' },
    groupIdToken: idTokenSchema,
  },
};

export const setProfileBodySchema: Json = {
  type: 'object',
  additionalProperties: false,
  required: ['chargingProfile'],
  properties: {
    connectorId: int(0, '1.6 connector (0: the whole charge point)'),
    evseId: int(0, '2.x EVSE (0: the whole station)'),
    chargingProfile: {
      type: 'object',
      description: "The profile in the station's version schema (1.6 csChargingProfiles, 2.x ChargingProfileType)",
    },
  },
};

export const clearProfileQuerySchema: Json = {
  type: 'object',
  additionalProperties: false,
  properties: {
    timeoutMs,
    chargingProfileId: int(0),
    connectorId: int(0),
    evseId: int(0),
    purpose: { enum: purposes },
    stackLevel: int(0),
  },
};

export const compositeQuerySchema: Json = {
  type: 'object',
  additionalProperties: false,
  required: ['duration'],
  properties: {
    timeoutMs,
    duration: int(1, 'Seconds'),
    connectorId: int(0),
    evseId: int(0),
    chargingRateUnit: { enum: ['A', 'W'] },
  },
};

export const reportedQuerySchema: Json = {
  type: 'object',
  additionalProperties: false,
  properties: {
    timeoutMs,
    evseId: int(0),
    purpose: { enum: purposes },
    stackLevel: int(0),
    chargingProfileId: int(0),
    chargingLimitSource: { type: 'string', minLength: 1, maxLength: 20 },
  },
};

export const sessionListQuerySchema = listQuerySchema({
  stationId,
  status: { enum: ['active', 'ended', 'Active', 'Ended'] },
  idTokenKey: { type: 'string', minLength: 1, maxLength: 300 },
  from: { type: 'string', format: 'date-time', description: 'Started at or after' },
  to: { type: 'string', format: 'date-time', description: 'Started before' },
  anomalies: { type: 'boolean', description: 'Only sessions with anomalies' },
});

export const reservationListQuerySchema = listQuerySchema({
  stationId,
  status: { enum: ['Accepted', 'Faulted', 'Occupied', 'Rejected', 'Unavailable', 'Cancelled', 'Expired', 'Removed', 'Used'] },
});

export const stationReservationListQuerySchema = listQuerySchema({
  status: { enum: ['Accepted', 'Faulted', 'Occupied', 'Rejected', 'Unavailable', 'Cancelled', 'Expired', 'Removed', 'Used'] },
});

export const profileListQuerySchema = listQuerySchema({ evseId: int(0), purpose: { enum: purposes } });

export const pagination = paginationQuerySchema;

export const anomalySchema: Json = { type: 'object', properties: { code: { type: 'string' }, detail: { type: 'string' } } };

export const sessionSchema: Json = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    protocol: { type: 'string' },
    stationId: { type: 'string' },
    transactionRef: { type: 'string' },
    transactionId: { type: 'integer', nullable: true },
    connectorId: { type: 'integer', nullable: true },
    evseId: { type: 'integer', nullable: true },
    idToken: { type: 'string', nullable: true },
    idTokenType: { type: 'string', nullable: true },
    idTokenKey: { type: 'string', nullable: true },
    authStatus: { type: 'string', nullable: true },
    status: { enum: ['Active', 'Ended'] },
    startedAt: { type: 'string', format: 'date-time' },
    endedAt: { type: 'string', format: 'date-time', nullable: true },
    meterStartWh: { type: 'number', nullable: true },
    meterStopWh: { type: 'number', nullable: true },
    energyWh: { type: 'number' },
    cost: { type: 'object', nullable: true, description: 'Always null here: the billing-service serves cost' },
    chargingState: { type: 'string', nullable: true },
    chargingSeconds: { type: 'integer' },
    idleSeconds: { type: 'integer' },
    stoppedReason: { type: 'string', nullable: true },
    reservationId: { type: 'integer', nullable: true },
    remoteStartId: { type: 'integer', nullable: true },
    offline: { type: 'boolean' },
    anomalies: { type: 'array', items: anomalySchema },
  },
};

export const sessionDetailSchema: Json = {
  ...sessionSchema,
  properties: {
    ...(sessionSchema.properties as Json),
    chargingPeriods: {
      type: 'array',
      items: { type: 'object', properties: { state: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } } },
    },
    remoteStart: { type: 'object', nullable: true },
  },
};

export const reservationSchema: Json = {
  type: 'object',
  properties: {
    stationId: { type: 'string' },
    reservationId: { type: 'integer' },
    status: { type: 'string' },
    expiresAt: { type: 'string', format: 'date-time', nullable: true },
    sessionId: { type: 'string', nullable: true },
    protocol: { type: 'string', nullable: true },
    connectorId: { type: 'integer', nullable: true },
    evseId: { type: 'integer', nullable: true },
    idToken: { type: 'string', nullable: true },
    idTokenType: { type: 'string', nullable: true },
    groupIdToken: { type: 'string', nullable: true },
  },
};

export const chargingProfileSchema: Json = {
  type: 'object',
  properties: {
    stationId: { type: 'string' },
    profileId: { type: 'integer' },
    protocol: { type: 'string' },
    evseId: { type: 'integer', description: '1.6: the connector id; 2.x: the EVSE id' },
    stackLevel: { type: 'integer' },
    purpose: { type: 'string' },
    transactionRef: { type: 'string', nullable: true },
    profile: { type: 'object' },
    setAt: { type: 'string', format: 'date-time' },
  },
};

export const commandAnswerSchema: Json = {
  type: 'object',
  required: ['protocol', 'result'],
  properties: { protocol: { type: 'string' }, result: { type: 'object', description: "The station's CALLRESULT payload" } },
};

/** The one problem schema of the operator API (issue #16), under the name this service's code imports. */
export { problemSchema } from '@voltlane/api-kit';
