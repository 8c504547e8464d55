import type { Type } from '@nestjs/common';
import { OcpiCdrsController, OcpiSessionsController } from './ocpi-sessions.controller';
import { RoamingSessionsController } from './roaming-sessions.controller';

/** The sessions part's controllers: the OCPI sessions and CDRs senders (pulls) and the operator's view of roaming sessions and CDRs. */
export const SESSIONS_CONTROLLERS: Type<unknown>[] = [OcpiSessionsController, OcpiCdrsController, RoamingSessionsController];
