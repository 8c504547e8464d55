import { type OcppVersion } from '../versions/ocpp-version';

/** Who sends the request of an action. */
export type Direction = 'StationToCsms' | 'CsmsToStation';

/** DataTransfer is the one action both sides may send. */
export type ActionDirection = Direction | 'Both';

export interface ActionInfo {
  readonly version: OcppVersion;
  readonly action: string;
  /** Who sends the request; 'Both' for DataTransfer. Use `allowsDirection()` to test it. */
  readonly direction: ActionDirection;
  /** 1.6 feature profile (e.g. 'Core', 'SmartCharging', 'Security'); 2.x functional block (e.g. 'A Security'). */
  readonly group: string;
  /** 2.1 SEND-only message (type 6): no response of any kind. */
  readonly send?: boolean;
}

/** True when the request of `info` may travel in `direction`. */
export function allowsDirection(info: ActionInfo, direction: Direction): boolean {
  return info.direction === direction || info.direction === 'Both';
}

/** One block of a reference table: a group and the actions each side sends. */
export interface CatalogGroup {
  readonly group: string;
  readonly stationToCsms?: readonly string[];
  readonly csmsToStation?: readonly string[];
  readonly both?: readonly string[];
  /** SEND-only actions (sent by the station). */
  readonly sendFromStation?: readonly string[];
}
