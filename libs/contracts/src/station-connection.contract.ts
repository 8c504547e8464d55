import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract-validator';
import { Enum, Protocol, StationId, Timestamp } from './schema-builders';

/** `stations.connections.v1`: a station's WebSocket opened or closed on a gateway instance. */
export const stationConnectionEventSchema = Type.Object(
  {
    type: Enum(['Connected', 'Disconnected']),
    stationId: StationId(),
    protocol: Protocol(),
    gatewayInstance: Type.String({ description: 'The gateway instance holding (or that held) the socket.', minLength: 1 }),
    connectionId: Type.String({ minLength: 1 }),
    securityProfile: Enum([0, 1, 2, 3]),
    at: Timestamp(),
    provedCredential: Type.Optional(
      Type.String({
        description:
          'Connected only: the station opened this connection with the credential it is being rotated to (its fingerprint, `credentialFingerprint()`): the station-service promotes it and revokes the old one.',
        pattern: '^[0-9a-f]{16}$',
      }),
    ),
    closeCode: Type.Optional(Type.Integer({ description: 'Disconnected only: WebSocket close code.' })),
    reason: Type.Optional(Type.String({ description: 'Disconnected only: why the connection closed.' })),
  },
  { $id: 'urn:voltlane:stations.connections.v1' },
);
export type StationConnectionEvent = Static<typeof stationConnectionEventSchema>;

export const stationConnectionEventContract = defineContract('stations.connections.v1', stationConnectionEventSchema);

/** Validates a consumed `stations.connections.v1` payload (a tolerant reader); throws ContractViolation. */
export const parseStationConnectionEvent = stationConnectionEventContract.incoming;
