import type { Type } from '@nestjs/common';
import { OcpiCredentialsController } from './ocpi-credentials.controller';
import { OcpiVersionsController } from './ocpi-versions.controller';
import { PartnersController } from './partners.controller';

/** The registration part's controllers (OCPI endpoints and operator API). */
export const REGISTRATION_CONTROLLERS: Type<unknown>[] = [OcpiVersionsController, OcpiCredentialsController, PartnersController];
