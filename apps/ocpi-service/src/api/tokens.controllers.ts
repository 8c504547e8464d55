import type { Type } from '@nestjs/common';
import { AuthorizationsController } from './authorizations.controller';
import { OcpiCommandsController } from './ocpi-commands.controller';
import { OcpiTokensController } from './ocpi-tokens.controller';

/** The tokens part's controllers (OCPI endpoints: the tokens and commands receivers; the operator API's real-time authorization). */
export const TOKENS_CONTROLLERS: Type<unknown>[] = [OcpiTokensController, OcpiCommandsController, AuthorizationsController];
