import type { OcppVersion } from '@voltlane/ocpp';
import { contractValidator } from './contract-validator';

/** Where a fault was seen. */
export type StationFaultSource = 'StatusNotification' | 'NotifyEvent' | 'SecurityEvent' | 'Offline';
export type StationFaultState = 'open' | 'resolved';
/** Who resolved a fault: the station (a later report, or speaking again after being offline) or an operator (API). */
export type StationFaultResolver = 'station' | 'operator';

/**
 * `stations.faults.v1` (key = station id): a fault of a station was opened or resolved. Published
 * by the station-service once when a fault record opens and once when it is resolved (a repeated
 * report of an open fault only refreshes the record and is not published). Delivery is at least
 * once: de-duplicate on `eventId` (`<faultId>:<state>`).
 *
 * What opens a fault (`source` / `code`):
 * - `StatusNotification`: 1.6 `errorCode` other than `NoError` (code = the errorCode), or a
 *   `Faulted` status without one (code = `Faulted`, also 2.x). Resolved by a later, not older,
 *   status of the connector with `NoError` that is not `Faulted`.
 * - `NotifyEvent` (2.x): an `Alerting` event or a `Problem` variable set to true
 *   (code = `<component>[.<instance>]/<variable>[.<instance>]`, vendorCode = techCode). Resolved
 *   by the matching event with `cleared: true` (or `Problem` false).
 * - `SecurityEvent`: a SecurityEventNotification (code = its type); an operator resolves it.
 * - `Offline`: the station sent nothing for longer than its heartbeat interval plus a grace
 *   period (code = `Offline`); resolved when it sends anything again.
 */
export interface StationFaultEvent {
  /** `<faultId>:<state>`: the same transition published twice has the same eventId. */
  eventId: string;
  faultId: string;
  stationId: string;
  /** The station's protocol when known. */
  protocol?: OcppVersion;
  /** 2.x EVSE id (0 = the station); 0 on 1.6. */
  evseId: number;
  /** Connector id (0 = the whole station / EVSE). */
  connectorId: number;
  source: StationFaultSource;
  code: string;
  /** 1.6 vendorErrorCode, 2.x techCode. */
  vendorCode?: string;
  /** 1.6 info, 2.x techInfo / actual value, security event techInfo. */
  info?: string;
  state: StationFaultState;
  /** When the fault was first seen (the station's timestamp where it gave one). */
  firstSeenAt: string;
  /** When it was last reported. */
  lastSeenAt: string;
  /** Set when state is resolved. */
  resolvedAt?: string;
  resolvedBy?: StationFaultResolver;
  /** How many reports of this fault were received while it was open. */
  occurrences: number;
  /** When the station-service published this event. */
  publishedAt: string;
}

const timestamp = { type: 'string', format: 'date-time' } as const;

export const stationFaultEventSchema = {
  $id: 'urn:voltlane:stations.faults.v1',
  type: 'object',
  required: ['eventId', 'faultId', 'stationId', 'evseId', 'connectorId', 'source', 'code', 'state', 'firstSeenAt', 'lastSeenAt', 'occurrences', 'publishedAt'],
  additionalProperties: false,
  properties: {
    eventId: { type: 'string', minLength: 1, maxLength: 64 },
    faultId: { type: 'string', minLength: 1, maxLength: 40 },
    stationId: { type: 'string', minLength: 1, maxLength: 48 },
    protocol: { enum: ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] },
    evseId: { type: 'integer', minimum: 0 },
    connectorId: { type: 'integer', minimum: 0 },
    source: { enum: ['StatusNotification', 'NotifyEvent', 'SecurityEvent', 'Offline'] },
    code: { type: 'string', minLength: 1, maxLength: 255 },
    vendorCode: { type: 'string', maxLength: 255 },
    info: { type: 'string', maxLength: 2500 },
    state: { enum: ['open', 'resolved'] },
    firstSeenAt: timestamp,
    lastSeenAt: timestamp,
    resolvedAt: timestamp,
    resolvedBy: { enum: ['station', 'operator'] },
    occurrences: { type: 'integer', minimum: 1 },
    publishedAt: timestamp,
  },
} as const;

export const parseStationFaultEvent = contractValidator<StationFaultEvent>('stations.faults.v1', stationFaultEventSchema);
