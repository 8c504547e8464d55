// Public surface of the session-service app: its definition, how to start it, its read side and operator API.
import { sessionService } from './session.service';

export { sessionService, type SessionServiceHandle, type SessionSurface } from './session.service';
export type { Session, SessionAnomaly, ChargingPeriod, SessionStatus } from './domain/session';
export type { SessionQueryService } from './application/session-query.service';
export type { TokensQuery } from './application/tokens.query';
export type { SessionCommands } from './application/session-commands';
export { sessionApiModule, type SessionApiSource } from './api/session-api.module';

/** `StartService`-compatible; resolves with a `SessionServiceHandle`. */
export const startSessionService = sessionService.start;
