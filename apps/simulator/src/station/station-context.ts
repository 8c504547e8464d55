import type { OcppVersion } from '@voltlane/ocpp';
import type { Scheduler } from '../scheduling/scheduler';
import type { FleetStats } from '../stats/fleet-stats';
import type { StationOptions } from './station-options';

export type BootState = 'None' | 'Pending' | 'Accepted' | 'Rejected';

/** A CALL payload, or a function building it when the CALL is sent (after the CALLs queued before it). */
export type CallPayload = object | (() => object);

export interface CallOptions {
  /** May be sent before the Boot is Accepted (a triggered message, or the Boot itself). */
  preBoot?: boolean;
}

/** What a protocol behaviour and its command handlers may use of the station that runs them. */
export interface StationContext {
  readonly id: string;
  readonly protocol: OcppVersion;
  readonly options: StationOptions;
  readonly scheduler: Scheduler;
  readonly stats: FleetStats;
  readonly bootState: BootState;
  /** Heartbeat interval in use (from the Boot answer or configuration), seconds. */
  readonly heartbeatIntervalS: number;
  random(): number;
  now(): number;
  /** Queues a CALL (one outstanding per connection) and resolves with the CALLRESULT payload. */
  call(action: string, payload: CallPayload, options?: CallOptions): Promise<Record<string, unknown>>;
  /** `call` whose outcome nobody waits for (failures are already counted). */
  notify(action: string, payload: CallPayload, options?: CallOptions): void;
  setHeartbeatInterval(seconds: number): void;
  sendBoot(options?: CallOptions): void;
  sendHeartbeat(options?: CallOptions): void;
  /** Closes the connection and comes back with a fresh BootNotification after `delayMs`. */
  reboot(delayMs: number): void;
}
