/**
 * Kafka topic names. `<domain>.<entity>[.<event>].v<N>`; a new incompatible payload is a new
 * version (a new topic), never a change in place.
 */
export const Topics = {
  /** Every validated station→CSMS frame, key = station id, value = the raw OCPP-J frame. */
  OcppInbound: 'ocpp.inbound.v1',
  /** Gateway connect/disconnect events, key = station id. */
  StationConnections: 'stations.connections.v1',
  StationStatus: 'stations.status.v1',
  /** Station faults opened and resolved, key = station id. */
  StationFaults: 'stations.faults.v1',
  SessionLifecycle: 'sessions.lifecycle.v1',
  MeteringSamples: 'metering.samples.v1',
  BillingCdrs: 'billing.cdrs.v1',
  /** Every tariff's versions and assignments after each change, key = tariff id (ADR 0016). */
  BillingTariffs: 'billing.tariffs.v1',
  CustomerTokens: 'customers.tokens.v1',
  /** Every CSMS→station command with its outcome, key = station id (owners apply the results). */
  OcppCommands: 'ocpp.commands.v1',
  /** Measured unmanaged load per node of an energy site (meters, building management), key = site id. */
  EnergySiteLoads: 'energy.site-loads.v1',
  /** External limits on a node of an energy site (grid operator signals), key = site id. */
  EnergyGridLimits: 'energy.grid-limits.v1',
  /** Every load-management decision per site (who got what, why), key = site id. */
  EnergyAllocations: 'energy.allocations.v1',
  /** The OCPP message log: batches of the frames a gateway instance received and sent, key = gateway instance id. */
  OcppFrames: 'ocpp.frames.v1',
  /** Roaming partners' tokens (OCPI) after every change, key = uid upper-cased. */
  OcpiTokens: 'ocpi.tokens.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];
