import type { OcppVersion } from '@voltlane/ocpp';
import { contractValidator } from './contract-validator';

/** `stations.connections.v1`: a station's WebSocket opened or closed on a gateway instance. */
export interface StationConnectionEvent {
  type: 'Connected' | 'Disconnected';
  stationId: string;
  protocol: OcppVersion;
  gatewayInstance: string;
  connectionId: string;
  securityProfile: 0 | 1 | 2 | 3;
  at: string;
  /**
   * Connected only: the station opened this connection with the credential it is being rotated to
   * (its fingerprint, `credentialFingerprint()`): the station-service promotes it and revokes the old one.
   */
  provedCredential?: string;
  /** Disconnected only: WebSocket close code and why. */
  closeCode?: number;
  reason?: string;
}

export const stationConnectionEventSchema = {
  $id: 'urn:voltlane:stations.connections.v1',
  type: 'object',
  required: ['type', 'stationId', 'protocol', 'gatewayInstance', 'connectionId', 'securityProfile', 'at'],
  additionalProperties: false,
  properties: {
    type: { enum: ['Connected', 'Disconnected'] },
    stationId: { type: 'string', minLength: 1, maxLength: 48 },
    protocol: { enum: ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] },
    gatewayInstance: { type: 'string', minLength: 1 },
    connectionId: { type: 'string', minLength: 1 },
    securityProfile: { enum: [0, 1, 2, 3] },
    at: { type: 'string', format: 'date-time' },
    provedCredential: { type: 'string', pattern: '^[0-9a-f]{16}$' },
    closeCode: { type: 'integer' },
    reason: { type: 'string' },
  },
} as const;

export const parseStationConnectionEvent = contractValidator<StationConnectionEvent>(
  'stations.connections.v1',
  stationConnectionEventSchema,
);
