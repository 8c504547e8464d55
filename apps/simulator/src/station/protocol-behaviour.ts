import type { HandlerResult } from './command-handlers/command-handler';
import type { VehicleSpec } from './vehicles';

export interface StartRequest {
  connectorId?: number;
  idTag?: string;
  remoteStartId?: number;
  /** Skip Authorize (a remote start without AuthorizeRemoteTxRequests). */
  preAuthorized?: boolean;
  /** The vehicle plugged in (phases, current); unset fields and an absent spec come from the station options. */
  vehicle?: VehicleSpec;
}

/** The protocol-specific half of a station (1.6 or 2.x): payloads, handlers, sessions. */
export interface ProtocolBehaviour {
  /** The BootNotification payload. */
  bootPayload(): object;
  /** Called with each Accepted Boot answer (`first` only for the first one of this station). */
  onBootAccepted(first: boolean): void;
  /** Called when a connection opens without a new Boot (a reconnect). */
  onReconnected(): void;
  /** Answers a CSMS CALL; undefined means the action is not implemented. */
  handle(action: string, request: Record<string, unknown>): HandlerResult | undefined;
  /** Plugs a vehicle in and starts a session; false if no connector can take it. */
  startSession(request: StartRequest): boolean;
  /** The driver unplugs: ends the session on `connectorId` (false if none runs there). */
  endSession(connectorId: number): Promise<boolean>;
  /** The vehicle of the next session on `connectorId`, whoever starts it (a test, the planner, a remote start). */
  queueVehicle(connectorId: number, vehicle: VehicleSpec): void;
  /** Sessions currently running. */
  activeSessions(): number;
  /** Connectors without a session that could take one. */
  freeConnectors(): number;
  /** Cancels the behaviour's tasks; with `endSessions`, first ends every session with its stop messages. */
  shutdown(endSessions: boolean): Promise<void>;
}
