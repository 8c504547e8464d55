import { actionsOf, type OcppVersion } from '@voltlane/ocpp';

/** The services that consume `ocpp.inbound.v1` and answer station CALLs. */
export type AnsweringService = 'station-service' | 'session-service' | 'metering-service' | 'customer-service' | 'energy-service';

const SESSION = new Set(['StartTransaction', 'StopTransaction', 'TransactionEvent', 'ReservationStatusUpdate', 'ReportChargingProfiles']);

/** Load management: limits from stations' local controllers, and an EV's ISO 15118 needs and schedule. */
const ENERGY = new Set(['NotifyChargingLimit', 'ClearedChargingLimit', 'NotifyEVChargingNeeds', 'NotifyEVChargingSchedule']);

/**
 * Every station CALL has exactly one answering service. Everything not listed for session,
 * energy, metering or customer is answered by the station-service (device management), which also
 * answers `NotSupported` for actions no service implements yet.
 */
export function answeringService(_version: OcppVersion, action: string): AnsweringService {
  if (SESSION.has(action)) return 'session-service';
  if (ENERGY.has(action)) return 'energy-service';
  if (action === 'MeterValues') return 'metering-service';
  if (action === 'Authorize') return 'customer-service';
  return 'station-service';
}

/** The station→CSMS CALL actions (not SENDs) of a version that `service` must answer. */
export function actionsAnsweredBy(service: AnsweringService, version: OcppVersion): string[] {
  return actionsOf(version, 'StationToCsms')
    .filter((info) => !info.send && answeringService(version, info.action) === service)
    .map((info) => info.action);
}
