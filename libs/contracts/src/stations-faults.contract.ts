import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract-validator';
import { Enum, Protocol, StationId, Timestamp } from './schema-builders';

/** Where a fault was seen. */
export const STATION_FAULT_SOURCES = ['StatusNotification', 'NotifyEvent', 'SecurityEvent', 'Offline'] as const;
export type StationFaultSource = (typeof STATION_FAULT_SOURCES)[number];
export const STATION_FAULT_STATES = ['open', 'resolved'] as const;
export type StationFaultState = (typeof STATION_FAULT_STATES)[number];
/** Who resolved a fault: the station (a later report, or speaking again after being offline) or an operator (API). */
export const STATION_FAULT_RESOLVERS = ['station', 'operator'] as const;
export type StationFaultResolver = (typeof STATION_FAULT_RESOLVERS)[number];

/** The topic's documentation: the schema's `description`, so it reaches docs/asyncapi.json and docs/contracts.md. */
const STATION_FAULT_EVENT_DESCRIPTION = [
  '`stations.faults.v1` (key = station id): a fault of a station was opened or resolved. Published by the station-service once when a fault record opens and once when it is resolved (a repeated report of an open fault only refreshes the record and is not published). Delivery is at least once: de-duplicate on `eventId` (`<faultId>:<state>`).',
  'What opens a fault (`source` / `code`):\n- `StatusNotification`: 1.6 `errorCode` other than `NoError` (code = the errorCode), or a `Faulted` status without one (code = `Faulted`, also 2.x). Resolved by a later, not older, status of the connector with `NoError` that is not `Faulted`.\n- `NotifyEvent` (2.x): an `Alerting` event or a `Problem` variable set to true (code = `<component>[.<instance>]/<variable>[.<instance>]`, vendorCode = techCode). Resolved by the matching event with `cleared: true` (or `Problem` false).\n- `SecurityEvent`: a SecurityEventNotification (code = its type); an operator resolves it.\n- `Offline`: the station sent nothing for longer than its heartbeat interval plus a grace period (code = `Offline`); resolved when it sends anything again.',
].join('\n\n');

/** `stations.faults.v1`: the payload's schema (the TypeScript type is derived from it; `description` documents the topic). */
export const stationFaultEventSchema = Type.Object(
  {
    eventId: Type.String({
      description: '`<faultId>:<state>`: the same transition published twice has the same eventId.',
      minLength: 1,
      maxLength: 64,
    }),
    faultId: Type.String({ minLength: 1, maxLength: 40 }),
    stationId: StationId(),
    protocol: Type.Optional(Protocol({ description: "The station's protocol when known." })),
    evseId: Type.Integer({ description: '2.x EVSE id (0 = the station); 0 on 1.6.', minimum: 0 }),
    connectorId: Type.Integer({ description: 'Connector id (0 = the whole station / EVSE).', minimum: 0 }),
    source: Enum(STATION_FAULT_SOURCES, { description: 'Where the fault was seen.' }),
    code: Type.String({
      description:
        'What the fault is, by source: StatusNotification: the 1.6 errorCode, or `Faulted`; NotifyEvent: `<component>[.<instance>]/<variable>[.<instance>]`; SecurityEvent: its type; Offline: `Offline`.',
      minLength: 1,
      maxLength: 255,
    }),
    vendorCode: Type.Optional(Type.String({ description: '1.6 vendorErrorCode, 2.x techCode.', maxLength: 255 })),
    info: Type.Optional(Type.String({ description: '1.6 info, 2.x techInfo / actual value, security event techInfo.', maxLength: 2500 })),
    state: Enum(STATION_FAULT_STATES),
    firstSeenAt: Timestamp({ description: "When the fault was first seen (the station's timestamp where it gave one)." }),
    lastSeenAt: Timestamp({ description: 'When it was last reported.' }),
    resolvedAt: Type.Optional(Timestamp({ description: 'Set when state is resolved.' })),
    resolvedBy: Type.Optional(
      Enum(STATION_FAULT_RESOLVERS, {
        description: 'Who resolved it: the station (a later report, or speaking again after being offline) or an operator (API).',
      }),
    ),
    occurrences: Type.Integer({ description: 'How many reports of this fault were received while it was open.', minimum: 1 }),
    publishedAt: Timestamp({ description: 'When the station-service published this event.' }),
  },
  { $id: 'urn:voltlane:stations.faults.v1', description: STATION_FAULT_EVENT_DESCRIPTION },
);
export type StationFaultEvent = Static<typeof stationFaultEventSchema>;

export const stationFaultEventContract = defineContract('stations.faults.v1', stationFaultEventSchema);

/** Validates a consumed `stations.faults.v1` payload (a tolerant reader); throws ContractViolation. */
export const parseStationFaultEvent = stationFaultEventContract.incoming;
