import type { HandlerResult } from './command-handlers/command-handler';

export interface StartRequest {
  connectorId?: number;
  idTag?: string;
  remoteStartId?: number;
  /** Skip Authorize (a remote start without AuthorizeRemoteTxRequests). */
  preAuthorized?: boolean;
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
  /** Sessions currently running. */
  activeSessions(): number;
  /** Connectors without a session that could take one. */
  freeConnectors(): number;
  /** Cancels the behaviour's tasks; with `endSessions`, first ends every session with its stop messages. */
  shutdown(endSessions: boolean): Promise<void>;
}
