import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract-validator';
import { Enum, Nullable, StationId, Timestamp } from './schema-builders';

/** Which way a frame went: `in` from the station, `out` to it. */
export const FRAME_DIRECTIONS = ['in', 'out'] as const;
export type FrameDirection = (typeof FRAME_DIRECTIONS)[number];

const OCPP_FRAMES_DESCRIPTION = [
  "`ocpp.frames.v1` (key = gateway instance id): the OCPP message log. Each record is a batch of the frames one gateway instance received from stations and sent to them (every frame, valid or not, the gateway's own answers included), in the order it handled them, published every few hundred milliseconds. The station-service stores them for the operator API's message log (`GET /api/v1/stations/{stationId}/messages`) for a configured retention.",
  'The log is best effort: a gateway that cannot publish drops the batch (and counts it), it never holds a station up for it; frames still buffered when a gateway crashes are lost.',
].join('\n\n');

/** One frame of the message log. */
export const loggedFrameSchema = Type.Object({
  stationId: StationId(),
  connectionId: Type.String({ description: 'The WebSocket connection the frame went over (stations.connections.v1).', maxLength: 64 }),
  direction: Enum(FRAME_DIRECTIONS, { description: '`in`: the station sent it; `out`: the CSMS sent it.' }),
  at: Timestamp({ description: 'When the gateway received or sent the frame.' }),
  action: Nullable(Type.String({ maxLength: 64 }), {
    description:
      'The OCPP action: of the CALL, or of the CALL an answer answers when the gateway knows it; null for frames it could not read.',
  }),
  frame: Type.String({ description: "The frame as it went over the socket (cut to the gateway's limit when `truncated`)." }),
  truncated: Type.Optional(Type.Boolean({ description: 'The frame was longer than the gateway logs; `frame` is its beginning.' })),
});
export type LoggedFrame = Static<typeof loggedFrameSchema>;

/** `ocpp.frames.v1`: the payload's schema. */
export const ocppFramesBatchSchema = Type.Object(
  {
    gatewayInstance: Type.String({ description: 'The gateway instance that handled the frames.', maxLength: 128 }),
    frames: Type.Array(loggedFrameSchema, { minItems: 1 }),
  },
  { $id: 'urn:voltlane:ocpp.frames.v1', description: OCPP_FRAMES_DESCRIPTION },
);
export type OcppFramesBatch = Static<typeof ocppFramesBatchSchema>;

export const ocppFramesBatchContract = defineContract('ocpp.frames.v1', ocppFramesBatchSchema);

/** Validates a consumed `ocpp.frames.v1` payload (a tolerant reader); throws ContractViolation. */
export const parseOcppFramesBatch = ocppFramesBatchContract.incoming;
