import { Module, type DynamicModule } from '@nestjs/common';
import type { SessionQueryService } from '../application/session-query.service';
import type { SessionCommands } from '../application/session-commands';
import { TYPED_COMMAND_SENDER, typedCommandControllers } from '@voltlane/api-kit';
import { ReservationsController, SessionsController, StationSessionController } from './sessions.controller';
import { SESSION_COMMANDS, SESSION_QUERIES } from './session-api.tokens';

/** What the API module needs from the running session-service. */
export interface SessionApiSource {
  readonly sessions: SessionQueryService;
  readonly operator: SessionCommands;
}

@Module({})
export class SessionApiModule {}

/** The session-service's operator API: sessions, reservations, charging profiles and the session-owned commands. */
export function sessionApiModule(handle: SessionApiSource): DynamicModule {
  return {
    module: SessionApiModule,
    controllers: [SessionsController, ReservationsController, StationSessionController, ...typedCommandControllers('session-service')],
    providers: [
      { provide: SESSION_QUERIES, useValue: handle.sessions },
      { provide: SESSION_COMMANDS, useValue: handle.operator },
      { provide: TYPED_COMMAND_SENDER, useValue: handle.operator.operator },
    ],
  };
}
