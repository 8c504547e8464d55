import type { OcppVersion } from '@voltlane/ocpp';
import { contractValidator } from './contract-validator';

/** Connector statuses of OCPP 1.6 (ChargePointStatus) and 2.x (ConnectorStatusEnumType). */
export type StationConnectorStatus =
  | 'Available'
  | 'Preparing'
  | 'Charging'
  | 'SuspendedEVSE'
  | 'SuspendedEV'
  | 'Finishing'
  | 'Reserved'
  | 'Unavailable'
  | 'Faulted'
  | 'Occupied';

/**
 * `stations.status.v1` (key = station id): a connector's current status changed. Published by
 * the station-service for each StatusNotification (and 2.x NotifyEvent `Connector` /
 * `AvailabilityState`) that became the current status and differs from the previous one. A late
 * report older than the current status is not published.
 */
export interface StationStatusEvent {
  stationId: string;
  protocol: OcppVersion;
  /** 2.x EVSE id; absent on 1.6, which has no EVSE level. */
  evseId?: number;
  /** 1.6: connectorId (0 = the whole charge point); 2.x: connector id within the EVSE. */
  connectorId: number;
  status: StationConnectorStatus;
  /** The status this one replaced; absent for the connector's first status. */
  previousStatus?: StationConnectorStatus;
  /** 1.6 only. */
  errorCode?: string;
  info?: string;
  vendorErrorCode?: string;
  source: 'StatusNotification' | 'NotifyEvent';
  /** When the status began, as the station reports it (receive time when it gave none). */
  timestamp: string;
  /** When the gateway received the frame. */
  receivedAt: string;
}

const STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted', 'Occupied'];

export const stationStatusEventSchema = {
  $id: 'urn:voltlane:stations.status.v1',
  type: 'object',
  required: ['stationId', 'protocol', 'connectorId', 'status', 'source', 'timestamp', 'receivedAt'],
  additionalProperties: false,
  properties: {
    stationId: { type: 'string', minLength: 1, maxLength: 48 },
    protocol: { enum: ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] },
    evseId: { type: 'integer', minimum: 0 },
    connectorId: { type: 'integer', minimum: 0 },
    status: { enum: STATUSES },
    previousStatus: { enum: STATUSES },
    errorCode: { type: 'string', maxLength: 50 },
    info: { type: 'string', maxLength: 50 },
    vendorErrorCode: { type: 'string', maxLength: 255 },
    source: { enum: ['StatusNotification', 'NotifyEvent'] },
    timestamp: { type: 'string', format: 'date-time' },
    receivedAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const parseStationStatusEvent = contractValidator<StationStatusEvent>('stations.status.v1', stationStatusEventSchema);
