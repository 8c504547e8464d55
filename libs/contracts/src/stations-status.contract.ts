import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract-validator';
import { Enum, Protocol, StationId, Timestamp } from './schema-builders';

/** Connector statuses of OCPP 1.6 (ChargePointStatus) and 2.x (ConnectorStatusEnumType). */
export const STATION_CONNECTOR_STATUSES = [
  'Available',
  'Preparing',
  'Charging',
  'SuspendedEVSE',
  'SuspendedEV',
  'Finishing',
  'Reserved',
  'Unavailable',
  'Faulted',
  'Occupied',
] as const;
export type StationConnectorStatus = (typeof STATION_CONNECTOR_STATUSES)[number];

/** The topic's documentation: the schema's `description`, so it reaches docs/asyncapi.json and docs/contracts.md. */
const STATION_STATUS_EVENT_DESCRIPTION = [
  "`stations.status.v1` (key = station id): a connector's current status changed. Published by the station-service for each StatusNotification (and 2.x NotifyEvent `Connector` / `AvailabilityState`) that became the current status and differs from the previous one. A late report older than the current status is not published.",
].join('\n\n');

/** `stations.status.v1`: the payload's schema (the TypeScript type is derived from it; `description` documents the topic). */
export const stationStatusEventSchema = Type.Object(
  {
    stationId: StationId(),
    protocol: Protocol(),
    evseId: Type.Optional(Type.Integer({ description: '2.x EVSE id; absent on 1.6, which has no EVSE level.', minimum: 0 })),
    connectorId: Type.Integer({
      description: '1.6: connectorId (0 = the whole charge point); 2.x: connector id within the EVSE.',
      minimum: 0,
    }),
    status: Enum(STATION_CONNECTOR_STATUSES),
    previousStatus: Type.Optional(
      Enum(STATION_CONNECTOR_STATUSES, { description: "The status this one replaced; absent for the connector's first status." }),
    ),
    errorCode: Type.Optional(Type.String({ description: '1.6 only.', maxLength: 50 })),
    info: Type.Optional(Type.String({ maxLength: 50 })),
    vendorErrorCode: Type.Optional(Type.String({ maxLength: 255 })),
    source: Enum(['StatusNotification', 'NotifyEvent']),
    timestamp: Timestamp({ description: 'When the status began, as the station reports it (receive time when it gave none).' }),
    receivedAt: Timestamp({ description: 'When the gateway received the frame.' }),
  },
  { $id: 'urn:voltlane:stations.status.v1', description: STATION_STATUS_EVENT_DESCRIPTION },
);
export type StationStatusEvent = Static<typeof stationStatusEventSchema>;

export const stationStatusEventContract = defineContract('stations.status.v1', stationStatusEventSchema);

/** Validates a consumed `stations.status.v1` payload (a tolerant reader); throws ContractViolation. */
export const parseStationStatusEvent = stationStatusEventContract.incoming;
